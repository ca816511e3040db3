"""Keras 3 integration (TensorFlow backend): the ``Guard`` callback.

Example:
    >>> import nanguard
    >>> model.fit(x, y, callbacks=[nanguard.keras.Guard(logdir="runs/a")])  # doctest: +SKIP
"""

from nanguard.keras.guard import Guard

__all__ = ["Guard"]
