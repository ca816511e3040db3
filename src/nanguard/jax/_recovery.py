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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_policy as rp
from nanguard.core.quarantine import Quarantine, samples_at_fault
from nanguard.errors import InvalidArgumentError
from nanguard.jax._guard import GuardedState

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

    def __init__(self, config: rp.RecoveryConfig, logdir: Any = None, log: Any = None):
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

    def quarantined_samples(self) -> set[int]:
        """Dataset indices quarantined so far (batches without ``sample_ids`` add none)."""
        return {int(i) for e in self.quarantine.entries.values() for i in e["samples"] or ()}

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
        if failure is not None:
            self._where[failure.step] = where or {}
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
                    restored = self._restore(candidate, action.lr_scale, opt_state,
                                             action.skip_batches)
                    self.state = rp.rolled_back(self.state, action, candidate, step)
                    _, self.qstate = qp.after_rollback(self.qstate)
                    self._where.clear()
                    return action._replace(candidates=(candidate,)), restored
            return rp.Action(rp.STOP, f"{action.reason}; no snapshot to return to"), None
        return action, None

    def _quarantine(self, f: qp.Failure) -> None:
        where = self._where.pop(f.step, {})
        if f.batch is None:
            return
        ids = where.get("sample_ids")
        samples, rows = samples_at_fault(
            None if ids is None else np.asarray(ids).reshape(-1).tolist(), where.get("rows"))
        new = self.quarantine.add(f.batch, f.epoch, f.step, f.reason, samples=samples,
                                  rows=rows)
        self.quarantine.write()
        entry = self.quarantine.entries[f.batch]
        what = ("samples unknown" if entry["samples"] is None
                else f"samples {entry['samples'][:8]}" + (" ..." if len(entry["samples"]) > 8
                                                          else ""))
        if self._log is not None:
            self._log("quarantine", f.step,
                      f"step {f.step}: quarantined batch {f.batch} of epoch {f.epoch} "
                      f"({f.reason}; {what})"
                      + ("; listed in quarantine.json" if self.quarantine.path else ""),
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
            return g._replace(guard=g.guard._replace(**totals),
                              lr_scale=jnp.asarray(lr_scale, jnp.float32),
                              force_skip=jnp.asarray(skip_batches, jnp.int32))

        return _copy(params), _with_guard(_copy(opt_state), fix)
