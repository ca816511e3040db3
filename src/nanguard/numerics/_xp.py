"""The array layer: one small backend object per framework.

The one array abstraction of the package: every safe op, and the guard's pure
decision (``nanguard.core.policy.decide``), is written once against the methods
of a backend returned by :func:`namespace` (or passed in by an adapter). The
NumPy backend is built in (it is what value tests and plain-array callers
use); the TensorFlow backend lives in ``tf_backend.py`` and is imported only
when a TensorFlow tensor is actually passed in, so importing ``nanguard.ops``
never imports TensorFlow. A later PyTorch or JAX adapter adds a
``torch_backend.py``/``jax_backend.py`` and one entry in ``_FRAMEWORK_MODULES``;
no op changes.

Why the backend needs ``stop_gradient``: a few ops (``safe_exp``) add a term
``(x - stop_gradient(x)) * g`` that is exactly zero in value (for finite ``x``)
but contributes the gradient ``g``. That gives a chosen, finite gradient without
a framework-specific custom gradient.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Finfo", "FINFO", "NumpyBackend", "namespace", "finfo", "compute_dtype_name"]


@dataclass(frozen=True)
class Finfo:
    """Limits of a float dtype, as Python floats (exact in every wider dtype).

    Attributes:
        eps: machine epsilon, the gap between 1 and the next larger float.
        tiny: the smallest positive normal number.
        max: the largest finite number.
    """

    eps: float
    tiny: float
    max: float


# Hard-coded so the layer needs neither ml_dtypes nor a framework to know bfloat16.
FINFO = {
    "float16": Finfo(eps=2.0**-10, tiny=2.0**-14, max=65504.0),
    "bfloat16": Finfo(eps=2.0**-7, tiny=2.0**-126, max=3.3895313892515355e38),
    "float32": Finfo(eps=2.0**-23, tiny=2.0**-126, max=3.4028234663852886e38),
    "float64": Finfo(eps=2.0**-52, tiny=2.0**-1022, max=1.7976931348623157e308),
}


def finfo(dtype_name: str) -> Finfo:
    """Return the :class:`Finfo` of a float dtype given by name."""
    return FINFO[dtype_name]


def compute_dtype_name(dtype_name: str) -> str:
    """The dtype the ops compute in: float32 for the 16-bit floats, else the input's.

    16-bit inputs are computed in float32 and cast back, which keeps every
    intermediate (squares, sums, ``exp``) inside float32's range. Thresholds are
    still taken from the *input* dtype, so gradients cast back to it stay finite.
    """
    return "float32" if dtype_name in ("float16", "bfloat16") else dtype_name


class NumpyBackend:
    """Backend over NumPy arrays (and Python scalars). Gradients do not exist here."""

    name = "numpy"

    def is_array(self, x: Any) -> bool:
        return isinstance(x, (np.ndarray, np.generic))

    def asarray(self, x: Any, dtype: str | None = None) -> Any:
        return np.asarray(x, dtype=self._np_dtype(dtype) if dtype else None)

    def _np_dtype(self, name: str) -> Any:
        if name == "bfloat16":
            import ml_dtypes  # only needed for bfloat16 NumPy arrays

            return ml_dtypes.bfloat16
        return np.dtype(name)

    def dtype_name(self, x: Any) -> str:
        return str(np.asarray(x).dtype)

    def cast(self, x: Any, dtype_name: str) -> Any:
        return np.asarray(x).astype(self._np_dtype(dtype_name))

    def shape(self, x: Any) -> tuple:
        return tuple(np.shape(x))

    def stop_gradient(self, x: Any) -> Any:
        return x

    def size_along(self, x: Any, axis: int, dtype_name: str) -> Any:
        return self.asarray(np.shape(x)[axis], dtype_name)

    def divide(self, x: Any, y: Any) -> Any:
        with np.errstate(all="ignore"):
            return np.divide(x, y)

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        return np.where(cond, a, b)

    def sum(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return np.sum(x, axis=axis, keepdims=keepdims)

    def max(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return np.max(x, axis=axis, keepdims=keepdims)

    def reshape(self, x: Any, shape: Any) -> Any:
        return np.reshape(x, shape)

    def scalar(self, value: Any, dtype_name: str) -> Any:
        return self.asarray(value, dtype_name)

    def zeros(self, shape: Any, dtype_name: str) -> Any:
        return np.zeros(shape, dtype=self._np_dtype(dtype_name))

    def arange(self, n: int) -> Any:
        return np.arange(n, dtype=np.int64)

    def logical_and(self, a: Any, b: Any) -> Any:
        return np.logical_and(a, b)

    def logical_or(self, a: Any, b: Any) -> Any:
        return np.logical_or(a, b)

    def logical_not(self, a: Any) -> Any:
        return np.logical_not(a)

    def equal(self, a: Any, b: Any) -> Any:
        return np.equal(a, b)

    def __getattr__(self, name: str) -> Any:
        # Elementwise math (exp, log, sqrt, acos, ...): the NumPy ufunc of that
        # name, with floating-point warnings silenced (the ops decide what an edge
        # value means, NumPy's warning would only be noise).
        ufunc = {"acos": np.arccos, "asin": np.arcsin}.get(name) or getattr(np, name)

        def call(*args: Any) -> Any:
            with np.errstate(all="ignore"):
                return ufunc(*args)

        return call


_NUMPY = NumpyBackend()
# Module prefix of an array's type -> the nanguard module holding its backend.
_FRAMEWORK_MODULES = {
    "tensorflow": "nanguard.numerics.tf_backend",
    "keras": "nanguard.numerics.tf_backend",
    "tf_keras": "nanguard.numerics.tf_backend",
    "jax": "nanguard.numerics.jax_backend",
    "jaxlib": "nanguard.numerics.jax_backend",
    "torch": "nanguard.numerics.torch_backend",
}


def namespace(*arrays: Any) -> Any:
    """Return the backend for ``arrays``: the first framework tensor wins, else NumPy.

    Framework modules are imported only here, only when one of their tensors is
    passed, so the import of this module stays framework-free.

    Example:
        >>> namespace(1.0).name
        'numpy'
    """
    for array in arrays:
        root = type(array).__module__.split(".", 1)[0]
        module = _FRAMEWORK_MODULES.get(root)
        if module is not None:
            # sys.modules first: inside tf.function, autograph would otherwise try
            # (and warn about failing) to convert importlib's internals.
            if module not in sys.modules:
                __import__(module)  # a builtin: autograph leaves it alone
            return sys.modules[module].BACKEND
    return _NUMPY
