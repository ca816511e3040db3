"""The optimizer hyperparameters an update reads, as tensors the guard can check.

A Keras optimizer's update reads more than the gradients: the learning rate, as
its schedule (a ``LearningRateSchedule`` or a callable) computes it for this
step, and scalars such as ``weight_decay``, ``beta_1`` or ``momentum``. An
``inf`` learning rate applied to a finite gradient makes every weight
non-finite, so the guard checks these values inside the step too.

Python-number hyperparameters are checked here, at trace time (no op in the
graph: a finite constant cannot change); tensors, variables and callables are
checked in the graph at every step.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import tensorflow as tf

__all__ = ["HYPERPARAMETER_NAMES", "StepHyperparameters", "read_hyperparameters"]

#: Scalars Keras 3 optimizers read in ``update_step`` besides the learning rate.
HYPERPARAMETER_NAMES = (
    "weight_decay", "beta_1", "beta_2", "epsilon", "momentum", "rho",
    "initial_accumulator_value", "learning_rate_power", "l1_regularization_strength",
    "l2_regularization_strength", "ema_momentum",
)


class StepHyperparameters(NamedTuple):
    """This step's learning rate and the finiteness of everything the update reads."""

    learning_rate: Any  # float32 scalar tensor, or None when the optimizer has none
    learning_rate_ok: Any  # bool tensor, or None (not checked)
    others_ok: Any  # bool tensor, or None when every other hyperparameter is a finite number


def _finite_all(value: Any) -> tf.Tensor:
    t = tf.convert_to_tensor(value)
    if not (t.dtype.is_floating or t.dtype.is_complex):
        return tf.constant(True)
    return tf.reduce_all(tf.math.is_finite(t))


def read_hyperparameters(optimizer: Any) -> StepHyperparameters:
    """Read (in the train step's graph) what this step's update will use.

    Args:
        optimizer: a Keras 3 optimizer, possibly a ``LossScaleOptimizer``.

    Returns:
        A :class:`StepHyperparameters`.
    """
    inner = getattr(optimizer, "inner_optimizer", optimizer)
    lr = getattr(inner, "learning_rate", None)  # the schedule evaluated at `iterations`
    lr_value = lr_ok = None
    if lr is not None:
        lr_t = tf.convert_to_tensor(lr)
        if lr_t.shape.rank == 0:  # the usual scalar rate needs no reduction
            lr_ok = tf.math.is_finite(lr_t)
        else:
            lr_ok = tf.reduce_all(tf.math.is_finite(lr_t))
            lr_t = tf.reshape(lr_t, [-1])[0]
        lr_value = tf.cast(lr_t, tf.float32)
    checks = []
    for name in HYPERPARAMETER_NAMES:
        value = getattr(inner, name, None)
        if callable(value) and not tf.is_tensor(value):
            value = value()
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                checks.append(tf.constant(False))
            continue
        checks.append(_finite_all(value))
    others_ok = None
    if checks:
        others_ok = checks[0] if len(checks) == 1 else tf.reduce_all(tf.stack(checks))
    return StepHyperparameters(lr_value, lr_ok, others_ok)
