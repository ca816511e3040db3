"""The ``jax.numpy`` namespace for ``nanguard.core.policy`` (traceable under ``jit``).

``core.policy`` asks for ``int64`` counters; with x64 off (JAX's default) an
``int64`` request silently becomes ``int32`` and warns, so it is mapped to
``int32`` here once. Every function returns a ``jax.Array`` of a fixed dtype,
so the guard state keeps the same avals from step to step (``jit`` does not
retrace).
"""

from __future__ import annotations

import jax.numpy as jnp

_DT = {"int64": jnp.int32, "int32": jnp.int32, "float32": jnp.float32, "bool": jnp.bool_}

isfinite = jnp.isfinite
logical_and = jnp.logical_and
logical_or = jnp.logical_or
logical_not = jnp.logical_not
sqrt = jnp.sqrt
square = jnp.square
abs = jnp.abs  # noqa: A001
sum = jnp.sum  # noqa: A001


def scalar(value, dtype):
    return jnp.asarray(value, dtype=_DT[dtype])


def zeros(shape, dtype):
    return jnp.zeros(shape, dtype=_DT[dtype])


def cast(x, dtype):
    return jnp.asarray(x).astype(_DT[dtype])


def arange(n):
    return jnp.arange(n, dtype=jnp.int32)


def where(cond, a, b):
    out = jnp.where(cond, a, b)
    ref = a if hasattr(a, "dtype") else b
    if hasattr(ref, "dtype") and out.dtype != ref.dtype:
        out = out.astype(ref.dtype)
    return out


def minimum(a, b):
    return jnp.minimum(a, b)


def maximum(a, b):
    return jnp.maximum(a, b)
