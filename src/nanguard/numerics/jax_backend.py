"""JAX backend of the array layer (the only numerics module importing JAX).

Works on concrete arrays and on tracers alike, so every safe op and loss runs
eagerly, under ``jit`` and under ``grad``.

``divide`` is TensorFlow's ``DivNoNan`` (value and gradient), as in the
TensorFlow backend: JAX differentiates a plain ``x / y`` through
``x * y**-2``, which overflows for a tiny ``y`` and gives ``0 * inf = NaN``
where the ops promise a finite gradient.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

__all__ = ["BACKEND", "JaxBackend"]


def _dtype(name: str) -> Any:
    return jnp.dtype(name)


def _div_no_nan_value(x, y):
    shape = jnp.broadcast_shapes(jnp.shape(x), jnp.shape(y))
    x, y = jnp.broadcast_to(x, shape), jnp.broadcast_to(y, shape)
    # XLA rewrites x / broadcast(y) into x * broadcast(1 / y); 1 / 3e38 is subnormal and
    # flushed to 0 on CPU, so 3e38 / 3e38 came out as 0. The barrier keeps a true divide.
    y = jax.lax.optimization_barrier(y)
    zero = y == 0
    return jnp.where(zero, jnp.zeros_like(x), x / jnp.where(zero, jnp.ones_like(y), y))


@jax.custom_jvp
def abs_(x):
    """``|x|`` with TensorFlow's gradient ``g * sign(x)`` (0 at 0; JAX's picks +1 at 0)."""
    return jnp.abs(x)


abs_.defjvps(lambda t, ans, x: t * jnp.sign(x))


@jax.custom_jvp
def div_no_nan(x, y):
    """``x / y``, and 0 where ``y == 0``; gradients as TensorFlow's ``DivNoNan``."""
    return _div_no_nan_value(x, y)


@div_no_nan.defjvp
def _div_no_nan_jvp(primals, tangents):
    x, y = primals
    tx, ty = tangents
    out = _div_no_nan_value(x, y)
    # TF's _DivNoNanGrad: dx = g / y, dy = g * ((-x / y) / y), every division "no NaN".
    dx = _div_no_nan_value(tx, y)
    dy = ty * _div_no_nan_value(_div_no_nan_value(-x, y), y)
    return out, dx + dy


class JaxBackend:
    """Backend over ``jax.Array`` and tracers."""

    name = "jax"

    def is_array(self, x: Any) -> bool:
        return isinstance(x, jax.Array)

    def asarray(self, x: Any, dtype: str | None = None) -> Any:
        if dtype is not None and self.is_array(x):
            return x if x.dtype.name == dtype else x.astype(_dtype(dtype))
        return jnp.asarray(x, dtype=_dtype(dtype) if dtype else None)

    def dtype_name(self, x: Any) -> str:
        return jnp.asarray(x).dtype.name

    def cast(self, x: Any, dtype_name: str) -> Any:
        return x if x.dtype.name == dtype_name else x.astype(_dtype(dtype_name))

    def shape(self, x: Any) -> tuple:
        return tuple(jnp.shape(x))

    def stop_gradient(self, x: Any) -> Any:
        return jax.lax.stop_gradient(x)

    def size_along(self, x: Any, axis: int, dtype_name: str) -> Any:
        return jnp.asarray(jnp.shape(x)[axis], _dtype(dtype_name))

    def divide(self, x: Any, y: Any) -> Any:
        x, y = _same_dtype(x, y)
        return div_no_nan(x, y)

    def scalar(self, value: Any, dtype_name: str) -> Any:
        return jnp.asarray(value, _dtype(dtype_name))

    def zeros(self, shape: Any, dtype_name: str) -> Any:
        return jnp.zeros(shape, _dtype(dtype_name))

    def arange(self, n: int) -> Any:
        return jnp.arange(n)

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return jnp.where(cond, a, b)

    # jnp.maximum differentiates as g * (a > b) (+ half on a tie): a clamp
    # max(x, eps) then multiplies an infinite inner gradient by 0, and a tie halves
    # the gradient. TensorFlow's Maximum *selects* the gradient (all of it to `a`
    # on a tie), which the ops' conventions are written for: so do the same.
    def maximum(self, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return jnp.where(jnp.logical_or(a >= b, jnp.isnan(a)), a, b)

    def minimum(self, a: Any, b: Any) -> Any:
        a, b = _same_dtype(a, b)
        return jnp.where(jnp.logical_or(a <= b, jnp.isnan(a)), a, b)

    def sum(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return jnp.sum(x, axis=axis, keepdims=keepdims)

    def max(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return jnp.max(x, axis=axis, keepdims=keepdims)

    def reshape(self, x: Any, shape: Any) -> Any:
        return jnp.reshape(x, shape)

    def logical_and(self, a: Any, b: Any) -> Any:
        return jnp.logical_and(a, b)

    def logical_not(self, a: Any) -> Any:
        return jnp.logical_not(a)

    def logical_or(self, a: Any, b: Any) -> Any:
        return jnp.logical_or(a, b)

    def equal(self, a: Any, b: Any) -> Any:
        return jnp.equal(a, b)

    exp = staticmethod(jnp.exp)
    expm1 = staticmethod(jnp.expm1)
    log = staticmethod(jnp.log)
    log1p = staticmethod(jnp.log1p)
    sqrt = staticmethod(jnp.sqrt)
    square = staticmethod(jnp.square)
    abs = staticmethod(abs_)
    sign = staticmethod(jnp.sign)
    sinh = staticmethod(jnp.sinh)
    tanh = staticmethod(jnp.tanh)
    acos = staticmethod(jnp.arccos)
    asin = staticmethod(jnp.arcsin)
    isfinite = staticmethod(jnp.isfinite)
    power = staticmethod(jnp.power)


def _same_dtype(a: Any, b: Any) -> tuple[Any, Any]:
    """Give a Python number (or NumPy value) the dtype of the JAX array beside it."""
    a_arr, b_arr = isinstance(a, jax.Array), isinstance(b, jax.Array)
    if a_arr and not b_arr:
        return a, jnp.asarray(b, a.dtype)
    if b_arr and not a_arr:
        return jnp.asarray(a, b.dtype), b
    if a_arr and a.dtype != b.dtype:
        return a, b.astype(a.dtype)
    return a, b


BACKEND = JaxBackend()
