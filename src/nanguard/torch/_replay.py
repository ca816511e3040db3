"""Replay a skipped torch step and localize its NaN/Inf (failure path only).

The capture is read one step late, when the parameters and optimizer state
still hold their values from before the skipped step. The replay restores the
rest of that moment around ``loss_fn(batch)``: the RNG state saved when the
previous step ended (dropout draws the same masks) and the buffers from before
the skipped forward (the guard's buffer copies); both are put back afterwards.
Gradients come from ``torch.autograd.grad``, so ``.grad`` is untouched, and a
``torch.compile``d model runs eagerly.
"""

from __future__ import annotations

import contextlib
from typing import Any

import torch

from nanguard.core.incident import Finding
from nanguard.core.localize import localize_step
from nanguard.torch._layers import describe_module
from nanguard.torch._locate import eager, modules_reachable
from nanguard.torch._trace import trace_loss

__all__ = ["localize_capture", "rng_state", "set_rng_state"]


def rng_state() -> dict:
    state = {"cpu": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    torch.set_rng_state(state["cpu"])
    if "cuda" in state:
        torch.cuda.set_rng_state_all(state["cuda"])


@contextlib.contextmanager
def _moment_of(guard: Any, rng: dict):
    """Buffers and RNG as they were before the captured step; restored on exit."""
    current_buffers = guard._buffers.swap_in_previous()
    current_rng = rng_state()
    set_rng_state(rng)
    no_sync = getattr(guard.model, "no_sync", None)  # DDP: no reducer for the replay
    try:
        with (no_sync() if callable(no_sync) else contextlib.nullcontext()):
            yield
    finally:
        set_rng_state(current_rng)
        guard._buffers.restore(current_buffers)


def localize_capture(guard: Any, cap: dict, history: dict | None) -> tuple[Finding | None, Any]:
    """``(finding, trace)`` for one capture made by ``nanguard.torch.Guard``."""
    trace_fn = None
    kept: dict = {}
    if guard.loss_fn is not None:
        def trace_fn() -> dict:
            batch = cap["batch_ref"]
            modules = [getattr(guard.model, "module", guard.model),
                       *modules_reachable(guard.loss_fn)]
            with _moment_of(guard, cap["rng"]), eager():
                trace, values = trace_loss(lambda: guard.loss_fn(batch), modules=modules)
            kept.update(trace=trace, tensors=values["tensors"], modules=modules)
            return trace

    finding, trace = localize_step(cap["batch_arrays"], cap["variables"], trace_fn,
                                   history=history, trigger=cap["trigger"] or "loss",
                                   framework="torch")
    if finding is not None and "tensors" in kept:
        finding = describe_module(finding, kept["trace"], kept.pop("tensors"),
                                  kept["modules"], cap["batch_ref"])
    if finding is not None:
        finding.step = cap["step"]
        finding.epoch = cap.get("epoch")
        finding.batch = cap.get("batch")
        if history:
            finding.history = history
    return finding, trace
