"""The TensorFlow array namespace for ``nanguard.core.policy`` (graph- and XLA-friendly)."""

from __future__ import annotations

import tensorflow as tf

_DT = {"int64": tf.int64, "float32": tf.float32, "bool": tf.bool, "int32": tf.int32}

isfinite = tf.math.is_finite
logical_and = tf.logical_and
logical_or = tf.logical_or
logical_not = tf.logical_not
sqrt = tf.sqrt
square = tf.square
abs = tf.abs  # noqa: A001
sum = tf.reduce_sum  # noqa: A001


def scalar(value, dtype):
    return tf.constant(value, dtype=_DT[dtype])


def zeros(shape, dtype):
    return tf.zeros(shape, dtype=_DT[dtype])


def cast(x, dtype):
    return tf.cast(x, _DT[dtype])


def arange(n):
    return tf.range(n, dtype=tf.int64)


def _pair(a, b):
    a_t = tf.is_tensor(a)
    b_t = tf.is_tensor(b)
    if a_t and not b_t:
        b = tf.cast(b, a.dtype)
    elif b_t and not a_t:
        a = tf.cast(a, b.dtype)
    elif not a_t and not b_t:
        a, b = tf.convert_to_tensor(a), tf.convert_to_tensor(b)
        if a.dtype != b.dtype:
            b = tf.cast(b, a.dtype)
    elif a.dtype != b.dtype:
        b = tf.cast(b, a.dtype)
    return a, b


def where(cond, a, b):
    a, b = _pair(a, b)
    return tf.where(cond, a, b)


def minimum(a, b):
    a, b = _pair(a, b)
    return tf.minimum(a, b)


def maximum(a, b):
    a, b = _pair(a, b)
    return tf.maximum(a, b)
