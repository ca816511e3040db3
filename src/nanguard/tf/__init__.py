"""TensorFlow adapter: the in-graph guard, the replay locator, custom-loop guard.

Importing this package imports TensorFlow.
"""

from nanguard.tf.step_guard import StepGuard

__all__ = ["StepGuard"]
