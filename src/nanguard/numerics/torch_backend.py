"""PyTorch backend of the array layer (the only numerics module importing torch).

One object serves both users of the array layer: the safe ops and losses
(``nanguard.ops``/``nanguard.losses`` on torch tensors, through the module-level
``BACKEND``) and the guard's decision (``nanguard.core.policy.decide`` on the
parameters' device, through ``TorchBackend(device)``). Constants are created
once per (value, dtype) and reused, so a guarded step launches no host-to-device
copy of its own; no method reads a tensor on the host.
"""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["BACKEND", "TorchBackend", "torch_dtype"]

_DTYPES = {
    "bool": torch.bool, "int32": torch.int32, "int64": torch.int64,
    "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32,
    "float64": torch.float64, "complex64": torch.complex64, "complex128": torch.complex128,
}


def torch_dtype(name: str) -> torch.dtype:
    return _DTYPES[name]


class TorchBackend:
    """Backend over ``torch.Tensor``.

    Args:
        device: where :meth:`scalar`, :meth:`zeros` and :meth:`arange` create
            tensors (``None``: torch's default device).
    """

    name = "torch"

    def __init__(self, device: Any = None):
        self.device = None if device is None else torch.device(device)
        self._consts: dict[tuple, torch.Tensor] = {}
        self._aranges: dict[int, torch.Tensor] = {}

    # ------------------------------------------------------------------ creation
    def is_array(self, x: Any) -> bool:
        return isinstance(x, torch.Tensor)

    def asarray(self, x: Any, dtype: str | None = None) -> Any:
        if isinstance(x, torch.Tensor):
            return x if dtype is None or x.dtype == _DTYPES[dtype] else x.to(_DTYPES[dtype])
        return torch.as_tensor(x, dtype=None if dtype is None else _DTYPES[dtype],
                               device=self.device)

    def scalar(self, value: Any, dtype_name: str) -> Any:
        key = (type(value), value, dtype_name)
        t = self._consts.get(key)
        if t is None:
            t = torch.tensor(value, dtype=_DTYPES[dtype_name], device=self.device)
            self._consts[key] = t
        return t

    def zeros(self, shape: Any, dtype_name: str) -> Any:
        return torch.zeros(shape, dtype=_DTYPES[dtype_name], device=self.device)

    def arange(self, n: int) -> Any:
        t = self._aranges.get(n)
        if t is None:
            t = torch.arange(n, dtype=torch.int64, device=self.device)
            self._aranges[n] = t
        return t

    # ------------------------------------------------------------------ dtypes, shapes
    def dtype_name(self, x: Any) -> str:
        return str(x.dtype).replace("torch.", "")

    def cast(self, x: Any, dtype_name: str) -> Any:
        if not isinstance(x, torch.Tensor):
            return self.scalar(x, dtype_name)
        dtype = _DTYPES[dtype_name]
        return x if x.dtype == dtype else x.to(dtype)

    def shape(self, x: Any) -> tuple:
        return tuple(x.shape)

    def stop_gradient(self, x: Any) -> Any:
        return x.detach()

    def size_along(self, x: Any, axis: int, dtype_name: str) -> Any:
        return torch.tensor(x.shape[axis], dtype=_DTYPES[dtype_name], device=x.device)

    def reshape(self, x: Any, shape: Any) -> Any:
        return torch.reshape(x, tuple(shape))

    # ------------------------------------------------------------------ math
    def divide(self, x: Any, y: Any) -> Any:
        return torch.div(x, y)

    def where(self, cond: Any, a: Any, b: Any) -> Any:
        a, b = self._pair(a, b)
        return torch.where(cond, a, b)

    def maximum(self, a: Any, b: Any) -> Any:
        a, b = self._pair(a, b, tensors=True)
        return torch.maximum(a, b)

    def minimum(self, a: Any, b: Any) -> Any:
        a, b = self._pair(a, b, tensors=True)
        return torch.minimum(a, b)

    def sum(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        if axis is None:
            return torch.sum(x) if not keepdims else torch.sum(
                x, dim=tuple(range(x.dim())), keepdim=True)
        return torch.sum(x, dim=axis, keepdim=keepdims)

    def max(self, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        if axis is None:
            return torch.amax(x) if not keepdims else torch.amax(
                x, dim=tuple(range(x.dim())), keepdim=True)
        return torch.amax(x, dim=axis, keepdim=keepdims)

    def logical_and(self, a: Any, b: Any) -> Any:
        return torch.logical_and(*self._pair(a, b, tensors=True))

    def logical_or(self, a: Any, b: Any) -> Any:
        return torch.logical_or(*self._pair(a, b, tensors=True))

    def logical_not(self, a: Any) -> Any:
        return torch.logical_not(a)

    def equal(self, a: Any, b: Any) -> Any:
        return torch.eq(*self._pair(a, b, tensors=True))

    def power(self, a: Any, b: Any) -> Any:
        return torch.pow(a, b)

    exp = staticmethod(torch.exp)
    expm1 = staticmethod(torch.expm1)
    log = staticmethod(torch.log)
    log1p = staticmethod(torch.log1p)
    sqrt = staticmethod(torch.sqrt)
    square = staticmethod(torch.square)
    abs = staticmethod(torch.abs)
    sign = staticmethod(torch.sign)
    sinh = staticmethod(torch.sinh)
    tanh = staticmethod(torch.tanh)
    acos = staticmethod(torch.acos)
    asin = staticmethod(torch.asin)
    isfinite = staticmethod(torch.isfinite)

    def _pair(self, a: Any, b: Any, tensors: bool = False) -> tuple[Any, Any]:
        """Give a Python number the dtype and device of the tensor beside it."""
        a_t, b_t = isinstance(a, torch.Tensor), isinstance(b, torch.Tensor)
        if a_t and not b_t and (tensors or isinstance(b, bool)):
            b = torch.tensor(b, dtype=a.dtype, device=a.device) if not tensors else \
                self._like(b, a)
        elif b_t and not a_t and (tensors or isinstance(a, bool)):
            a = self._like(a, b)
        elif not a_t and not b_t and tensors:
            a, b = torch.as_tensor(a, device=self.device), torch.as_tensor(b, device=self.device)
        elif a_t and b_t and a.dtype != b.dtype and a.dim() == 0 and b.dim() > 0:
            a = a.to(b.dtype)
        return a, b

    def _like(self, value: Any, ref: torch.Tensor) -> torch.Tensor:
        key = (type(value), value, str(ref.dtype), str(ref.device))
        t = self._consts.get(key)
        if t is None:
            t = torch.tensor(value, dtype=ref.dtype, device=ref.device)
            self._consts[key] = t
        return t


BACKEND = TorchBackend()
