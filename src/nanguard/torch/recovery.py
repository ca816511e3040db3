"""``nanguard.torch.Recovery``: roll back to a known-good snapshot, re-run to diagnose, quarantine.

The rules are the engine's (``nanguard.core.recovery_policy``,
``nanguard.core.quarantine_policy`` and ``nanguard.core.rerun_policy``, shared
with Keras): when to snapshot, whether a failed step is the batch's fault
(quarantine it, never roll back for it) or the state's, when trouble calls for a
rollback, which snapshot, when to back the learning rate off and when to stop.
Before a rollback counts, the failed batches are replayed from the snapshot
(:mod:`nanguard.torch._rerun`): a batch that fails again is at fault (quarantined
and skipped alone, the run goes on from where it was); one that passes says the
state was (the restore stands, no blanket skip). This module only does what
needs torch: the ring of snapshots (:mod:`nanguard.torch._snapshots`, preallocated
copies filled with ``torch._foreach_copy_``; pinned host memory and an
asynchronous copy on CUDA), loading one back, scaling each param group's
learning rate, and naming the quarantined samples from the ``sample_ids`` given
to ``guard.step``.

Snapshots are taken on the host one step late, when the guard reads a healthy
step's outcome: one copy every ``snapshot_every`` steps, never on other steps.

Example:
    >>> guard = nanguard.torch.Guard(model, opt, recovery=nanguard.torch.Recovery())
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_policy as rp
from nanguard.core import rerun_policy as rr
from nanguard.core.quarantine import Quarantine, describe_quarantine, samples_at_fault
from nanguard.errors import InvalidArgumentError
from nanguard.torch._rerun import log_diagnosis, rerun
from nanguard.torch._snapshots import SnapshotRing, copy_all

__all__ = ["Recovery"]


class Recovery:
    """Rollback, re-run diagnosis, learning-rate back-off and quarantine for the torch Guard.

    A step that failed on its own (the next step passed), or whose batch already
    held NaN/Inf, is the batch's fault: it is quarantined (``quarantine.json`` in
    the guard's ``logdir``, and :attr:`quarantine`) and never counts towards a
    rollback. :class:`nanguard.torch.QuarantineSampler` then leaves the
    quarantined samples out of later epochs. When trouble does call for a
    rollback, the failed batches are first replayed from the snapshot (needs the
    guard's ``loss_fn``): failing again, the batch is quarantined and nothing is
    rolled back; passing, the state was at fault and the restore stands.

    Args:
        snapshot_every: take a known-good snapshot every this many steps.
        ring: snapshots kept.
        max_skips: failed steps of the state (not of a batch) inside ``window``
            that call for a rollback.
        window: the trouble window, in steps.
        skip_batches: updates skipped after a rollback that stands; ``None`` (the
            default) follows the diagnosis: none (the failed updates were never
            applied). Never applied after a batch verdict. The step during which
            the guard rolls back is always skipped: its gradients came from the
            state just abandoned.
        lr_factor: learning-rate factor at each rollback that follows another one
            without progress.
        lr_floor: the smallest learning-rate factor.
        max_rollbacks: rollbacks in a row without progress before the run stops.
        batch_size: for a loader over an unshuffled dataset without ``sample_ids``:
            batch ``b`` of an epoch holds samples ``b*batch_size ..``. Rows given as
            ``guard.step(..., sample_ids=ids)`` take precedence.
        snapshot_device: where the snapshot ring lives: ``"device"`` (beside the
            parameters), ``"host"`` (pinned host memory, filled by an asynchronous
            copy on CUDA), or ``"auto"``: host on CUDA, device otherwise.
    """

    def __init__(self, snapshot_every: int = 25, ring: int = 4, max_skips: int = 3,
                 window: int = 50, lr_factor: float = 0.5, lr_floor: float = 1.0 / 64,
                 max_rollbacks: int = 3, *, skip_batches: int | None = None,
                 batch_size: int | None = None, snapshot_device: str = "auto"):
        self.config = rp.RecoveryConfig(
            snapshot_every=snapshot_every, ring=ring, max_skips=max_skips, window=window,
            skip_batches=skip_batches, lr_factor=lr_factor, lr_floor=lr_floor,
            max_rollbacks=max_rollbacks,
        )
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
        ):
            raise InvalidArgumentError("batch_size", batch_size, "an int >= 1 or None")
        if snapshot_device not in ("auto", "device", "host"):
            raise InvalidArgumentError("snapshot_device", snapshot_device,
                                       "'auto', 'device' or 'host'")
        self.batch_size = batch_size
        self.snapshot_device = snapshot_device
        self.guard: Any = None
        self.ring: SnapshotRing | None = None
        self.state = rp.init_state(self.config)
        self.qstate = qp.QuarantineState()
        self.quarantine = Quarantine(None, batch_size=batch_size)
        self.rollbacks = 0
        self.diagnoses: list[dict] = []  # one record per re-run (verdict, steps, snapshot)
        self._where: dict[int, dict] = {}  # failed step -> sample ids / rows (until classified)
        self._kept: dict[int, tuple[Any, Any]] = {}  # failed step -> (batch, RNG) to replay
        self._failed: set[int] = set()  # recent failed steps (non-finite or spike)
        self._batch_verdict_at: int | None = None
        self._abandoned: int | None = None  # the step running when a rollback restored
        self._state_named: set[int] = set()  # failed steps localized to a state cause
        self.corruptions: list[dict] = []  # non-finite state found: {"step", "what"}

    def attach(self, guard: Any) -> None:
        if self.guard is not None and self.guard is not guard:
            raise InvalidArgumentError("recovery", "a Recovery already attached to a Guard",
                                       "one Recovery per Guard")
        self.guard = guard
        if guard.host.logdir is not None:
            self.quarantine.path = Path(guard.host.logdir) / "quarantine.json"
        self.ring = SnapshotRing(guard, self.config.ring, self.snapshot_device)
        action, self.state = rp.initial_snapshot(self.state, 0, self.config)
        self.ring.save(0, action.forget)

    def quarantined_samples(self) -> set[int]:
        """Dataset indices quarantined so far (batches without known rows add none)."""
        return self.quarantine.all_samples()

    @property
    def snapshot_steps(self) -> list[int]:
        """Steps of the snapshots in the ring, oldest first."""
        return [] if self.ring is None else self.ring.steps()

    # ------------------------------------------------------------------ per step
    def observe(self, host: Any, step_count: int, event: dict | None, healthy: bool,
                persistent: bool, where: dict | None = None) -> bool:
        """One resolved step (host side). Returns True when it rolled back."""
        failures: tuple = ()
        spikes: tuple = ()
        where = where or {}
        if event is not None and event["step"] == self._abandoned:
            event = None  # its gradients came from the state a rollback abandoned
        if event is not None:
            self._failed.add(event["step"])
            if event.get("cause") in qp.STATE_CAUSES:
                self._state_named.add(event["step"])
            self._kept[event["step"]] = (where.get("batch_ref"), where.get("rng"))
            if event["trigger"] == "spike":
                spikes = (event["step"],)
            else:
                failures = (qp.Failure(event["step"], where.get("epoch", 0), where.get("batch"),
                                       f"{event['trigger']} non-finite", event.get("cause")),)
                self._where[event["step"]] = where
                if len(self._where) > 1024:  # failures the policy never gave back
                    for old in sorted(self._where)[:512]:
                        del self._where[old]
        # The guard folds the state's finiteness into each step's decision, so a
        # corrupted weight or optimizer slot shows up as a skip: name it here (a host
        # read, on the failure path only) and roll back at once, not after a streak.
        corrupt = self._scan(step_count) if (failures or spikes or persistent) else ""
        if corrupt and event is not None:
            self._state_named.add(event["step"])
        verdicts, self.qstate = qp.classify(self.qstate,
                                            qp.Observation(step_count, failures, spikes))
        for f in verdicts.batch + verdicts.poison:
            self._quarantine(host, f)
        obs = rp.Observation(
            step=step_count, failures=tuple(f.step for f in verdicts.state + verdicts.suspect),
            spikes=spikes, healthy=healthy, persistent=persistent, corrupt=corrupt,
            cleared=tuple(f.step for f in verdicts.batch),
        )
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self.ring.save(step_count, action.forget)
        elif action.kind == rp.ROLLBACK:
            return self._rollback(host, action, step_count, corrupt)
        elif action.kind == rp.STOP:
            self._give_up(host, action.reason, step_count)
        self._forget_old()
        return False

    def _scan(self, step: int) -> str:
        """What of the state is non-finite: ``"nonfinite_weights (0.weight)"``, or "".

        Empty when the state is finite. Optimizer state is looked at first: a NaN
        in a slot is written into the weights by the next update, so the slot is
        the root. Buffers (BatchNorm statistics) count as weights, as the guard
        last committed them: the live ones already hold the running step's
        forward pass, whose batch may be the bad one. One host read per tensor,
        on a failure only.
        """
        g = self.guard
        names = {id(p): n for n, p in g.model.named_parameters()}
        found = ""
        for p in [p for grp in g.optimizer.param_groups for p in grp["params"]]:
            for key, v in (g.optimizer.state.get(p) or {}).items():
                if _nonfinite(v):
                    found = f"nonfinite_optimizer_state ({names.get(id(p), '?')}/{key})"
                    break
            if found:
                break
        if not found:
            named = list(g.model.named_parameters()) + list(zip(g._buffers.names,
                                                                g._buffers.copies))
            found = next((f"nonfinite_weights ({n})" for n, t in named if _nonfinite(t)), "")
        if found:
            self.corruptions.append({"step": step, "what": found})
        return found

    def _forget_old(self) -> None:
        """Keep batches only for the failures a re-run may still replay (bounded memory)."""
        live = set(self.state.failures) | set(self.state.spikes)
        for s in [s for s in self._kept if s not in live]:
            del self._kept[s]
        if len(self._failed) > 4096:
            self._failed = set(sorted(self._failed)[-2048:])
        self._state_named &= live

    def _quarantine(self, host: Any, f: qp.Failure) -> None:
        where = self._where.pop(f.step, {})
        if f.batch is None:
            return
        samples, rows = samples_at_fault(  # known poison names itself when not re-localized
            _ids(where.get("sample_ids")), where.get("rows"), known=self.quarantine.all_samples())
        new = self.quarantine.add(f.batch, f.epoch, f.step, f.reason, samples=samples,
                                  rows=rows)
        self.quarantine.write()
        samples = self.quarantine.entries[f.batch]["samples"]
        host.pipeline().log_action(
            "quarantine", f.step,
            describe_quarantine(f.step, f.batch, f.epoch, f.reason, samples,
                                listed=self.quarantine.path is not None),
            counter="quarantined" if new else None, batch=f.batch, epoch=f.epoch,
            samples=samples)

    # ------------------------------------------------------------------ moves
    def _rollback(self, host: Any, action: rp.Action, step: int, corrupt: str = "") -> bool:
        g = self.guard
        dropped = []
        restored = None
        for s in action.candidates:  # checked finite only now, on the failure path
            if self.ring.get(s) is not None and self.ring.finite(s):
                restored = s
                break
            dropped.append(s)
        if restored is None:
            self._give_up(host, f"{action.reason}; no finite snapshot to restore", step)
        diagnosis = self._diagnose(host, restored, step, corrupt)
        if diagnosis.restore:  # snapshots newer than the restored one hold the abandoned path
            dropped += [s for s in self.ring.steps() if s > restored]
        for s in dropped:
            self.ring.drop(s)
        if not diagnosis.restore:  # the batch alone: no rollback, the live state is back
            self.state = rr.batch_at_fault(self.state, diagnosis.quarantine)._replace(
                snapshots=tuple(s for s in self.state.snapshots if s not in dropped))
            g._state.override(consecutive=g._state.state.consecutive * 0)
            self._forget_old()
            return True
        self.ring.load_rest(restored)  # optimizer state, detector state, RNG
        # The rate as the loop (or its scheduler) has it now, times the back-off change.
        change = action.lr_scale / self.state.lr_scale
        if change != 1.0:
            for group in g.optimizer.param_groups:
                group["lr"] = group["lr"] * change
        g._buffers.refresh()
        g._commit._applied_sigs.clear()  # optimizer state may be gone: first step in sync
        action = action._replace(skip_batches=diagnosis.skip_batches)
        # Inside guard.step the current step's gradients came from the abandoned state:
        # it is skipped, so the restored state first runs at the step after it.
        running = 1 if g._in_step else 0
        self.state = rp.rolled_back(self.state, action, restored, step + running,
                                    tuple(dropped))
        _, self.qstate = qp.after_rollback(self.qstate)
        self._where.clear()
        self._kept.clear()
        g.skip_next(action.skip_batches + running)
        self._abandoned = step if running else None
        self.rollbacks += 1
        skip = (f"; skipping the next {action.skip_batches} updates"
                if action.skip_batches else "")
        host.pipeline().log_action(
            "rollback", step - 1,
            f"rolled back to the snapshot of step {restored} ({action.reason}; "
            f"{diagnosis.verdict} fault); learning rate x{action.lr_scale:g}{skip}",
            counter="rollbacks", restored=restored, lr_scale=action.lr_scale,
            skip_batches=action.skip_batches, refused=dropped, diagnosis=diagnosis.verdict)
        return True

    def _diagnose(self, host: Any, restored: int, step: int, corrupt: str = "") -> rr.Diagnosis:
        """Replay the failed batches from snapshot ``restored``; keep or put back the weights.

        The snapshot's parameters and buffers go into the model for the replay; the
        live ones are kept aside and put back when the batch turns out to be at
        fault (then the run goes on as if that batch had only been skipped).
        """
        g = self.guard
        steps = rr.to_replay(self.state)
        live = [_local(p.detach()) for p in self.ring.params()] + list(g._buffers.buffers)
        with torch.no_grad():
            aside = [t.clone() for t in live]
        self.ring.load_weights(restored)
        replays = rerun(g, steps, self._kept, self.ring.detector(restored))
        last = self._batch_verdict_at  # a step passed since the last batch verdict?
        passed_since = last is None or any(s not in self._failed for s in range(last, step))
        # The localizer named the state (divergence, non-finite weights): a batch that
        # fails again from a snapshot then says the snapshot is on the same path.
        named = any(s in self._state_named for s in steps)
        diagnosis = rr.diagnose(replays, corrupt=corrupt, spikes=self.state.spikes,
                                skip_batches=self.config.skip_batches,
                                allow_batch=passed_since and not named)
        if not diagnosis.restore:
            copy_all(live, aside, non_blocking=False)
        if diagnosis.verdict == rr.BATCH:
            self._batch_verdict_at = step
        self.diagnoses.append(log_diagnosis(host, step, restored, steps, diagnosis))
        for s in diagnosis.quarantine:
            where = self._where.get(s, {})
            f = qp.Failure(s, where.get("epoch", 0), where.get("batch"),
                           f"failed again from the snapshot of step {restored}")
            self._quarantine(host, f)
            if f.batch is not None:
                self.qstate = self.qstate._replace(poison=self.qstate.poison | {f.batch})
        gone = set(diagnosis.quarantine)
        self.qstate = self.qstate._replace(
            pending=tuple(f for f in self.qstate.pending if f.step not in gone))
        return diagnosis

    def _give_up(self, host: Any, reason: str, step: int) -> None:
        reruns = f"; last {self.diagnoses[-1]['text']}" if self.diagnoses else ""
        raise host.pipeline().stop_with(
            f"nanguard stopped training at step {step - 1}: recovery ran out of "
            f"moves ({reason}{reruns}).", step - 1, "recovery")


def _local(t: torch.Tensor) -> torch.Tensor:
    local = getattr(t, "_local_tensor", None)
    return t if local is None else local


def _nonfinite(t: Any) -> bool:
    if not isinstance(t, torch.Tensor):
        return False
    t = _local(t.detach())
    return (t.is_floating_point() or t.is_complex()) and not bool(torch.isfinite(t).all())


def _ids(sample_ids: Any) -> list[int] | None:
    """A batch's sample ids as a list (a tensor is read only here, on a failure)."""
    if isinstance(sample_ids, torch.Tensor):
        return sample_ids.detach().reshape(-1).cpu().tolist()
    return None if sample_ids is None else list(sample_ids)
