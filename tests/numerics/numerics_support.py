"""Shared machinery for the numerics property tests.

* ``DTYPES``: the four float dtypes every op and loss is proven on.
* :func:`vectors`: a Hypothesis strategy of finite values of a dtype (bfloat16
  values are drawn as float32 and rounded), padded to a fixed length so that each
  example covers many points and compiled functions are traced once.
* :func:`edge_values`: the forced edge points of a dtype (0, ±smallest normal,
  ±smallest subnormal, ±max, ±1, ±eps, ...), plus an op's own boundary points.
* :func:`runners`: eager, ``tf.function`` and ``tf.function(jit_compile=True)``
  versions of "value and gradient of an op", built once per (op, dtype).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ml_dtypes
import numpy as np
import tensorflow as tf
from hypothesis import strategies as st

from nanguard.numerics._xp import FINFO

DTYPES = ["float16", "bfloat16", "float32", "float64"]
N = 32  # values per example
WIDTH = {"float16": 16, "bfloat16": 32, "float32": 32, "float64": 64}
SMALLEST_SUBNORMAL = {
    "float16": 2.0**-24,
    "bfloat16": 2.0**-133,
    "float32": 2.0**-149,
    "float64": 5e-324,
}
EDGES = "edges"  # marker used in @example: replaced by the dtype's edge points
EDGES_SHIFTED = "edges_shifted"  # the edge points rotated, to pair edges with edges
ZEROS = "zeros"


def np_dtype(name: str) -> Any:
    return ml_dtypes.bfloat16 if name == "bfloat16" else np.dtype(name)


def to_dtype(values: Sequence[float], dtype: str) -> np.ndarray:
    """Round Python floats to ``dtype`` (clipping to its range first, for bfloat16)."""
    fi = FINFO[dtype]
    arr = np.clip(np.asarray(values, np.float64), -fi.max, fi.max)
    return (
        arr.astype(np.float32).astype(np_dtype(dtype))
        if dtype == "bfloat16"
        else arr.astype(np_dtype(dtype))
    )


def vectors(dtype: str, lo: float | None = None, hi: float | None = None) -> Any:
    """Lists of finite values of ``dtype`` (1..N of them; padded to N by :func:`materialize`)."""
    elem = st.floats(
        min_value=lo, max_value=hi, width=WIDTH[dtype], allow_nan=False, allow_infinity=False
    )
    return st.lists(elem, min_size=1, max_size=N)


def edge_values(dtype: str, extra: Sequence[float] = ()) -> list[float]:
    fi = FINFO[dtype]
    base = [
        0.0, -0.0, fi.tiny, -fi.tiny, SMALLEST_SUBNORMAL[dtype], -SMALLEST_SUBNORMAL[dtype],
        fi.max, -fi.max, 1.0, -1.0, fi.eps, -fi.eps, 1.0 - fi.eps / 2, -1.0 + fi.eps / 2,
        0.5, -0.5, 2.0, -2.0, 100.0, -100.0, 1e4, -1e4,
    ]  # fmt: skip
    return (list(extra) + base)[:N]


def materialize(
    values: Any,
    dtype: str,
    lo: float | None = None,
    hi: float | None = None,
    extra=(),
    size: int = N,
) -> np.ndarray:
    """Turn drawn values (or an edge marker) into ``size`` values of ``dtype`` (cycled)."""
    if isinstance(values, str):
        edges = edge_values(dtype, extra)
        if lo is not None or hi is not None:
            lo_ = -math.inf if lo is None else lo
            hi_ = math.inf if hi is None else hi
            edges = [v for v in edges if lo_ <= v <= hi_] or [lo_ if lo is not None else hi_]
        if values == EDGES_SHIFTED:
            edges = edges[7:] + edges[:7]
        elif values == ZEROS:
            edges = [0.0]
        values = edges
    values = list(values)
    padded = (values * (size // len(values) + 1))[:size]
    return to_dtype(padded, dtype)


def upstream_weights(shape: tf.TensorShape, dtype: tf.DType) -> tf.Tensor:
    """Fixed, non-uniform upstream gradient in [0.25, 1] (so reductions are not trivial)."""
    size = int(np.prod(shape.as_list())) if shape.rank else 1
    w = 0.25 + (np.arange(size) % 7) / 8.0  # <= 1, so a gradient near max stays finite
    return tf.constant(w.reshape(shape.as_list()), dtype)


def value_and_grads(fn: Callable[..., Any], args: Sequence[tf.Tensor], wrt: Sequence[int]):
    with tf.GradientTape() as tape:
        for i in wrt:
            tape.watch(args[i])
        y = fn(*args)
        objective = tf.reduce_sum(tf.cast(y, tf.float64) * upstream_weights(y.shape, tf.float64))
    grads = tape.gradient(objective, [args[i] for i in wrt])
    grads = [tf.zeros_like(args[i]) if g is None else g for g, i in zip(grads, wrt, strict=True)]
    return y, grads


@functools.cache
def runners(name: str, dtype: str, fn: Callable[..., Any], wrt: tuple[int, ...]) -> dict:
    """Eager, graph and XLA callables for ``(value, grads)``; cached per (op, dtype)."""

    def compute(*args):
        return value_and_grads(fn, args, wrt)

    return {
        "eager": compute,
        "graph": tf.function(compute, autograph=False, reduce_retracing=True),
        "xla": tf.function(compute, autograph=False, jit_compile=True, reduce_retracing=True),
    }


def as64(x: Any) -> np.ndarray:
    return np.asarray(tf.cast(x, tf.float64).numpy() if isinstance(x, tf.Tensor) else x, np.float64)


def flush_subnormals(x: np.ndarray, dtype: str) -> np.ndarray:
    """What TensorFlow's CPU kernels see: subnormals of the compute dtype read as 0."""
    compute_tiny = FINFO["float32" if dtype in ("float16", "bfloat16") else dtype].tiny
    x = np.array(x, np.float64)
    x[np.abs(x) < compute_tiny] = 0.0
    return x


@dataclass
class Spec:
    """How to test one op or loss.

    Attributes:
        name: test id.
        fn: the nanguard function, called as ``fn(*args)``.
        naive: the naive/accurate float64 TensorFlow formula (reference value).
        domains: per argument ``(lo, hi)`` bounds for drawn values.
        wrt: argument indices to differentiate.
        shapes: shape of each argument.
        elementwise: one output per input element (tolerances per element).
        loss: a loss (returns float32 for 16-bit inputs).
        interior: ``f(*float64 args, dtype) -> bool mask`` (over the output) of
            points where the naive formula is finite and well conditioned.
        bounded_grad: the gradient is finite by construction for every finite input.
        always_finite: the value is finite for every finite input.
        extra_edges: the op's own boundary points.
        rtol: tolerance in units of the dtype's eps; ``atol`` likewise (absolute).
    """

    name: str
    fn: Callable[..., Any]
    naive: Callable[..., Any]
    domains: tuple = ((None, None),)
    wrt: tuple = (0,)
    shapes: tuple = ((N,),)
    elementwise: bool = True
    loss: bool = False
    interior: Callable[..., Any] | None = None
    bounded_grad: bool = True
    always_finite: bool = True
    extra_edges: tuple = ()
    rtol: float = 8.0
    atol: float = 0.0
    kwargs: dict = field(default_factory=dict)


def out_dtype(spec: Spec, dtype: str) -> str:
    if spec.loss and dtype in ("float16", "bfloat16"):
        return "float32"
    return dtype


def prepare(spec: Spec, dtype: str, data: Any) -> list[np.ndarray]:
    """Arrays for one example: drawn with ``data``, or the edge points for a marker."""
    arrays = []
    for i, shape in enumerate(spec.shapes):
        lo, hi = spec.domains[i] if i < len(spec.domains) else (None, None)
        if isinstance(data, str):
            raw: Any = data if i == 0 else (EDGES_SHIFTED if data == EDGES else EDGES)
        else:
            raw = data.draw(vectors(dtype, lo, hi), label=f"arg{i}")
        size = int(np.prod(shape))
        arrays.append(materialize(raw, dtype, lo, hi, spec.extra_edges, size).reshape(shape))
    return arrays


def run(spec: Spec, dtype: str, arrays: Sequence[np.ndarray], mode: str = "eager"):
    tensors = [tf.constant(a) for a in arrays]
    y, grads = runners(spec.name, dtype, spec.fn, spec.wrt)[mode](*tensors)
    return as64(y), [as64(g) for g in grads]


def reference(spec: Spec, dtype: str, arrays: Sequence[np.ndarray], fn: Callable[..., Any]):
    """``fn`` (value and gradients) in float64, on the inputs as TF's kernels see them."""
    args = [tf.constant(flush_subnormals(as64(a), dtype)) for a in arrays]
    y, grads = value_and_grads(fn, args, spec.wrt)
    return as64(y), [as64(g) for g in grads]


def expand_to(mask: np.ndarray, shape: tuple) -> np.ndarray:
    """Broadcast a per-output mask over an argument (extra trailing axes)."""
    mask = np.asarray(mask, bool)
    while mask.ndim < len(shape):
        mask = mask[..., None]
    return np.broadcast_to(mask, shape)


def tolerance(spec: Spec, dtype: str, ref: np.ndarray) -> np.ndarray:
    """``rtol*eps*scale + atol*eps + 1024*tiny``; scale per element, or per row for reductions."""
    eps = FINFO[dtype].eps
    scale = np.abs(ref)
    if not spec.elementwise and scale.ndim:
        finite = np.where(np.isfinite(scale), scale, 0.0)
        scale = scale + finite.max(axis=-1, keepdims=True)
    # Intermediates below the smallest normal may be flushed to zero by the CPU kernels.
    return spec.rtol * eps * scale + spec.atol * eps + 1024 * FINFO[dtype].tiny


def describe(arrays: Sequence[np.ndarray], bad: np.ndarray, *others: np.ndarray) -> str:
    idx = np.argwhere(bad)[:3]
    parts = []
    for i in idx:
        ii = tuple(i)
        vals = [a.reshape(bad.shape)[ii] if a.size == bad.size else "?" for a in arrays]
        parts.append(f"at {ii}: inputs={vals} " + " ".join(f"{o[ii]!r}" for o in others))
    return "; ".join(parts)
