"""The device half of a guarded step: norm, decision, clip, and the host mailbox.

Everything here is a device op, so a healthy step never waits on the device:

* the sum of squares of every gradient comes from ``torch._foreach_norm`` in
  float32 (fp16 grads would give a false ``inf`` norm in their own dtype);
* ``nanguard.core.policy.decide`` runs unchanged on the array layer's torch
  backend, bound to the parameters' device;
* with ``Recovery`` attached, the finiteness of every parameter and optimizer
  state tensor is folded into that sum (:func:`nonfinite_term`: 0 or NaN), so a
  corrupted state skips the step in the same decision, with no extra read;
* clipping multiplies the gradients by the decision's scale, computed from a
  finite norm (it is 1 on a skipped step, so NaN never spreads);
* the guard state is packed into one float64 vector and copied to a host
  buffer with ``non_blocking=True`` plus a CUDA event (double-buffered). The host
  reads it one step later, when the copy is long done.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from nanguard.core import policy
from nanguard.numerics.torch_backend import TorchBackend

__all__ = ["grad_sumsq", "nonfinite_term", "DeviceGuardState", "Mailbox", "SCALAR_FIELDS"]

SCALAR_FIELDS = ("step", "skipped", "consecutive", "spikes", "hist_count", "max_loss",
                 "last_loss", "last_gnorm", "last_clip", "last_trigger")
EXTRA_FIELDS = ("applied", "loss_scale_skips")


def _grad_values(g: torch.Tensor) -> torch.Tensor:
    if g.is_sparse:
        return g.coalesce()._values()
    return g


def grad_sumsq(grads: list[torch.Tensor], device: torch.device) -> torch.Tensor:
    """Sum of squares of every gradient entry, float32 on ``device`` (NaN/Inf propagate).

    DTensor gradients (FSDP2) contribute their local shard only; the caller
    all-reduces the sum so every rank sees the global value.
    """
    by_device: dict[torch.device, list[torch.Tensor]] = {}
    for g in grads:
        local = getattr(g, "_local_tensor", None)
        g = _grad_values(local if local is not None else g)
        if g.numel():
            by_device.setdefault(g.device, []).append(g)
    device = torch.device(device)
    parts = []
    for dev, tensors in by_device.items():
        norms = torch._foreach_norm(tensors, 2, dtype=torch.float32)
        part = torch.stack(norms).square().sum()
        parts.append(part if dev == device else part.to(device, non_blocking=True))
    if len(parts) == 1:  # the usual case: one device, no extra add
        return parts[0]
    total = torch.zeros((), dtype=torch.float32, device=device)
    for part in parts:
        total = total + part
    return total


def nonfinite_term(tensors: list[torch.Tensor], device: torch.device) -> torch.Tensor | None:
    """0.0 when every entry of ``tensors`` is finite, NaN otherwise (float32 on ``device``).

    Added to the gradients' sum of squares, it makes the guard skip a step whose
    state is already corrupted (a NaN in Adam's ``exp_avg_sq`` would otherwise be
    written into the weights by that very update) without a read of its own:
    ``x + 0.0`` is ``x`` bitwise for the non-negative sum. One plain ``sum`` per
    tensor (float32 accumulation for 16-bit floats), no temporary: a NaN or Inf
    entry makes it non-finite and ``* 0`` maps that to NaN and any finite sum to
    0. It is a sum, not a sum of squares, so entries up to ~1e30 never overflow
    it (a tensor whose entries add up beyond float32's ~3.4e38 would be taken as
    corrupt). The largest magnitude (``ord=inf``) would be exact but measured 14x
    slower on the CPU (69.7 ms against 5.1 ms for 27M floats, one thread).
    Non-float tensors (integer step counters) are left out, and so are host
    tensors beside accelerator parameters (the CPU ``step`` counter of non-fused
    Adam on CUDA): copying a pageable host value to the device would wait for the
    device, on every step.

    Returns:
        The term, or ``None`` when there is no floating-point tensor to check.
    """
    device = torch.device(device)
    groups: dict[tuple, list[torch.Tensor]] = {}
    for t in tensors:
        local = getattr(t, "_local_tensor", None)
        t = (local if local is not None else t).detach()
        host_beside_device = t.device.type == "cpu" and device.type != "cpu"
        if t.is_floating_point() and t.numel() and not host_beside_device:
            groups.setdefault((t.device, t.dtype), []).append(t)
    term = None
    for (dev, _), group in groups.items():
        with torch.no_grad():
            acc = torch.float32 if group[0].element_size() < 4 else None
            sums = torch.stack([t.sum(dtype=acc) for t in group])
            part = (sums.abs().amax() * 0).to(torch.float32)
        part = part if dev == device else part.to(device, non_blocking=True)
        term = part if term is None else term + part
    return term


def clip_(grads: list[torch.Tensor], scale: torch.Tensor) -> None:
    """Multiply every gradient by ``scale`` in place (one foreach call per device+dtype)."""
    groups: dict[tuple, list[torch.Tensor]] = {}
    for g in grads:
        target = getattr(g, "_local_tensor", None)
        g = target if target is not None else g
        groups.setdefault((g.device, g.dtype), []).append(g)
    with torch.no_grad():
        for (dev, dtype), tensors in groups.items():
            torch._foreach_mul_(tensors, scale.to(device=dev, dtype=dtype, non_blocking=True))


class DeviceGuardState:
    """The policy state as device tensors, advanced by :func:`policy.decide`."""

    def __init__(self, config: policy.GuardConfig, device: torch.device):
        self.config = config
        self.xp = TorchBackend(device)
        self.state = policy.init_state(config, self.xp)
        self.loss_scale_skips = torch.zeros((), dtype=torch.int64, device=self.xp.device)
        self._pad = torch.zeros((), dtype=torch.float64, device=self.xp.device)

    def decide(self, loss: torch.Tensor | None, sumsq: torch.Tensor) -> policy.Decision:
        decision, new_state = policy.decide(self.state, loss, sumsq, self.config, self.xp)
        self.state = new_state
        return decision

    def override(self, **fields: Any) -> None:
        self.state = self.state._replace(**fields)

    def packed(self, applied: torch.Tensor) -> torch.Tensor:
        """Every field in one float64 vector, in two ops.

        ``stack`` and ``cat`` promote types: the float64 pad at the end of the
        scalars makes the whole vector float64 (int64 counters exact to 2**53),
        instead of a reshape and a cast per field.
        """
        s = self.state
        fields = [getattr(s, name) for name in SCALAR_FIELDS]
        fields += [applied, self.loss_scale_skips, self._pad]
        fields = [t if t.dim() == 0 else t.reshape(()) for t in fields]  # no op when 0-dim
        return torch.cat([torch.stack(fields), s.loss_hist, s.gnorm_hist])

    def load(self, values: dict) -> None:
        """Set the state from host values (rollback, or a restored checkpoint)."""
        new = {}
        for name, cur in zip(policy.GuardState._fields, self.state):
            if name in values:
                new[name] = torch.as_tensor(np.asarray(values[name]), device=cur.device).to(
                    cur.dtype).reshape(cur.shape)
        self.state = self.state._replace(**new)
        if "loss_scale_skips" in values:
            self.loss_scale_skips = torch.tensor(int(values["loss_scale_skips"]),
                                                 dtype=torch.int64, device=self.xp.device)


def unpack(vector: np.ndarray, window: int) -> dict:
    """Host view of :meth:`DeviceGuardState.packed`: GuardState field -> numpy value."""
    n = len(SCALAR_FIELDS)
    out: dict[str, Any] = {}
    for i, name in enumerate(SCALAR_FIELDS):
        v = vector[i]
        out[name] = np.int64(v) if name in ("step", "skipped", "consecutive", "spikes",
                                            "hist_count", "last_trigger") else np.float32(v)
    out["applied"] = bool(vector[n])
    out["loss_scale_skips"] = np.int64(vector[n + 1])
    first = n + 3  # after applied, loss_scale_skips and the float64 pad
    out["loss_hist"] = vector[first:first + window].astype(np.float32)
    out["gnorm_hist"] = vector[first + window:first + 2 * window].astype(np.float32)
    return out


class Mailbox:
    """Device -> host copies the host reads one step late, without waiting on the device.

    On CUDA the buffers are pinned and each copy records an event; reading waits
    on that event, which by then belongs to a step that finished long ago. On
    the CPU the copy is an ordinary one.
    """

    def __init__(self, device: torch.device):
        self.device = torch.device(device)
        self.cuda = self.device.type == "cuda"
        self._slots: list[torch.Tensor | None] = [None, None]
        self._events: list[Any] = [None, None]
        self._next = 0

    def post(self, vector: torch.Tensor) -> int:
        """Start the copy of ``vector``; returns the slot to :meth:`read` later."""
        slot = self._next
        self._next = 1 - slot
        buf = self._slots[slot]
        if buf is None or buf.shape != vector.shape:
            buf = torch.empty(vector.shape, dtype=vector.dtype, device="cpu",
                              pin_memory=self.cuda)
            self._slots[slot] = buf
        buf.copy_(vector.detach(), non_blocking=self.cuda)
        if self.cuda:
            event = torch.cuda.Event()
            event.record()
            self._events[slot] = event
        return slot

    def read(self, slot: int) -> np.ndarray:
        event = self._events[slot]
        if event is not None:
            event.synchronize()
            self._events[slot] = None
        return self._slots[slot].numpy().copy()

    def is_buffer(self, tensor: torch.Tensor) -> bool:
        return any(tensor is s for s in self._slots)
