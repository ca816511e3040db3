"""Keras 3 integration (TensorFlow backend): the ``Guard`` callback and recovery.

Example:
    >>> import nanguard
    >>> model.fit(x, y, callbacks=[nanguard.keras.Guard(logdir="runs/a")])  # doctest: +SKIP
"""

from nanguard.keras._sample_ids import with_sample_ids
from nanguard.keras.guard import Guard
from nanguard.keras.recovery import Recovery, exclude_quarantined

__all__ = [
    "Guard",
    "Recovery",
    "exclude_quarantined",
    "with_sample_ids",
]
