"""Safe primitives: finite value and finite gradient at every edge.

Drop-in replacements for the handful of ops behind most NaN bugs in custom
losses: ``log`` at 0, ``sqrt``/norm at 0, ``x/0``, ``exp`` of a large value,
``acos`` at ±1, ``pow`` with a fractional exponent, a ``where`` whose discarded
branch has a non-finite gradient, a softmax row that is entirely ``-inf``, and
float16's 65504 ceiling. Each is exact where the naive op is fine; each docstring
states the naive behaviour at the edge and the safe op's value and gradient
there. ``docs/safe_ops.md`` has the table.

They take TensorFlow tensors (and NumPy arrays, for value checks); importing this
module does not import TensorFlow.

Example:
    >>> import tensorflow as tf
    >>> from nanguard import ops
    >>> x = tf.constant([0.0, 4.0])
    >>> with tf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ops.safe_sqrt(x)
    >>> tape.gradient(y, x).numpy().tolist()
    [0.0, 0.25]
"""

from __future__ import annotations

from nanguard.numerics._elementwise import (
    safe_div,
    safe_log,
    safe_log1p,
    safe_pow,
    safe_reciprocal,
    safe_sqrt,
    xlogy,
)
from nanguard.numerics._reductions import (
    log_softmax,
    logsumexp,
    masked_softmax,
    safe_mean,
    safe_norm,
)
from nanguard.numerics._transcendental import (
    log1mexp,
    log_sigmoid,
    safe_acos,
    safe_asin,
    safe_exp,
    softplus,
)
from nanguard.numerics._where import safe_where

__all__ = [
    "safe_log",
    "safe_log1p",
    "safe_sqrt",
    "safe_div",
    "safe_reciprocal",
    "safe_norm",
    "safe_pow",
    "safe_exp",
    "safe_acos",
    "safe_asin",
    "safe_where",
    "logsumexp",
    "log_softmax",
    "softplus",
    "log_sigmoid",
    "log1mexp",
    "xlogy",
    "masked_softmax",
    "safe_mean",
]
