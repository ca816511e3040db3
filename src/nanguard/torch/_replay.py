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
from nanguard.core.localize import finding_from_trace, localize_step
from nanguard.core.origin_context import add_note
from nanguard.torch._compiled import compiled_only_finding, compiled_parts
from nanguard.torch._layers import describe_module
from nanguard.torch._locate import eager, modules_reachable
from nanguard.torch._trace import trace_loss
from nanguard.torch.data import MicroBatches

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
    """``(finding, trace)`` for one capture made by ``nanguard.torch.Guard``.

    :class:`~nanguard.torch.MicroBatches` are replayed one after the other, the
    RNG and the buffers running on as they did in the step; the first one whose
    loss or gradients are non-finite is the one analysed and named.
    """
    trace_fn = None
    kept: dict = {}
    batch = cap["batch_ref"]
    parts = list(batch) if isinstance(batch, MicroBatches) else [batch]
    trigger = cap["trigger"] or "loss"
    if guard.loss_fn is not None:
        def trace_fn() -> dict:
            modules = [getattr(guard.model, "module", guard.model),
                       *modules_reachable(guard.loss_fn)]
            with _moment_of(guard, cap["rng"]), eager():
                for i, part in enumerate(parts):
                    trace, values = trace_loss(lambda p=part: guard.loss_fn(p), modules=modules)
                    kept.update(trace=trace, tensors=values["tensors"], modules=modules,
                                part=part)
                    if len(parts) == 1:
                        break
                    if finding_from_trace(trace, trigger=trigger):
                        kept["index"] = i
                        break
            return trace

    finding, trace = localize_step(cap["batch_arrays"], cap["variables"], trace_fn,
                                   history=history, trigger=trigger, framework="torch")
    if finding is not None and "tensors" in kept:
        finding = describe_module(finding, kept["trace"], kept.pop("tensors"),
                                  kept["modules"], kept["part"])
    if finding is not None and len(parts) > 1:
        finding = _name_micro_batch(finding, kept.get("index"), len(parts))
    if finding is None and "trace" in kept:  # the eager replay is finite: compiled-only?
        finding = _compiled_only(guard, cap, parts, trigger)
    if finding is None and trace_fn is not None and not _autocast_on(guard.device):
        finding, trace = _under_autocast(guard, cap, trace_fn, kept, parts, history, trigger)
    if finding is not None:
        finding.step = cap["step"]
        finding.epoch = cap.get("epoch")
        finding.batch = cap.get("batch")
        if history:
            finding.history = history
    return finding, trace


def _autocast_on(device: torch.device) -> bool:
    return torch.is_autocast_enabled(device.type)


def _autocast_dtypes(device: torch.device) -> list:
    """Half-precision dtypes to try, the device's autocast default first."""
    first = torch.get_autocast_dtype(device.type)
    return [first] + [d for d in (torch.bfloat16, torch.float16) if d != first]


def _under_autocast(guard: Any, cap: dict, trace_fn: Any, kept: dict, parts: list,
                    history: dict | None, trigger: str) -> tuple[Finding | None, Any]:
    """Replay under ``torch.autocast`` when the plain replay is finite.

    Why: the documented loop computes the loss under ``with torch.autocast(...)`` and
    calls ``guard.step`` after the block, so ``loss_fn`` itself runs in float32 when
    replayed and a bfloat16/float16-only NaN (a clamp to ``1 - 1e-6`` that rounds to 1)
    does not come back. Only a replay that fails again is reported, and the finding
    says it was reproduced under autocast.
    """
    for dtype in _autocast_dtypes(guard.device):
        kept.clear()
        with torch.autocast(guard.device.type, dtype=dtype):
            finding, trace = localize_step(cap["batch_arrays"], cap["variables"], trace_fn,
                                           history=history, trigger=trigger,
                                           framework="torch")
        if finding is None or "tensors" not in kept:
            continue
        finding = describe_module(finding, kept["trace"], kept.pop("tensors"),
                                  kept["modules"], kept["part"])
        if len(parts) > 1:
            finding = _name_micro_batch(finding, kept.get("index"), len(parts))
        name = str(dtype).replace("torch.", "")
        add_note(finding, f"The replay of loss_fn in float32 is finite; under "
                          f"torch.autocast('{guard.device.type}', dtype=torch.{name}) it fails "
                          "as the step did, so the step ran under autocast (outside loss_fn).")
        return finding, trace
    return None, None


def _compiled_only(guard: Any, cap: dict, parts: list, trigger: str) -> Finding | None:
    """Run the step compiled from the same moment; a finding when only that is non-finite."""
    compiled = compiled_parts(guard.model, guard.loss_fn)
    if not compiled:
        return None
    with _moment_of(guard, cap["rng"]):
        for part in parts:
            found = compiled_only_finding(lambda p=part: guard.loss_fn(p), compiled, trigger)
            if found is not None:
                return found
    return None


def _name_micro_batch(finding: Finding, index: int | None, n: int) -> Finding:
    """Say which of the step's ``n`` micro-batches made the NaN/Inf."""
    name = finding.origin.input or ""
    if index is None:  # a data finding: the array's name says (``x/micro2/...``)
        marks = [p[len("micro"):] for p in name.split("/") if p.startswith("micro")]
        index = int(marks[0]) if marks and marks[0].isdigit() else None
    if index is None:  # add_note: `nanguard locate` says it too (core.origin_context)
        add_note(finding, f"The step accumulated {n} micro-batches.")
    else:
        add_note(finding, f"It came from micro-batch {index} (0-based) of the {n} "
                          "this step accumulated.")
    return finding
