"""``nanguard.locate(closure)`` for PyTorch: where did the NaN/Inf come from?"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import Any

import torch

from nanguard.core.incident import Finding
from nanguard.core.localize import finding_from_trace
from nanguard.torch._trace import trace_loss

__all__ = ["locate", "modules_reachable", "eager"]


def _referenced(fn: Any) -> list[Any]:
    """What a function's closure cells and the globals its code names hold."""
    found: list[Any] = []
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            found.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    code = getattr(fn, "__code__", None)
    if code is not None:
        scope = getattr(fn, "__globals__", {})
        found.extend(scope[n] for n in code.co_names if n in scope)
    return found


def modules_reachable(fn: Any, *args: Any, **kwargs: Any) -> list[torch.nn.Module]:
    """Root modules ``fn`` can reach: itself, its bound object, its arguments, its
    closure and the globals it names (the usual ``loss_fn`` closes over ``model``), and
    one level further through the plain functions found there, since
    ``locate(lambda: loss_fn(batch))`` closes over ``loss_fn``, not ``model``."""
    candidates: list[Any] = [fn, getattr(fn, "__self__", None), *args, *kwargs.values()]
    first = _referenced(fn)
    candidates.extend(first)
    for c in first:
        if inspect.isfunction(c):
            candidates.extend(_referenced(c))
    out: list[torch.nn.Module] = []
    for c in candidates:
        if isinstance(c, torch.nn.Module):
            c = getattr(c, "_orig_mod", c)  # a torch.compile'd module: its original
            if not any(c is o for o in out):
                out.append(c)
    return out


@contextlib.contextmanager
def eager():
    """Run ``torch.compile``d code eagerly (the replay needs every aten op)."""
    set_stance = getattr(torch.compiler, "set_stance", None)
    if set_stance is None:  # pragma: no cover - torch < 2.6
        yield
        return
    with set_stance("force_eager"):
        yield


def trigger_of(trace: dict) -> str:
    stats = trace["stats"].get(trace.get("loss") or "")
    if stats and stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]:
        return "loss"
    return "gradients"


def locate(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Finding | None:
    """Replay ``fn`` with per-op instrumentation and name the first NaN/Inf.

    Prevents guessing which of hundreds of ops produced a NaN, in the forward
    or the backward pass. ``fn(*args, **kwargs)`` must return a scalar torch
    loss; gradients are taken with ``torch.autograd.grad`` with respect to every
    leaf tensor with ``requires_grad`` the loss reaches (``.grad`` is untouched).
    A ``torch.compile``d model is replayed eagerly.

    Returns:
        A :class:`nanguard.Finding` (``op`` is the aten op, ``layer`` the module's
        qualified name, ``file:line`` the user's line), or ``None`` when the loss
        and every gradient are finite.

    Example:
        >>> finding = nanguard.locate(lambda: loss_fn(model(x), y))  # doctest: +SKIP
    """
    if not callable(fn):
        raise TypeError(f"nanguard.locate: `fn` must be callable; got {type(fn).__name__}.")
    modules = modules_reachable(fn, *args, **kwargs)
    with eager():
        trace, _ = trace_loss(lambda: fn(*args, **kwargs), modules=modules)
    return finding_from_trace(trace, trigger=trigger_of(trace))
