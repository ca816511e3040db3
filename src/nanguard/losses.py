"""Stable losses: finite values and finite gradients at every edge.

Every loss is usable two ways:

* as a function, ``nanguard.losses.huber(y_true, y_pred, delta=2.0)``, returning
  the per-sample loss (the last axis reduced; float32 for 16-bit predictions);
* configured for Keras, ``model.compile(loss=nanguard.losses.huber(delta=2.0))``:
  called without the two tensors, a loss returns a plain callable with a
  ``__name__`` that Keras wraps with its usual reduction and sample weights.

Options are checked when the loss is configured, so a bad ``delta`` fails at
``compile`` time, not at the first batch. Shapes must match exactly: a ``(N,)``
target against a ``(N, 1)`` prediction raises instead of broadcasting to
``(N, N)`` (inside ``model.compile`` Keras first aligns such ranks itself).

Example:
    >>> import nanguard
    >>> model.compile(optimizer="adam", loss=nanguard.losses.log_cosh())  # doctest: +SKIP
"""

from __future__ import annotations

from nanguard.numerics._loss_api import ConfiguredLoss
from nanguard.numerics._losses_classification import (
    binary_crossentropy,
    categorical_crossentropy,
    dice,
    focal,
    kl_divergence,
)
from nanguard.numerics._losses_distance import (
    angular_distance,
    contrastive,
    cosine_distance,
    euclidean_distance,
)
from nanguard.numerics._losses_regression import (
    gaussian_nll,
    huber,
    log_cosh,
    mae,
    mse,
    poisson_nll,
    rmsle,
)

__all__ = [
    "ConfiguredLoss",
    "mse",
    "mae",
    "huber",
    "log_cosh",
    "binary_crossentropy",
    "categorical_crossentropy",
    "focal",
    "kl_divergence",
    "cosine_distance",
    "euclidean_distance",
    "contrastive",
    "angular_distance",
    "dice",
    "poisson_nll",
    "gaussian_nll",
    "rmsle",
]
