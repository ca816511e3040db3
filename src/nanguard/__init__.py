"""nanguard: make deep-learning training survive NaN and Inf.

The top-level package imports no ML framework. Framework-backed names
(``nanguard.keras``, ``nanguard.tf``, ``nanguard.torch``, ``nanguard.jax``,
``nanguard.ops``, ``nanguard.losses``, ``nanguard.locate``, ``nanguard.scan``) are loaded
on first use, so ``import nanguard`` stays cheap.

Example:
    >>> import nanguard
    >>> model.fit(x, y, callbacks=[nanguard.keras.Guard()])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from nanguard import errors
from nanguard._version import __version__
from nanguard.errors import NanguardError, NonFiniteError

__all__ = [
    "__version__",
    "errors",
    "NanguardError",
    "NonFiniteError",
    "keras",
    "tf",
    "torch",
    "jax",
    "ops",
    "losses",
    "locate",
    "scan",
    "Finding",
]

_LAZY_MODULES = {"keras": "nanguard.keras", "tf": "nanguard.tf", "ops": "nanguard.ops",
                 "losses": "nanguard.losses", "torch": "nanguard.torch", "jax": "nanguard.jax"}
_LAZY_ATTRS = {
    "locate": ("nanguard._locate", "locate"),
    "scan": ("nanguard.datascan", "scan"),
    "Finding": ("nanguard.core.incident", "Finding"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        module = importlib.import_module(_LAZY_MODULES[name])
        globals()[name] = module
        return module
    if name in _LAZY_ATTRS:
        module_name, attr = _LAZY_ATTRS[name]
        value = getattr(importlib.import_module(module_name), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nanguard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
