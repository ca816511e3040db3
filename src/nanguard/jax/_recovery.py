"""Rollback for a guarded JAX loop: the shared recovery policy over PyTree snapshots.

``nanguard.core.recovery_policy`` decides (snapshot, roll back, back the
learning rate off, stop); this module only keeps the snapshots and applies the
actions. A snapshot is a device-side copy of ``(params, opt_state)`` taken after
a healthy step (``jnp.copy`` per leaf: asynchronous, no host transfer), so it
survives buffer donation of the live state. A rollback hands the loop a
snapshot back; the guard's totals (steps, skips, spikes) keep counting what
happened, its detector window comes from the snapshot, and ``lr_scale`` in the
guard state carries the policy's learning-rate factor into every later update.

A failed step is first classified by ``nanguard.core.quarantine_policy`` (shared
with Keras and PyTorch): a step that failed on its own (the next one passed), or
whose localized cause is the data (``nonfinite_input``), is the batch's fault. Its
batch is quarantined (``quarantine.json`` in the Monitor's logdir, with the
samples at fault when the loop passes ``sample_ids``) and it never counts towards a
rollback; only failures of the state do.

Before a rollback counts, the failed batches are re-run from the snapshot it is
about to restore (:mod:`nanguard.core.rerun_policy`, :mod:`nanguard.jax._rerun`;
needs the Monitor's ``loss_fn``): a batch that fails again is at fault, so it is
quarantined and skipped alone and nothing is restored (the failed steps were
skipped bitwise, so the live state is the state without them); a batch that
passes says the state was at fault, and the snapshot is restored with no blanket
skip (``skip_batches=None``). A replay is judged by the guard's own decision
against the snapshot's detector window, spikes included (as in Keras and torch).
The verdict is a ``rerun`` run-log event. The
guard's ``consecutive`` counter on the device is not reset by a batch verdict;
it resets at the next applied step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_policy as rp
from nanguard.core import rerun_policy as rr
from nanguard.core.quarantine import Quarantine, describe_quarantine, samples_at_fault
from nanguard.errors import InvalidArgumentError
from nanguard.jax._guard import GuardedState
from nanguard.jax._rerun import Replayer, judge_from, nonfinite_leaves

__all__ = ["PyTreeRecovery"]

# Totals keep counting across a rollback; everything else in the guard state is restored.
_KEPT_TOTALS = ("step", "skipped", "spikes")


def _copy(tree: Any) -> Any:
    return jax.tree_util.tree_map(lambda x: jnp.copy(x) if isinstance(x, jax.Array) else x, tree)


def _with_guard(opt_state: Any, fn) -> Any:
    """``opt_state`` with its ``GuardedState`` replaced by ``fn(guarded_state)``."""
    if isinstance(opt_state, GuardedState):
        return fn(opt_state)
    if isinstance(opt_state, tuple) and hasattr(opt_state, "_fields"):
        return type(opt_state)(*(_with_guard(v, fn) for v in opt_state))
    if isinstance(opt_state, (tuple, list)):
        return type(opt_state)(_with_guard(v, fn) for v in opt_state)
    if isinstance(opt_state, dict):
        return {k: _with_guard(v, fn) for k, v in opt_state.items()}
    return opt_state


class PyTreeRecovery:
    """Snapshots and rollbacks of ``(params, opt_state)`` driven by ``core.recovery_policy``."""

    def __init__(self, config: rp.RecoveryConfig, logdir: Any = None, log: Any = None,
                 loss_fn: Any = None):
        if not isinstance(config, rp.RecoveryConfig):
            raise InvalidArgumentError(
                "recovery", config, "a nanguard.core.recovery_policy.RecoveryConfig or None")
        self.config = config
        self.state = rp.init_state(config)
        self.snapshots: dict[int, tuple[Any, Any]] = {}
        self.qstate = qp.QuarantineState()
        self.quarantine = Quarantine(None if logdir is None else Path(logdir) / "quarantine.json")
        self._log = log  # (kind, step, message, **fields) -> None: the Monitor's run log
        self._where: dict[int, dict] = {}  # failed step -> sample ids / rows, until classified
        self._failed: dict[int, tuple] = {}  # failed step -> (Failure, batch), for the re-run
        self._spiked: dict[int, tuple] = {}  # spike step -> batch, for the re-run
        self._replayer = Replayer(loss_fn)
        self._batch_verdict_at: int | None = None  # host step of the last batch verdict
        self._passed_since = True  # a healthy step since then?
        self.diagnoses: list[dict] = []  # one record per re-run (verdict, steps, snapshot)

    def quarantined_samples(self) -> set[int]:
        """Dataset indices quarantined so far (batches without ``sample_ids`` add none)."""
        return self.quarantine.all_samples()

    def observe(self, step: int, *, failure: qp.Failure | None, spike: bool, healthy: bool,
                persistent: bool, params: Any, opt_state: Any, where: dict | None = None,
                ) -> tuple[rp.Action, tuple[Any, Any] | None]:
        """One read step: ``(action, restored (params, opt_state) or None)``.

        ``step`` is the host step count after the read step; ``params``/``opt_state``
        are that step's outputs (snapshotted when a snapshot is due and it was healthy);
        ``failure`` is its non-finite skip, if any; ``where`` its ``sample_ids``/``rows``.
        """
        if not self.snapshots and healthy and opt_state is not None:
            action, self.state = rp.initial_snapshot(self.state, step, self.config)
            self._apply_snapshot(action, step, params, opt_state)
        if healthy:
            self._passed_since = True
        if failure is not None:
            where = dict(where or {})
            self._failed[failure.step] = (failure, where.pop("batch", None))
            self._where[failure.step] = where
            for old in sorted(self._failed)[:-16]:  # the re-run replays the newest 8
                del self._failed[old]
        if spike:
            self._spiked[step - 1] = (where or {}).get("batch")
            for old in sorted(self._spiked)[:-16]:
                del self._spiked[old]
        verdicts, self.qstate = qp.classify(self.qstate, qp.Observation(
            step, (failure,) if failure is not None else (), (step - 1,) if spike else ()))
        for f in verdicts.batch + verdicts.poison:
            self._quarantine(f)
        obs = rp.Observation(step=step,
                             failures=tuple(f.step for f in verdicts.state + verdicts.suspect),
                             spikes=(step - 1,) if spike else (), healthy=healthy,
                             persistent=persistent,
                             cleared=tuple(f.step for f in verdicts.batch))
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self._apply_snapshot(action, step, params, opt_state)
        elif action.kind == rp.ROLLBACK:
            for candidate in action.candidates:
                if candidate in self.snapshots:
                    diagnosis = self._diagnose(candidate, step, params)
                    if not diagnosis.restore:  # the batch alone: nothing restored
                        self.state = rr.batch_at_fault(self.state, diagnosis.quarantine)
                        return rp.Action(rp.NONE, diagnosis.text), None
                    action = action._replace(skip_batches=diagnosis.skip_batches)
                    restored = self._restore(candidate, action.lr_scale, opt_state,
                                             action.skip_batches)
                    self.state = rp.rolled_back(self.state, action, candidate, step)
                    _, self.qstate = qp.after_rollback(self.qstate)
                    self._where.clear()
                    self._failed.clear()
                    self._spiked.clear()
                    return action._replace(candidates=(candidate,)), restored
            return rp.Action(rp.STOP, f"{action.reason}; no snapshot to return to"), None
        return action, None

    def _diagnose(self, snapshot: int, step: int, live_params: Any) -> rr.Diagnosis:
        """Re-run the failed batches from snapshot ``snapshot``; say and apply the verdict."""
        steps = rr.to_replay(self.state)  # failures and spikes, judged as the guard would
        batches = {s: b for s, b in self._spiked.items() if b is not None}
        batches.update({s: b for s, (_, b) in self._failed.items() if b is not None})
        snap_params, snap_opt_state = self.snapshots[snapshot]
        replays = self._replayer.rerun(snap_params, steps, batches, judge_from(snap_opt_state))
        diagnosis = rr.diagnose(
            replays, corrupt=nonfinite_leaves(live_params), spikes=self.state.spikes,
            skip_batches=self.config.skip_batches,
            allow_batch=self._batch_verdict_at is None or self._passed_since)
        if diagnosis.verdict == rr.BATCH:
            self._batch_verdict_at, self._passed_since = step, False
        ev = rr.rerun_event(step, snapshot, steps, diagnosis)  # the engine's rendering
        self.diagnoses.append(ev.record)
        if self._log is not None:
            self._log("rerun", ev.step, ev.text, counter="reruns", **ev.fields)
        gone = [self._failed.pop(s)[0] for s in diagnosis.quarantine if s in self._failed]
        for f in gone:
            self._quarantine(f._replace(
                reason=f"{f.reason}; failed again from the snapshot of step {snapshot}"))
        steps_gone = {f.step for f in gone}
        self.qstate = self.qstate._replace(  # known poison from now on, like classify's
            pending=tuple(f for f in self.qstate.pending if f.step not in steps_gone),
            poison=self.qstate.poison | {f.batch for f in gone if f.batch is not None})
        return diagnosis

    def _quarantine(self, f: qp.Failure) -> None:
        where = self._where.pop(f.step, {})
        if f.batch is None:
            return
        ids = where.get("sample_ids")
        samples, rows = samples_at_fault(  # known poison names itself when not re-localized
            None if ids is None else np.asarray(ids).reshape(-1).tolist(), where.get("rows"),
            known=self.quarantine.all_samples())
        new = self.quarantine.add(f.batch, f.epoch, f.step, f.reason, samples=samples,
                                  rows=rows)
        self.quarantine.write()
        entry = self.quarantine.entries[f.batch]
        if self._log is not None:
            self._log("quarantine", f.step,
                      describe_quarantine(f.step, f.batch, f.epoch, f.reason, entry["samples"],
                                          listed=self.quarantine.path is not None),
                      counter="quarantined" if new else None, batch=f.batch, epoch=f.epoch,
                      samples=entry["samples"])

    def _apply_snapshot(self, action: rp.Action, step: int, params: Any, opt_state: Any):
        if action.kind != rp.SNAPSHOT or opt_state is None:
            return
        for old in action.forget:
            self.snapshots.pop(old, None)
        self.snapshots[step] = (_copy(params), _copy(opt_state))

    def _restore(self, step: int, lr_scale: float, current: Any,
                 skip_batches: int = 0) -> tuple[Any, Any]:
        params, opt_state = self.snapshots[step]
        totals = {}
        donated = current is not None and any(  # then the snapshot's totals stand
            getattr(x, "is_deleted", lambda: False)() for x in jax.tree_util.tree_leaves(current))
        if current is not None and not donated:
            _with_guard(current, lambda g: totals.update(
                {k: getattr(g.guard, k) for k in _KEPT_TOTALS}) or g)

        def fix(g: GuardedState) -> GuardedState:
            return g.replace(guard=g.guard._replace(**totals),
                             lr_scale=jnp.asarray(lr_scale, jnp.float32),
                             force_skip=jnp.asarray(skip_batches, jnp.int32))

        return _copy(params), _with_guard(_copy(opt_state), fix)
