"""TensorFlow backend of the array layer (the only numerics module importing TF)."""

from __future__ import annotations

from typing import Any

import tensorflow as tf

__all__ = ["BACKEND", "TFBackend"]


class TFBackend:
    """Backend over ``tf.Tensor``/``tf.Variable`` (and Keras variables)."""

    name = "tensorflow"

    def is_array(self, x: Any) -> bool:
        return isinstance(x, (tf.Tensor, tf.Variable)) or hasattr(x, "__tf_tensor__")

    def asarray(self, x: Any, dtype: str | None = None) -> Any:
        if dtype is not None and self.is_array(x):
            x = tf.convert_to_tensor(x)
            return x if x.dtype.name == dtype else tf.cast(x, dtype)
        return tf.convert_to_tensor(x, dtype=dtype)

    def dtype_name(self, x: Any) -> str:
        return tf.as_dtype(x.dtype).name

    def cast(self, x: Any, dtype_name: str) -> Any:
        return x if x.dtype.name == dtype_name else tf.cast(x, dtype_name)

    def shape(self, x: Any) -> tuple:
        shape = x.shape
        return tuple(shape) if shape.rank is not None else ()

    def stop_gradient(self, x: Any) -> Any:
        return tf.stop_gradient(x)

    def size_along(self, x: Any, axis: int, dtype_name: str) -> Any:
        static = x.shape[axis] if x.shape.rank is not None else None
        if static is not None:
            return tf.constant(static, dtype_name)
        return tf.cast(tf.shape(x)[axis], dtype_name)

    def divide(self, x: Any, y: Any) -> Any:
        # Not `x / y`: its gradient `(-x / y) / y` is rewritten by XLA into
        # `-x / (y * y)`, which underflows to 0/0 = NaN for |y| < sqrt(tiny).
        # DivNoNan's gradient survives XLA intact (y is never 0 where it is used).
        return tf.math.divide_no_nan(x, y)

    def scalar(self, value: Any, dtype_name: str) -> Any:
        return tf.constant(value, dtype=dtype_name)

    def zeros(self, shape: Any, dtype_name: str) -> Any:
        return tf.zeros(shape, dtype=dtype_name)

    def arange(self, n: int) -> Any:
        return tf.range(n, dtype=tf.int64)

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return tf.where(cond, a, b)

    def maximum(self, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return tf.maximum(a, b)

    def minimum(self, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return tf.minimum(a, b)

    def sum(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return tf.reduce_sum(x, axis=axis, keepdims=keepdims)

    def max(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return tf.reduce_max(x, axis=axis, keepdims=keepdims)

    def reshape(self, x: Any, shape: Any) -> Any:
        return tf.reshape(x, shape)

    def logical_and(self, a: Any, b: Any) -> Any:
        return tf.logical_and(a, b)

    def logical_not(self, a: Any) -> Any:
        return tf.logical_not(a)

    def logical_or(self, a: Any, b: Any) -> Any:
        return tf.logical_or(a, b)

    def equal(self, a: Any, b: Any) -> Any:
        return tf.equal(a, b)

    exp = staticmethod(tf.exp)
    expm1 = staticmethod(tf.math.expm1)
    log = staticmethod(tf.math.log)
    log1p = staticmethod(tf.math.log1p)
    sqrt = staticmethod(tf.sqrt)
    square = staticmethod(tf.square)
    abs = staticmethod(tf.abs)
    sign = staticmethod(tf.sign)
    sinh = staticmethod(tf.sinh)
    tanh = staticmethod(tf.tanh)
    acos = staticmethod(tf.acos)
    asin = staticmethod(tf.asin)
    isfinite = staticmethod(tf.math.is_finite)
    power = staticmethod(tf.pow)


def _same_dtype(a: Any, b: Any) -> tuple[Any, Any]:
    """Give a Python number the dtype of the tensor beside it (the first tensor wins).

    TensorFlow converts a Python ``1`` to int32 and ``0.5`` to float32 whatever
    the other operand is; the guard's decision mixes int64/float32 tensors with
    Python constants, written once for NumPy and TensorFlow alike.
    """
    a_tensor, b_tensor = tf.is_tensor(a), tf.is_tensor(b)
    if a_tensor and not b_tensor:
        return a, tf.cast(b, a.dtype)
    if b_tensor and not a_tensor:
        return tf.cast(a, b.dtype), b
    if not a_tensor:
        a, b = tf.convert_to_tensor(a), tf.convert_to_tensor(b)
    if a.dtype != b.dtype:
        b = tf.cast(b, a.dtype)
    return a, b


BACKEND = TFBackend()
