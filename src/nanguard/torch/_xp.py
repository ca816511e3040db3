"""The torch array namespace for ``nanguard.core.policy`` (device-bound, sync-free).

``policy.decide`` is written once against a tiny ``xp`` namespace. This one runs
it on torch tensors of one device. Constants are created once per (value, dtype)
and reused, so a healthy step launches no host-to-device copy of its own; every
function here is a device op (no ``.item()``, no ``bool(tensor)``).
"""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["TorchXP"]

_DTYPES = {
    "bool": torch.bool,
    "int64": torch.int64,
    "float32": torch.float32,
    "float64": torch.float64,
}


class TorchXP:
    """``xp`` for :func:`nanguard.core.policy.decide` on ``device``.

    Args:
        device: the device the guard state and the decision live on.
    """

    def __init__(self, device: torch.device):
        self.device = torch.device(device)
        self._consts: dict[tuple, torch.Tensor] = {}
        self._aranges: dict[int, torch.Tensor] = {}

    # --------------------------------------------------------------- creation
    def scalar(self, value: Any, dtype: str) -> torch.Tensor:
        key = (value, dtype)
        t = self._consts.get(key)
        if t is None:
            t = torch.tensor(value, dtype=_DTYPES[dtype], device=self.device)
            self._consts[key] = t
        return t

    def zeros(self, shape: tuple, dtype: str) -> torch.Tensor:
        return torch.zeros(shape, dtype=_DTYPES[dtype], device=self.device)

    def arange(self, n: int) -> torch.Tensor:
        t = self._aranges.get(n)
        if t is None:
            t = torch.arange(n, device=self.device)
            self._aranges[n] = t
        return t

    def cast(self, x: Any, dtype: str) -> torch.Tensor:
        if not isinstance(x, torch.Tensor):
            return self.scalar(x, dtype)
        return x.to(_DTYPES[dtype])

    # --------------------------------------------------------------- elementwise
    @staticmethod
    def isfinite(x):
        return torch.isfinite(x)

    @staticmethod
    def logical_and(a, b):
        return torch.logical_and(a, b)

    @staticmethod
    def logical_or(a, b):
        return torch.logical_or(a, b)

    @staticmethod
    def logical_not(a):
        return torch.logical_not(a)

    @staticmethod
    def sqrt(x):
        return torch.sqrt(x)

    @staticmethod
    def square(x):
        return torch.square(x)

    @staticmethod
    def abs(x):  # noqa: A003
        return torch.abs(x)

    def minimum(self, a, b):
        a, b = self._pair(a, b)
        return torch.minimum(a, b)

    def maximum(self, a, b):
        a, b = self._pair(a, b)
        return torch.maximum(a, b)

    @staticmethod
    def sum(x):  # noqa: A003
        return torch.sum(x)

    def where(self, cond, a, b):
        out = torch.where(cond, a, b)
        # Keep the dtype of the tensor branch (a Python scalar must not promote it).
        ref = a if isinstance(a, torch.Tensor) else b
        if isinstance(ref, torch.Tensor) and out.dtype != ref.dtype:
            out = out.to(ref.dtype)
        return out

    def _pair(self, a, b):
        if not isinstance(a, torch.Tensor):
            a = self.scalar(float(a) if isinstance(a, float) else a, _name(b.dtype))
        if not isinstance(b, torch.Tensor):
            b = self.scalar(float(b) if isinstance(b, float) else b, _name(a.dtype))
        return a, b


def _name(dtype: torch.dtype) -> str:
    for name, d in _DTYPES.items():
        if d == dtype:
            return name
    return "float32"
