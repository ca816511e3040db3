"""``nanguard.torch.Recovery``: roll back to a known-good snapshot, back off, quarantine.

The rules are the engine's (``nanguard.core.recovery_policy`` and
``nanguard.core.quarantine_policy``, shared with Keras): when to snapshot, whether
a failed step is the batch's fault (quarantine it, never roll back for it) or the
state's, when trouble calls for a rollback, which snapshot, when to back the
learning rate off and when to stop. This module only does what needs torch:
copy the model's and the optimizer's state into a ring of snapshots, load one
back, scale each param group's learning rate, and name the quarantined samples
from the ``sample_ids`` given to ``guard.step``.

Snapshots are host copies (``state_dict`` tensors copied to the CPU), taken on
the host one step late, when the guard reads a healthy step's outcome: one
device-to-host copy every ``snapshot_every`` steps, never on other steps.

Example:
    >>> guard = nanguard.torch.Guard(model, opt, recovery=nanguard.torch.Recovery())
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import torch

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_policy as rp
from nanguard.core.quarantine import Quarantine, samples_at_fault
from nanguard.errors import InvalidArgumentError

__all__ = ["Recovery"]


def _to_cpu(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, dict):
        return {k: _to_cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_to_cpu(v) for v in value)
    return copy.deepcopy(value)


class Recovery:
    """Rollback, learning-rate back-off and quarantine for :class:`nanguard.torch.Guard`.

    A step that failed on its own (the next step passed), or whose batch already
    held NaN/Inf, is the batch's fault: it is quarantined (``quarantine.json`` in
    the guard's ``logdir``, and :attr:`quarantine`) and never counts towards a
    rollback. :class:`nanguard.torch.QuarantineSampler` then leaves the
    quarantined samples out of later epochs.

    Args:
        snapshot_every: take a known-good snapshot every this many steps.
        ring: snapshots kept.
        max_skips: failed steps of the state (not of a batch) inside ``window``
            that call for a rollback.
        window: the trouble window, in steps.
        skip_batches: updates skipped after a rollback (default 0). The step
            during which the guard rolls back is always skipped too: its
            gradients came from the state just abandoned.
        lr_factor: learning-rate factor at each rollback that follows another one
            without progress.
        lr_floor: the smallest learning-rate factor.
        max_rollbacks: rollbacks in a row without progress before the run stops.
        batch_size: for a loader over an unshuffled dataset without ``sample_ids``:
            batch ``b`` of an epoch holds samples ``b*batch_size ..``. Rows given as
            ``guard.step(..., sample_ids=ids)`` take precedence.
    """

    def __init__(self, snapshot_every: int = 25, ring: int = 4, max_skips: int = 3,
                 window: int = 50, lr_factor: float = 0.5, lr_floor: float = 1.0 / 64,
                 max_rollbacks: int = 3, *, skip_batches: int = 0,
                 batch_size: int | None = None):
        self.config = rp.RecoveryConfig(
            snapshot_every=snapshot_every, ring=ring, max_skips=max_skips, window=window,
            skip_batches=skip_batches, lr_factor=lr_factor, lr_floor=lr_floor,
            max_rollbacks=max_rollbacks,
        )
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
        ):
            raise InvalidArgumentError("batch_size", batch_size, "an int >= 1 or None")
        self.batch_size = batch_size
        self.guard: Any = None
        self.state = rp.init_state(self.config)
        self.qstate = qp.QuarantineState()
        self.quarantine = Quarantine(None, batch_size=batch_size)
        self.snapshots: dict[int, dict] = {}
        self.rollbacks = 0
        self._base_lrs: list = []
        self._where: dict[int, dict] = {}  # failed step -> sample ids / rows (until classified)

    def attach(self, guard: Any) -> None:
        if self.guard is not None and self.guard is not guard:
            raise InvalidArgumentError("recovery", "a Recovery already attached to a Guard",
                                       "one Recovery per Guard")
        self.guard = guard
        if guard.host.logdir is not None:
            self.quarantine.path = Path(guard.host.logdir) / "quarantine.json"
        self._base_lrs = [g["lr"] for g in guard.optimizer.param_groups]
        action, self.state = rp.initial_snapshot(self.state, 0, self.config)
        self._apply_snapshot(action, 0)

    def quarantined_samples(self) -> set[int]:
        """Dataset indices quarantined so far (batches without known rows add none)."""
        return {int(i) for e in self.quarantine.entries.values() for i in e["samples"] or ()}

    # ------------------------------------------------------------------ per step
    def observe(self, host: Any, step_count: int, event: dict | None, healthy: bool,
                persistent: bool, where: dict | None = None) -> bool:
        """One resolved step (host side). Returns True when it rolled back."""
        failures: tuple = ()
        spikes: tuple = ()
        where = where or {}
        if event is not None:
            if event["trigger"] == "spike":
                spikes = (event["step"],)
            else:
                failures = (qp.Failure(event["step"], where.get("epoch", 0), where.get("batch"),
                                       f"{event['trigger']} non-finite", event.get("cause")),)
                self._where[event["step"]] = where
                if len(self._where) > 1024:  # failures the policy never gave back
                    for old in sorted(self._where)[:512]:
                        del self._where[old]
        verdicts, self.qstate = qp.classify(self.qstate,
                                            qp.Observation(step_count, failures, spikes))
        for f in verdicts.batch + verdicts.poison:
            self._quarantine(host, f)
        obs = rp.Observation(
            step=step_count, failures=tuple(f.step for f in verdicts.state + verdicts.suspect),
            spikes=spikes, healthy=healthy, persistent=persistent,
            cleared=tuple(f.step for f in verdicts.batch),
        )
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self._apply_snapshot(action, step_count)
        elif action.kind == rp.ROLLBACK:
            self._rollback(host, action, step_count)
            return True
        elif action.kind == rp.STOP:
            raise host.pipeline().stop_with(
                f"nanguard stopped training at step {step_count - 1}: recovery ran out of "
                f"moves ({action.reason}).", step_count - 1, "recovery")
        return False

    def _quarantine(self, host: Any, f: qp.Failure) -> None:
        where = self._where.pop(f.step, {})
        if f.batch is None:
            return
        samples, rows = samples_at_fault(_ids(where.get("sample_ids")), where.get("rows"))
        new = self.quarantine.add(f.batch, f.epoch, f.step, f.reason, samples=samples,
                                  rows=rows)
        self.quarantine.write()
        samples = self.quarantine.entries[f.batch]["samples"]
        rows = "samples unknown" if samples is None else f"samples {_short(samples)}"
        host.pipeline().log_action(
            "quarantine", f.step,
            f"step {f.step}: quarantined batch {f.batch} of epoch {f.epoch} ({f.reason}; "
            f"{rows})" + ("; listed in quarantine.json" if self.quarantine.path else ""),
            counter="quarantined" if new else None, batch=f.batch, epoch=f.epoch,
            samples=samples)

    def _apply_snapshot(self, action: rp.Action, step: int) -> None:
        for old in action.forget:
            self.snapshots.pop(old, None)
        g = self.guard
        self.snapshots[step] = {
            "model": _to_cpu(g.model.state_dict()),
            "optimizer": _to_cpu(g.optimizer.state_dict()),
        }

    def _rollback(self, host: Any, action: rp.Action, step: int) -> None:
        g = self.guard
        restored = action.candidates[0]
        snap = self.snapshots[restored]
        g.model.load_state_dict(snap["model"])
        g.optimizer.load_state_dict(copy.deepcopy(snap["optimizer"]))
        for group, base in zip(g.optimizer.param_groups, self._base_lrs):
            group["lr"] = base * action.lr_scale
        g._buffers.refresh()
        g._state.override(consecutive=g._state.state.consecutive * 0)
        self.state = rp.rolled_back(self.state, action, restored, step)
        _, self.qstate = qp.after_rollback(self.qstate)
        self._where.clear()
        # Inside guard.step the current step's gradients came from the abandoned state.
        g.skip_next(action.skip_batches + (1 if g._in_step else 0))
        self.rollbacks += 1
        skip = (f"; skipping the next {action.skip_batches} updates"
                if action.skip_batches else "")
        host.pipeline().log_action(
            "rollback", step - 1,
            f"rolled back to the snapshot of step {restored} ({action.reason}); learning "
            f"rate x{action.lr_scale:g}{skip}", counter="rollbacks", restored=restored,
            lr_scale=action.lr_scale, skip_batches=action.skip_batches)


def _ids(sample_ids: Any) -> list[int] | None:
    """A batch's sample ids as a list (a tensor is read only here, on a failure)."""
    if isinstance(sample_ids, torch.Tensor):
        return sample_ids.detach().reshape(-1).cpu().tolist()
    return None if sample_ids is None else list(sample_ids)


def _short(samples: list[int]) -> str:
    head = ", ".join(str(s) for s in samples[:8])
    return head + (f", ... ({len(samples)})" if len(samples) > 8 else "")
