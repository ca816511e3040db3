"""``nanguard.locate``: pick the framework adapter from the arguments, importing none up front.

The decision reads only the *module name* of the arguments' types (``jax``,
``jaxlib``, ``torch``...), walking dicts, lists and tuples a few levels deep,
so ``import nanguard`` never imports a framework and a TensorFlow user never
pays for JAX. With no framework array among the arguments (``locate(lambda:
loss(...))``, the TensorFlow form), TensorFlow is used.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["locate", "framework_of"]

# framework -> (module, function); a new adapter adds one line here.
_ADAPTERS = {
    "jax": ("nanguard.jax._locate", "locate"),
    "torch": ("nanguard.torch._locate", "locate"),
    "tensorflow": ("nanguard.tf.locate", "locate"),
}
_ROOTS = {"jax": "jax", "jaxlib": "jax", "torch": "torch", "tensorflow": "tensorflow",
          "keras": "tensorflow", "flax": "jax"}


def _framework_of_value(value: Any, depth: int = 0) -> str | None:
    # The whole MRO: a user's `class Net(torch.nn.Module)` lives in `__main__`.
    for cls in type(value).__mro__[:-1]:
        root = (cls.__module__ or "").split(".")[0]
        if root in _ROOTS:
            return _ROOTS[root]
    if depth >= 4:
        return None
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return None
    for item in items[:64]:
        found = _framework_of_value(item, depth + 1)
        if found:
            return found
    return None


def _captured(fn: Any) -> list:
    """What a zero-argument closure works on: its bound object, cells and named globals."""
    values: list = [getattr(fn, "__self__", None)]
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    code = getattr(fn, "__code__", None)
    if code is not None:
        scope = getattr(fn, "__globals__", {})
        values.extend(scope[n] for n in code.co_names if n in scope)
    return values


def framework_of(fn: Any, args: tuple, kwargs: dict) -> str:
    """``"jax"``, ``"torch"`` or ``"tensorflow"`` for a ``locate`` call.

    The arguments first; then, for a closure (``locate(lambda: loss(model(x)))``),
    the values it captures (a ``torch.nn.Module`` says torch); then the only
    framework already imported. TensorFlow is the default.
    """
    for value in (*args, *kwargs.values(), *_captured(fn)):
        found = _framework_of_value(value)
        if found:
            return found
    imported = [name for name in ("tensorflow", "torch", "jax") if name in sys.modules]
    return imported[0] if len(imported) == 1 else "tensorflow"


def locate(fn: Any, *args: Any, **kwargs: Any):
    """Replay ``fn`` with per-op instrumentation and name the first NaN/Inf.

    TensorFlow/Keras: ``nanguard.locate(lambda: loss_fn(y, model(x)))``; JAX:
    ``nanguard.locate(loss_fn, params, *batch)`` (gradients w.r.t. ``params``).
    See the adapter's ``locate`` for the details.

    Returns:
        A :class:`nanguard.Finding`, or ``None`` when the loss and gradients are finite.

    Example:
        >>> finding = nanguard.locate(loss_fn, params, x, y)  # doctest: +SKIP
    """
    module, name = _ADAPTERS[framework_of(fn, args, kwargs)]
    return getattr(importlib.import_module(module), name)(fn, *args, **kwargs)
