"""The reductions the in-graph guard runs over gradients and variables.

Why a module of its own: they are the guard's whole per-step cost that grows
with the model (one fused kernel per gradient, one reduction per checked
variable), and the recovery's device ring uses the same finiteness check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import tensorflow as tf

__all__ = ["all_finite", "grad_sumsq", "nonfinite_term", "scale_gradient"]


def _values(g):
    return g.values if isinstance(g, tf.IndexedSlices) else g


def scale_gradient(g: Any, s: Any) -> Any:
    """``g * s`` in ``g``'s dtype (``None`` stays ``None``; sparse gradients stay sparse)."""
    if g is None:
        return None
    if isinstance(g, tf.IndexedSlices):
        return tf.IndexedSlices(g.values * tf.cast(s, g.values.dtype), g.indices, g.dense_shape)
    return g * tf.cast(s, g.dtype)


def grad_sumsq(grads: Sequence[Any]) -> tf.Tensor:
    """Sum of squares of every gradient entry, in float32 (NaN/Inf propagate)."""
    # l2_loss is one fused kernel (sum(x**2) / 2), cheaper than square + reduce_sum;
    # the factor 2 is applied once to the sum, not once per gradient.
    parts = [tf.nn.l2_loss(tf.cast(_values(g), tf.float32)) for g in grads if g is not None]
    if not parts:
        return tf.constant(0.0, tf.float32)
    return 2.0 * (parts[0] if len(parts) == 1 else tf.add_n(parts))


def all_finite(values: Sequence[Any]) -> tf.Tensor:
    """Boolean tensor: every entry of every floating tensor in ``values`` is finite.

    One read of each tensor on the common path: a sum of finite entries is finite
    unless it overflows, and a NaN or an Inf makes its sum non-finite. Only when a
    sum is non-finite does the exact element-wise check run (under ``tf.cond``),
    so a healthy tensor whose sum overflows is never called non-finite. Narrow
    floats are summed in float32 (a float16 sum overflows at 65504).
    """
    floats = [v for v in (tf.convert_to_tensor(x) for x in values) if v.dtype.is_floating]
    if not floats:
        return tf.constant(True)
    sums = tf.stack([
        tf.cast(tf.reduce_sum(v if v.dtype.size >= 4 else tf.cast(v, tf.float32)), tf.float64)
        for v in floats
    ])

    def exact():
        return tf.reduce_all(tf.stack([tf.reduce_all(tf.math.is_finite(v)) for v in floats]))

    return tf.cond(tf.reduce_all(tf.math.is_finite(sums)), lambda: tf.constant(True), exact)


def nonfinite_term(variables: Sequence[Any]) -> tf.Tensor | None:
    """Float32 0 when every float variable is finite, NaN otherwise (``None``: no float one).

    Added to a finite sum of squares, the (zero) term leaves it bitwise unchanged.
    It costs one reduction per variable (:func:`all_finite`), not an element-wise
    ``v * 0`` temporary and its reduction: on a conv model with 9.7M weights and
    Adam slots, 1.4 ms per step instead of 5.6 ms (2-core CPU).
    """
    values = []
    for v in variables:
        value = v.value if hasattr(v, "value") and not callable(v.value) else v
        value = tf.convert_to_tensor(value)
        if value.dtype.is_floating:
            values.append(value)
    if not values:
        return None
    return tf.where(all_finite(values), tf.constant(0.0, tf.float32),
                    tf.constant(np.nan, tf.float32))
