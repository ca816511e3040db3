"""The NumPy array namespace for ``nanguard.core.policy`` (used by host-side code and tests)."""

from __future__ import annotations

import numpy as np

isfinite = np.isfinite
logical_and = np.logical_and
logical_or = np.logical_or
logical_not = np.logical_not
sqrt = np.sqrt
square = np.square
abs = np.abs  # noqa: A001
minimum = np.minimum
maximum = np.maximum
sum = np.sum  # noqa: A001


def scalar(value, dtype):
    return np.asarray(value, dtype=dtype)


def zeros(shape, dtype):
    return np.zeros(shape, dtype=dtype)


def cast(x, dtype):
    return np.asarray(x).astype(dtype)


def arange(n):
    return np.arange(n)


def where(cond, a, b):
    out = np.where(cond, a, b)
    if isinstance(a, np.ndarray) and out.dtype != a.dtype and a.dtype.kind == out.dtype.kind:
        out = out.astype(a.dtype)
    return out
