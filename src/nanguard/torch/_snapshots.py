"""Known-good snapshots for ``nanguard.torch.Recovery``: a ring of preallocated copies.

Why not ``state_dict`` copies: a ``state_dict`` walk builds new dicts and a new
tensor per entry at every snapshot (allocation, Python overhead, and on CUDA a
blocking device-to-host copy per tensor). Here each slot of the ring holds one
preallocated buffer per tensor the run can change, filled with
``torch._foreach_copy_`` under ``torch.no_grad``: no allocation after the first
snapshot of a given layout, no host wait.

What a snapshot holds, taken when the host reads a healthy step's outcome (one
step late, inside the next ``guard.step``):

* every parameter (the local shard of a ``DTensor``) and every module buffer, the
  buffers as the guard committed them (its copies: the next step's forward has
  already moved BatchNorm statistics, that step is not decided yet);
* every optimizer state tensor and its Python values (not the param groups'
  options: a snapshot is taken inside the next ``guard.step``, when they may
  already hold that step's learning rate, a schedule's or a user's own);
* the guard's decision state (:data:`nanguard.core.recovery_policy.RESTORED_GUARD_FIELDS`:
  spike window, counters), so a rollback restores the detectors' world too;
* the RNG state at the end of that step.

Where the copies live:

* ``"device"`` (the default on the CPU, where the device *is* the host): the
  ring sits beside the parameters;
* ``"host"`` (the default on CUDA): pinned host buffers filled by an
  asynchronous device-to-host copy (``non_blocking=True``) and a CUDA event.
  The copy is ordered on the current stream before the next update's kernels,
  so it reads the snapshot's values; the host waits on the event only to read
  or to overwrite the slot, long after it finished. (Written for CUDA, run only
  where CUDA is present: this machine has none.)

A snapshot is checked finite only when a rollback wants it (the failure path),
never when it is taken.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import torch

from nanguard.core.recovery_policy import RESTORED_GUARD_FIELDS

__all__ = ["SnapshotRing", "TorchSnapshot", "copy_all"]


def _local(t: torch.Tensor) -> torch.Tensor:
    local = getattr(t, "_local_tensor", None)
    return t if local is None else local


def copy_all(dsts: list[torch.Tensor], srcs: list[torch.Tensor], non_blocking: bool) -> None:
    """``dst.copy_(src)`` for every pair, in one foreach call when torch has it."""
    if not dsts:
        return
    with torch.no_grad():
        foreach = getattr(torch, "_foreach_copy_", None)
        if foreach is not None:
            try:
                foreach(dsts, srcs, non_blocking=non_blocking)
                return
            except (RuntimeError, TypeError):  # mixed devices on an old torch: one by one
                pass
        for d, s in zip(dsts, srcs):
            d.copy_(s, non_blocking=non_blocking)


@dataclass
class TorchSnapshot:
    """One slot of the ring: the buffers and what is not a tensor."""

    step: int = -1
    layout: tuple = ()
    tensors: list[torch.Tensor] = field(default_factory=list)
    # per optimizer parameter (in param-group order): None (no state) or
    # {key: ("t", tensor index) | ("v", python value)}
    opt_state: list[dict | None] = field(default_factory=list)
    rng: dict = field(default_factory=dict)
    event: Any = None  # CUDA: the device-to-host copy's event
    finite: bool | None = None  # checked on the failure path, cached

    def wait(self) -> None:
        if self.event is not None:
            self.event.synchronize()
            self.event = None


class SnapshotRing:
    """Up to ``capacity`` snapshots of one guarded run, keyed by step.

    Args:
        guard: the :class:`nanguard.torch.Guard` (model, optimizer, buffer
            copies, decision state, RNG).
        capacity: slots kept (the recovery policy says which step to forget).
        where: ``"device"``, ``"host"`` or ``"auto"`` (host on CUDA, else device).
    """

    def __init__(self, guard: Any, capacity: int, where: str = "auto"):
        self.guard = guard
        self.capacity = int(capacity)
        device = guard.device
        if where == "auto":
            where = "host" if device.type == "cuda" else "device"
        self.where = where
        self.pinned = where == "host" and device.type == "cuda"
        self._slots: dict[int, TorchSnapshot] = {}
        self._free: list[TorchSnapshot] = []
        self.saved = 0  # snapshots taken so far

    # ------------------------------------------------------------------ sources
    def params(self) -> list[torch.nn.Parameter]:
        seen: set[int] = set()
        out = []
        for g in self.guard.optimizer.param_groups:
            for p in g["params"]:
                if id(p) not in seen:
                    seen.add(id(p))
                    out.append(p)
        for p in self.guard.model.parameters():
            if id(p) not in seen:
                seen.add(id(p))
                out.append(p)
        return out

    def _sources(self) -> tuple[list[torch.Tensor], list[dict | None], list[str]]:
        """Every tensor to copy (in a fixed order), the optimizer layout, detector names."""
        g = self.guard
        params = self.params()
        srcs = [_local(p.detach()) for p in params]
        srcs += list(g._buffers.copies)
        opt_state: list[dict | None] = []
        for p in params:
            state = g.optimizer.state.get(p)
            if not state:
                opt_state.append(None)
                continue
            entry = {}
            for k, v in state.items():
                if isinstance(v, torch.Tensor):
                    entry[k] = ("t", len(srcs))
                    srcs.append(_local(v.detach()))
                else:
                    entry[k] = ("v", copy.deepcopy(v))
            opt_state.append(entry)
        detector = [f for f in RESTORED_GUARD_FIELDS if hasattr(g._state.state, f)]
        srcs += [getattr(g._state.state, f).detach() for f in detector]
        return srcs, opt_state, detector

    def _buffer(self, src: torch.Tensor) -> torch.Tensor:
        if self.where == "host":
            return torch.empty(src.shape, dtype=src.dtype, device="cpu", pin_memory=self.pinned)
        return torch.empty_like(src, memory_format=torch.preserve_format)

    # ------------------------------------------------------------------ save / load
    def save(self, step: int, forget: tuple[int, ...] = ()) -> None:
        """Copy the run's state into a free slot as the snapshot of ``step``."""
        for old in forget:
            self.drop(old)
        if step in self._slots:
            self.drop(step)
        while len(self._slots) >= self.capacity:
            self.drop(min(self._slots))
        srcs, opt_state, _ = self._sources()
        layout = tuple((tuple(s.shape), s.dtype, s.device) for s in srcs)
        slot = self._free.pop() if self._free else TorchSnapshot()
        slot.wait()
        if slot.layout != layout:  # first snapshot, or the optimizer made its state
            slot.tensors = [self._buffer(s) for s in srcs]
            slot.layout = layout
        copy_all(slot.tensors, srcs, non_blocking=self.pinned)
        if self.pinned:
            slot.event = torch.cuda.Event()
            slot.event.record()
        g = self.guard
        slot.step = int(step)
        slot.opt_state = opt_state
        slot.rng = g._rng
        slot.finite = None
        self._slots[slot.step] = slot
        self.saved += 1

    def steps(self) -> list[int]:
        return sorted(self._slots)

    def get(self, step: int) -> TorchSnapshot | None:
        return self._slots.get(int(step))

    def drop(self, step: int) -> None:
        slot = self._slots.pop(int(step), None)
        if slot is not None:
            self._free.append(slot)  # its buffers are reused by the next snapshot

    def finite(self, step: int) -> bool:
        """Every floating value of the snapshot is finite (read on the failure path)."""
        slot = self._slots[int(step)]
        if slot.finite is None:
            slot.wait()
            floats = [t for t in slot.tensors if t.is_floating_point() or t.is_complex()]
            slot.finite = all(bool(torch.isfinite(t).all()) for t in floats)
        return slot.finite

    def detector(self, step: int) -> dict:
        """The guard decision state saved with snapshot ``step``, as host arrays."""
        slot = self._slots[int(step)]
        slot.wait()
        names = [f for f in RESTORED_GUARD_FIELDS if hasattr(self.guard._state.state, f)]
        tail = slot.tensors[len(slot.tensors) - len(names):]
        return {n: t.detach().cpu().numpy().copy() for n, t in zip(names, tail)}

    def load_weights(self, step: int) -> None:
        """Parameters and buffers from snapshot ``step`` (what a replay needs)."""
        slot = self._slots[int(step)]
        slot.wait()
        g = self.guard
        params = self.params()
        live = [_local(p.detach()) for p in params] + list(g._buffers.buffers)
        copy_all(live, slot.tensors[:len(live)], non_blocking=self.pinned)

    def load_rest(self, step: int) -> None:
        """Optimizer state, detector state and RNG of snapshot ``step``.

        Tensors present now with the same layout are written in place (whatever
        holds a reference to them, e.g. a fused optimizer, stays valid); state the
        optimizer created after the snapshot is removed, as it was not there.
        """
        slot = self._slots[int(step)]
        slot.wait()
        g = self.guard
        opt = g.optimizer
        dsts, srcs = [], []
        for p, entry in zip(self.params(), slot.opt_state):
            if entry is None:
                opt.state.pop(p, None)
                continue
            live = opt.state[p]
            for k in [k for k in live if k not in entry]:
                del live[k]
            for k, (kind, value) in entry.items():
                if kind == "v":
                    live[k] = copy.deepcopy(value)
                    continue
                shape, dtype, device = slot.layout[value]
                cur = live.get(k)
                if (isinstance(cur, torch.Tensor) and tuple(_local(cur).shape) == shape
                        and cur.dtype == dtype and _local(cur).device == device):
                    dsts.append(_local(cur))
                    srcs.append(slot.tensors[value])
                else:
                    live[k] = slot.tensors[value].to(device=device, copy=True)
        copy_all(dsts, srcs, non_blocking=self.pinned)
        names = [f for f in RESTORED_GUARD_FIELDS if hasattr(g._state.state, f)]
        tail = slot.tensors[len(slot.tensors) - len(names):]
        g._state.override(**{
            n: t.to(device=getattr(g._state.state, n).device, copy=True)
            for n, t in zip(names, tail)
        })
        from nanguard.torch._replay import set_rng_state

        set_rng_state(slot.rng)
        g._rng = slot.rng
