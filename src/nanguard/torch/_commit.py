"""Apply ``optimizer.step()`` only when a device flag says so: bitwise, sync-free.

Three tiers, chosen per optimizer and per step (design notes, section 1.3):

* **native**: optimizers whose every group is ``fused`` set
  ``_step_supports_amp_scaling``; their kernels read ``opt.found_inf`` and return
  early when it is exactly ``1.0`` (2.0 does not skip: it is built as
  ``(~apply).float()``, never a sum). Adam/Adagrad add 1 to ``step`` and then
  subtract ``found_inf``, a bitwise no-op below 2**24.
* **masked**: any other optimizer. Every tensor the step may change (the
  parameters with a gradient and every optimizer state tensor) is copied into a
  reusable snapshot, the user's ``step()`` runs, and
  ``where(apply, current, snapshot)`` writes the result back in place. ``where``
  selects bits, so a skipped step is bitwise undone and a healthy one is bitwise
  the plain step (scaling by 0 is not a skip: ``-0.0 * 1 + x * 0`` is ``+0.0``
  and moments still decay). Tensors on another device than the flag (the CPU
  ``step`` of non-fused Adam on CUDA) and immutable Python values the step
  replaced (a user optimizer's float state) are fixed up one step late, when the
  host reads the flag anyway (see :class:`HostFixup`).
* **sync**: the flag is read on the host and ``step()`` is called only when
  healthy. The default on the CPU, where a read waits for nothing. Used on the
  first step with a new set of parameters (the optimizer
  creates its lazy state then: a skipped first step must leave no state, and
  fused SGD would keep ``empty_like`` garbage as momentum), for LBFGS (its
  closure re-evaluates the model and its state holds lists), and for optimizers
  whose state holds mutable Python containers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

__all__ = ["CommitEngine", "HostFixup", "BufferGuard"]

_IMMUTABLE = (int, float, bool, complex, str, bytes, type(None), tuple, frozenset)


@dataclass
class HostFixup:
    """What to undo on the host if the step turns out to be skipped (lag-1)."""

    # (container, key, value before the step, value the step left)
    values: list[tuple[dict, Any, Any, Any]] = field(default_factory=list)
    # (tensor, its snapshot, the tensor's _version right after the step)
    tensors: list[tuple[torch.Tensor, torch.Tensor, int]] = field(default_factory=list)

    def undo(self) -> None:
        """Restore what the skipped step changed, unless someone changed it since."""
        for container, key, before, after in self.values:
            if key in container and container[key] is after:
                container[key] = before
        with torch.no_grad():
            for tensor, snap, version in self.tensors:
                if tensor._version == version:
                    tensor.copy_(snap)

    def __bool__(self) -> bool:  # an empty fix-up needs no flag read
        return bool(self.values or self.tensors)


def _host_values(optimizer: torch.optim.Optimizer, params: list) -> list[tuple[dict, Any, Any]]:
    """Every non-tensor value the step could replace: per-param state and group options."""
    out = []
    for p in params:
        state = optimizer.state.get(p)
        if state:
            out.extend((state, k, v) for k, v in state.items() if not isinstance(v, torch.Tensor))
    for group in optimizer.param_groups:
        out.extend((group, k, v) for k, v in group.items()
                   if k != "params" and not isinstance(v, torch.Tensor))
    return out


class CommitEngine:
    """Run the user's optimizer so that a skipped step changes nothing.

    Args:
        optimizer: the user's optimizer (any ``torch.optim.Optimizer``).
        device: the device the apply flag lives on.
        mode: ``"async"`` (native when supported, else masked: never reads the
            flag), ``"sync"`` (reads it), or ``"auto"``: ``"sync"`` on the CPU, where
            there is no asynchronous device to wait for and reading the flag is
            free (it also saves the snapshot), ``"async"`` elsewhere.
    """

    def __init__(self, optimizer: torch.optim.Optimizer, device: torch.device, mode: str = "auto"):
        self.optimizer = optimizer
        self.device = torch.device(device)
        self.needs_closure = isinstance(optimizer, torch.optim.LBFGS)
        if mode == "auto":
            mode = "sync" if self.device.type == "cpu" else "async"
        self.mode = mode
        self.forced_sync = mode == "sync" or self.needs_closure
        self._applied_sigs: set[tuple] = set()
        self._snaps: dict[tuple, tuple[list, list]] = {}
        self.last_tier: str | None = None

    # ------------------------------------------------------------------ choice
    def native_supported(self) -> bool:
        opt = self.optimizer
        return bool(getattr(opt, "_step_supports_amp_scaling", False)) and all(
            g.get("fused") for g in opt.param_groups
        )

    def _mutable_state(self, params: list) -> bool:
        for p in params:
            for v in (self.optimizer.state.get(p) or {}).values():
                if not isinstance(v, (torch.Tensor, *_IMMUTABLE)):
                    return True
        return False

    def tier(self, params: list, sig: tuple) -> str:
        if self.forced_sync or sig not in self._applied_sigs:
            return "sync"
        if self.native_supported():
            return "native"
        if self._mutable_state(params):
            return "sync"
        return "masked"

    # ------------------------------------------------------------------ commit
    def commit(
        self,
        apply: torch.Tensor,
        params: list,
        sig: tuple,
        closure: Callable[[], Any] | None = None,
    ) -> HostFixup:
        """Step the optimizer under ``apply`` (a 0-dim bool on ``self.device``).

        Returns:
            The host fix-up to run if the host later learns the step was skipped.
        """
        tier = self.tier(params, sig)
        self.last_tier = tier
        if tier == "sync":
            # The documented fallback: one host read of the flag.
            if bool(apply):
                self._step(closure)
                self._applied_sigs.add(sig)
            return HostFixup()
        pending = self.begin(apply, params, sig, tier)
        try:
            self._step(closure)
        finally:
            fix = self.end(pending)
        return fix

    def begin(self, apply: torch.Tensor, params: list, sig: tuple, tier: str | None = None):
        """Before someone else steps the optimizer (Lightning, Hugging Face): prepare the undo.

        ``tier`` ``None`` picks native or masked; a first step (new lazy state) is
        masked too, and :meth:`end` then deletes the state it created if the step
        was skipped (one host read, on that first step only).
        """
        if tier is None:
            first = sig not in self._applied_sigs
            tier = "native" if self.native_supported() and not first else "masked"
            self.last_tier = tier
        if tier == "native":
            opt = self.optimizer
            opt.found_inf = torch.logical_not(apply).to(torch.float32)  # exactly 0.0 or 1.0
            opt.grad_scale = None
            return ("native", apply, params, sig, None)
        return ("masked", apply, params, sig, self._snapshot(params, sig))

    def end(self, pending) -> HostFixup:
        """After the optimizer stepped: select the old values back where ``apply`` is False."""
        tier, apply, params, sig, snap = pending
        if tier == "native":
            del self.optimizer.found_inf
            del self.optimizer.grad_scale
            self._applied_sigs.add(sig)
            return HostFixup()
        return self._select(apply, params, sig, snap)

    def _step(self, closure):
        if closure is not None:
            return self.optimizer.step(closure)
        return self.optimizer.step()

    def _slots(self, params: list) -> list[tuple[Any, Any, torch.Tensor]]:
        """(container, key, tensor) for every tensor the step may change (params: no key)."""
        slots: list[tuple[Any, Any, torch.Tensor]] = [(None, None, p) for p in params]
        for p in params:
            state = self.optimizer.state.get(p)
            if state:
                slots.extend((state, k, v) for k, v in state.items() if isinstance(v, torch.Tensor))
        return slots

    def _snapshot(self, params, sig):
        slots = self._slots(params)
        tensors = [_local(t) for _, _, t in slots]
        cached = self._snaps.get(sig)
        if cached is None or len(cached[0]) != len(tensors) or any(
            a is not b for a, b in zip(cached[0], tensors)
        ):
            snaps = [torch.empty_like(t) for t in tensors]
            self._snaps[sig] = (tensors, snaps)
        else:
            snaps = cached[1]
        local = [i for i, t in enumerate(tensors) if t.device == self.device]
        with torch.no_grad():
            if local:
                torch._foreach_copy_([snaps[i] for i in local], [tensors[i] for i in local])
            for i, t in enumerate(tensors):
                if t.device != self.device:
                    snaps[i].copy_(t, non_blocking=True)
        keys = {id(p): set((self.optimizer.state.get(p) or {}).keys()) for p in params}
        return slots, snaps, _host_values(self.optimizer, params), keys

    def _select(self, apply, params, sig, snap) -> HostFixup:
        slots, snaps, before, keys = snap
        fix = HostFixup()
        with torch.no_grad():
            for (container, key, old), saved in zip(slots, snaps):
                cur = old if container is None else container.get(key, old)
                same = cur is old
                cur, old = _local(cur), _local(old)
                if cur.device != self.device:
                    # Cannot select on another device without a sync: fix up lag-1.
                    fix.tensors.append((cur, saved, cur._version))
                elif same:
                    torch.where(apply, cur, saved, out=cur)
                else:  # the step rebound the state entry to a new tensor
                    container[key] = torch.where(apply, cur, saved)
        for container, key, old in before:
            new = container.get(key, old)
            if new is not old:
                fix.values.append((container, key, old, new))
        created = [(p, k) for p in params
                   for k in (self.optimizer.state.get(p) or {}) if k not in keys[id(p)]]
        if created:
            # A first step created lazy state: keep it only if the step was applied.
            if bool(apply):  # one host read, on a first step only
                self._applied_sigs.add(sig)
            else:
                for p, k in created:
                    del self.optimizer.state[p][k]
                for p in params:
                    if p in self.optimizer.state and not self.optimizer.state[p]:
                        del self.optimizer.state[p]
        else:
            self._applied_sigs.add(sig)
        return fix


class BufferGuard:
    """Keep module buffers (BatchNorm statistics) bitwise as they were on a skip.

    The forward pass updates buffers before the guard sees the step, so the
    guard keeps a copy taken at the end of the previous step and selects:
    ``buffer = where(apply, buffer, copy)``, then refreshes the copy.

    Args:
        model: the guarded module.
        device: the device of the apply flag.
    """

    def __init__(self, model: torch.nn.Module, device: torch.device):
        self.device = torch.device(device)
        self.buffers = [_local(b) for b in model.buffers() if b is not None]
        self.names = [n for n, b in model.named_buffers() if b is not None]
        with torch.no_grad():
            self.copies = [b.detach().clone() for b in self.buffers]

    def commit(self, apply: torch.Tensor) -> None:
        if not self.buffers:
            return
        with torch.no_grad():
            for buf, copy in zip(self.buffers, self.copies):
                flag = apply if buf.device == self.device else apply.to(buf.device,
                                                                        non_blocking=True)
                torch.where(flag, buf, copy, out=buf)
            torch._foreach_copy_(self.copies, self.buffers)

    def refresh(self) -> None:
        """Take the current buffers as the known state (after a rollback loaded them)."""
        if self.buffers:
            with torch.no_grad():
                torch._foreach_copy_(self.copies, self.buffers)

    def swap_in_previous(self) -> list[torch.Tensor]:
        """Load the copies (the buffers before the current forward); return the current."""
        with torch.no_grad():
            current = [b.detach().clone() for b in self.buffers]
            for buf, copy in zip(self.buffers, self.copies):
                buf.copy_(copy)
        return current

    def restore(self, current: list[torch.Tensor]) -> None:
        with torch.no_grad():
            for buf, value in zip(self.buffers, current):
                buf.copy_(value)


def _local(t: torch.Tensor) -> torch.Tensor:
    """The shard a rank holds of a DTensor (FSDP2); the tensor itself otherwise.

    Snapshots and selects work on the local shard in place: mixing a DTensor
    with the plain flag tensor in one op is an error, and each rank only needs
    to undo its own shard.
    """
    local = getattr(t, "_local_tensor", None)
    return t if local is None else local
