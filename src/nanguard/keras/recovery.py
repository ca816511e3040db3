"""``nanguard.keras.Recovery``: roll back to a known-good snapshot, back off, quarantine.

Skipping a bad step keeps NaN off the weights, but some failures are not one bad
step: a learning-rate spike applies a huge (finite) update, a NaN written into a
weight or an optimizer slot poisons every later step. ``Recovery`` plugs into
:class:`nanguard.keras.Guard` through the contract of
:mod:`nanguard.core.recovery_contract` and

- tells the batch's faults from the state's (:mod:`nanguard.core.quarantine_policy`):
  a batch that failed on its own is quarantined and skipped, never rolled back for;
- rolls back to a recent snapshot when the *state* is in trouble (a streak of
  failures, repeated spikes, or non-finite weights or optimizer slots found on
  the host), restoring the guard's detector state with the variables;
- first re-runs the failed batches from that snapshot (:mod:`nanguard.core.rerun_policy`,
  :mod:`nanguard.keras._rerun`): a batch that fails again is at fault and is skipped
  alone (no rollback); one that passes says the state was, and the rollback stands;
- backs the learning rate off only when a rollback did not fix it, and stops only
  when it has run out of moves (:mod:`nanguard.core.recovery_policy`).

Snapshots are kept on the device by default (:mod:`nanguard.keras._device_ring`:
one traced copy per snapshot, the host copy only at a rollback), or as ``.npz``
files with sha256 (:mod:`nanguard.core.snapshots`); what they hold is
:mod:`nanguard.keras._recovery_state`.

Example:
    >>> guard = nanguard.keras.Guard(logdir="runs/a", spike=True,
    ...                              recovery=nanguard.keras.Recovery())
    >>> model.fit(x, y, callbacks=[guard])                      # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_policy as rp
from nanguard.core import rerun_policy as rr
from nanguard.core.quarantine import Quarantine, exclude_quarantined
from nanguard.core.recovery_contract import RecoveryContext
from nanguard.core.runlog import check_writable_dir
from nanguard.core.snapshots import DiskRing, Snapshot
from nanguard.errors import InvalidArgumentError
from nanguard.keras._device_ring import DeviceRing
from nanguard.keras._lr_scale import LearningRateScaler, ScaledSchedule
from nanguard.keras._recovery_quarantine import quarantine_failure
from nanguard.keras._recovery_state import GUARD_PREFIX, RecoveryVariables
from nanguard.keras._rerun import log_diagnosis, rerun
from nanguard.numerics._xp import _NUMPY

__all__ = ["Recovery", "ScaledSchedule", "exclude_quarantined"]


class Recovery:
    """Rollback, learning-rate back-off and quarantine for :class:`nanguard.keras.Guard`.

    Keeps a run alive through a dirty dataset, a corrupted weight and a ruinous
    update: it returns to a known-good state only when the *state* is at fault.

    Args:
        snapshot_every: keep a known-good snapshot every this many steps (only
            taken when the last step was applied and no cool-down runs). Each one
            is checked finite when taken (in memory: on the device, the verdict is
            read when a rollback loads it). 25: on the reference conv model a
            device snapshot costs about 0.5% of 25 steps (docs/recovery.md), and a
            rollback loses at most 25 steps.
        ring: how many snapshots to keep.
        snapshot_dir: a folder for on-disk snapshots (atomic ``.npz`` + sha256
            manifest). ``None`` keeps them in memory unless ``storage="disk"``.
        storage: ``"memory"`` or ``"disk"`` (default: ``"disk"`` when
            ``snapshot_dir`` is given; with ``"disk"`` and no ``snapshot_dir``,
            ``LOGDIR/snapshots``).
        max_skips: failed steps of the state (not of a batch) within ``window``
            steps that trigger a rollback. A repeated spike triggers one too.
        window: the trouble window, in steps (>= 2).
        skip_batches: updates skipped after a rollback. ``None`` (default):
            what the re-run's diagnosis needs, which is none (a batch at fault is
            skipped alone; after a state fault the restored state continues at
            once, the failed updates were never applied). An int is skipped after
            every rollback that stands (PaLM's 200-500 were for runs of hundreds
            of thousands of steps: scale it with the run).
        lr_factor: multiply the learning rate by this at a rollback that follows
            another one without progress, in (0, 1].
        lr_floor: smallest learning-rate factor relative to the original rate.
        max_rollbacks: rollbacks in a row without progress before stopping with
            :class:`nanguard.errors.NonFiniteError`.
        batch_size: the ``batch_size`` given to ``fit`` when fitting NumPy arrays
            with ``shuffle=False``: then the quarantine names the sample rows
            (``None``: rows unknown).

    Example:
        >>> rec = nanguard.keras.Recovery(snapshot_every=50)
        >>> model.fit(x, y, callbacks=[nanguard.keras.Guard(spike=True, recovery=rec)])
        ... # doctest: +SKIP
    """

    def __init__(
        self,
        snapshot_every: int = 25,
        ring: int = 4,
        snapshot_dir: str | Path | None = None,
        *,
        storage: str | None = None,
        max_skips: int = 3,
        window: int = 50,
        skip_batches: int | None = None,
        lr_factor: float = 0.5,
        lr_floor: float = 1.0 / 64,
        max_rollbacks: int = 3,
        batch_size: int | None = None,
    ):
        self.config = rp.RecoveryConfig(
            snapshot_every=snapshot_every, ring=ring, max_skips=max_skips, window=window,
            skip_batches=skip_batches, lr_factor=lr_factor, lr_floor=lr_floor,
            max_rollbacks=max_rollbacks,
        )
        if storage is None:
            storage = "disk" if snapshot_dir is not None else "memory"
        if storage not in ("memory", "disk"):
            raise InvalidArgumentError("storage", storage, "'memory' or 'disk'")
        if storage == "memory" and snapshot_dir is not None:
            raise InvalidArgumentError(
                "storage", storage, "'disk' when `snapshot_dir` is given",
                hint="`snapshot_dir` and storage='memory' conflict: drop one of them.",
            )
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
        ):
            raise InvalidArgumentError("batch_size", batch_size, "an int >= 1 or None")
        self.storage = storage
        self.snapshot_dir = None if snapshot_dir is None else Path(snapshot_dir)
        self.batch_size = batch_size
        self.state: rp.RecoveryState | None = None  # set at the first attach
        self.qstate = qp.QuarantineState()
        self.store: DeviceRing | DiskRing | None = None
        self.quarantine: Quarantine | None = None
        self.rollbacks: list[dict] = []  # one record per rollback (for tests and reports)
        self.last_restored: Snapshot | None = None
        self.corruptions: list[dict] = []  # non-finite state found: {"step", "what"}
        self._index = qp.BatchIndex()
        self._seen: set[int] = set()
        self._lr = LearningRateScaler()
        self.diagnoses: list[dict] = []  # one record per re-run (verdict, steps, snapshot)
        self._vars = RecoveryVariables()
        self._model = None  # the model of the running fit
        self._batch_verdict_at: int | None = None  # host step of the last batch verdict

    # ------------------------------------------------------------------ hooks
    def validate(self, logdir: Path | None) -> None:
        """At ``Guard(...)``: fail before training on conflicts and bad folders."""
        if self.storage == "disk":
            folder = self.snapshot_dir
            if folder is None:
                if logdir is None:
                    raise InvalidArgumentError(
                        "snapshot_dir", None, "a folder when storage='disk'",
                        hint="Pass `snapshot_dir=...` or give the Guard a `logdir`.",
                    )
                folder = Path(logdir) / "snapshots"
            self.snapshot_dir = check_writable_dir(folder, "snapshot_dir")

    def attach(self, ctx: RecoveryContext, model: Any) -> None:
        """At the start of ``fit``, after the guard is installed: first snapshot.

        A subclassed model that ``fit`` builds on its first step has no variables
        yet: the variable lists and the first snapshot then wait for the first
        batch end after the build (a snapshot without the weights could never be
        restored).
        """
        self._vars = RecoveryVariables(model.distribute_strategy)
        self._lr.install(model, self.lr_scale)
        self._model = model
        if self.store is None:
            if self.storage == "disk":
                self.store = DiskRing(self.snapshot_dir, self.config.ring)
            else:
                agree = self._vars.sum_across_workers if self._vars.strategy else None
                self.store = DeviceRing(self.config.ring, agree=agree)
        if self.quarantine is None:
            path = None if ctx.logdir is None else Path(ctx.logdir) / "quarantine.json"
            self.quarantine = Quarantine(path, batch_size=self.batch_size)
        if self.state is None:
            self.state = rp.init_state(self.config, ctx.steps_done)
        if self._vars.resolve(model, self._lr.lr_variable()):
            self._initial_snapshot(ctx)

    def _initial_snapshot(self, ctx: RecoveryContext) -> None:
        step = ctx.steps_done
        action, self.state = rp.initial_snapshot(self.state, step, self.config)
        if action.kind == rp.SNAPSHOT:
            self._save(ctx, step, action.forget)

    def _built(self, ctx: RecoveryContext) -> bool:
        """False while the model is still unbuilt; takes the deferred first snapshot."""
        if self._vars.names:
            return True
        if not self._vars.resolve(self._model, self._lr.lr_variable()):
            return False
        self._initial_snapshot(ctx)
        return True

    def on_batch_end(self, ctx: RecoveryContext, events: list[dict]) -> None:
        self._index.note(ctx.steps_done, ctx.steps_in_call, ctx.epoch, ctx.batch)
        if self._built(ctx):
            self._step(ctx, events, persistent=False)

    def on_persistent_failure(self, ctx: RecoveryContext, events: list[dict]) -> bool:
        """At ``max_consecutive_skips``: roll back (True), or stop saying what was tried."""
        if not self._built(ctx):
            return False
        return self._step(ctx, events, persistent=True)

    def on_train_end(self, ctx: RecoveryContext) -> None:
        self._lr.uninstall()
        if self.quarantine is not None and self.quarantine.entries:
            self.quarantine.write()

    # ------------------------------------------------------------------ public state
    @property
    def lr_scale(self) -> float:
        return 1.0 if self.state is None else self.state.lr_scale

    @property
    def snapshot_steps(self) -> list[int]:
        return [] if self.store is None else self.store.steps()

    # ------------------------------------------------------------------ decisions
    def _step(self, ctx: RecoveryContext, events: list[dict], persistent: bool) -> bool:
        step = ctx.steps_done
        failures, spikes = self._read(ctx, events)
        # Whether every skip so far has been read matters only to a failure waiting for
        # its neighbour: a healthy batch with none waiting reads nothing from the device.
        waiting = bool(failures or self.qstate.pending)
        verdicts, self.qstate = qp.classify(
            self.qstate,
            qp.Observation(step, failures, spikes,
                           complete=not ctx.events_pending() if waiting else True),
        )
        for f in verdicts.batch + verdicts.poison:
            self._quarantine(ctx, f)
        # Skip events are global (all-reduced in the step), so every worker scans here.
        corrupt = self._scan(step) if (failures or spikes or persistent) else ""
        obs = rp.Observation(
            step=step, failures=tuple(f.step for f in verdicts.state + verdicts.suspect),
            spikes=spikes, persistent=persistent, corrupt=corrupt,
            cleared=tuple(f.step for f in verdicts.batch),
        )
        if not persistent and rp.snapshot_due(self.state, step, self.config):
            obs = obs._replace(healthy=ctx.healthy())
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            corrupt = self._save(ctx, step, action.forget)
            if corrupt:  # found while taking the snapshot: roll back at once
                action, self.state = rp.decide(
                    self.state, rp.Observation(step=step, corrupt=corrupt), self.config
                )
        if action.kind == rp.ROLLBACK:
            return self._rollback(ctx, action, step, corrupt)
        if action.kind == rp.STOP:
            self._give_up(ctx, action.reason, step)
        return False

    def _read(self, ctx: RecoveryContext, events: list[dict]):
        failures, spikes = [], []
        for ev in events:
            s = int(ev["step"])
            if s in self._seen:  # the persistent-failure call and the batch end share events
                continue
            self._seen.add(s)
            if ev["trigger"] == "spike":
                spikes.append(s)
                continue
            failures.append(self._failure(ctx, s, f"{ev['trigger']} non-finite", ev.get("cause"),
                                          ev.get("epoch", ctx.epoch)))
        if len(self._seen) > 8192:
            self._seen = set(sorted(self._seen)[-4096:])
        return tuple(failures), tuple(spikes)

    def _failure(self, ctx: RecoveryContext, step: int, reason: str, cause=None,
                 epoch=None) -> qp.Failure:
        where = self._index.get(step)
        epoch, batch = where if where is not None else (ctx.epoch if epoch is None else epoch,
                                                         None)
        return qp.Failure(step, epoch, batch, reason, cause)

    def _scan(self, step: int) -> str:
        """Host check of every variable (failure path only): corruption of the state."""
        found = self._vars.scan()
        if found:
            self.corruptions.append({"step": step, "what": found})
        return found

    def _quarantine(self, ctx: RecoveryContext, f: qp.Failure) -> None:
        quarantine_failure(ctx, self.quarantine, f)

    # ------------------------------------------------------------------ snapshots
    def _save(self, ctx: RecoveryContext, step: int, forget: tuple[int, ...]) -> str:
        """Save a snapshot; returns the corruption found instead (then nothing is kept)."""
        corrupt, error = self._vars.save(self.store, ctx, step, forget,
                                         {"epoch": ctx.epoch, "lr_scale": self.lr_scale})
        if corrupt:
            self.corruptions.append({"step": step, "what": corrupt})
        if corrupt or error:
            self.state = self.state._replace(
                snapshots=tuple(s for s in self.state.snapshots if s != step)
            )
        if error:
            ctx.log(None, step, f"snapshot at step {step} not kept: {error}")
        return corrupt

    # ------------------------------------------------------------------ moves
    def _rollback(self, ctx: RecoveryContext, action: rp.Action, step: int, corrupt: str) -> bool:
        snap, values, dropped, errors = self._vars.load(
            self.store, action.candidates,
            lambda e: ctx.log(None, step - 1, f"refused snapshot: {e}", style="bold red"))
        if snap is None:
            self._give_up(
                ctx, f"{action.reason}; no valid snapshot to restore ({'; '.join(errors)})", step
            )
        diagnosis = self._diagnose(ctx, snap, values, step, corrupt)
        for s in dropped:
            self.store.set_aside(s)
        if not diagnosis.restore:  # the batch alone: no rollback, nothing restored
            self.state = rr.batch_at_fault(self.state, diagnosis.quarantine)._replace(
                snapshots=tuple(s for s in self.state.snapshots if s not in dropped))
            ctx.restore_guard_state({"consecutive": np.zeros((), np.int64)})
            return True
        self._vars.restore(ctx, snap)
        action = action._replace(skip_batches=diagnosis.skip_batches)
        old_scale = self.state.lr_scale
        self.state = rp.rolled_back(self.state, action, snap.step, step, tuple(dropped))
        _, self.qstate = qp.after_rollback(self.qstate)
        if action.skip_batches:
            ctx.skip_next(action.skip_batches)
        self.last_restored = snap
        self.rollbacks.append(
            {"step": step, "restored": snap.step, "reason": action.reason,
             "lr_scale": action.lr_scale, "refused": dropped, "errors": errors,
             "diagnosis": diagnosis.verdict}
        )
        where = f" ({snap.path})" if snap.path else ""
        skip = f"; skipping the next {action.skip_batches} updates" if action.skip_batches else ""
        ctx.log(
            "rollback", step - 1,
            f"step {step - 1}: {action.reason}: rolled back to the snapshot of step "
            f"{snap.step}{where} (variables and guard state; {diagnosis.verdict} fault){skip}",
            restored_step=snap.step, snapshot=snap.path, skip_batches=action.skip_batches,
            refused=dropped, diagnosis=diagnosis.verdict, counter="rollbacks",
        )
        if action.lr_scale != old_scale:
            lr = self._lr.set_scale(old_scale, action.lr_scale)
            now = "" if lr is None else f" (now {lr:.4g})"
            ctx.log(
                "lr_change", step - 1,
                f"step {step - 1}: learning rate x{action.lr_scale / old_scale:g} after a "
                f"rollback that did not fix it: {action.lr_scale:g} of the original{now}",
                lr_scale=action.lr_scale, learning_rate=lr, counter="lr_changes",
            )
        return True

    def _diagnose(self, ctx: RecoveryContext, snap: Snapshot, values: dict, step: int,
                  corrupt: str) -> rr.Diagnosis:
        """Re-run the failed batches from ``snap`` (no variable assigned); say the verdict."""
        steps = rr.to_replay(self.state)
        detector = {k[len(GUARD_PREFIX):]: a for k, a in snap.arrays.items()
                    if k.startswith(GUARD_PREFIX)}
        replays = rerun(self._model, steps, ctx.failed_batches(steps), values,
                        lambda loss, sumsq: rr.would_skip(loss, sumsq, detector,
                                                          ctx.guard_config, _NUMPY),
                        self._vars.sum_across_workers if self._vars.strategy else None)
        last = self._batch_verdict_at  # a step passed since the last batch verdict?
        passed_since = last is None or any(s not in self._seen for s in range(last, step))
        diagnosis = rr.diagnose(replays, corrupt=corrupt, spikes=self.state.spikes,
                                skip_batches=self.config.skip_batches,
                                allow_batch=passed_since)
        if diagnosis.verdict == rr.BATCH:
            self._batch_verdict_at = step
        self.diagnoses.append(log_diagnosis(ctx, step, snap.step, steps, diagnosis))
        for s in diagnosis.quarantine:
            self._quarantine(ctx, self._failure(
                ctx, s, f"failed again from the snapshot of step {snap.step}"))
        gone = set(diagnosis.quarantine)
        self.qstate = self.qstate._replace(
            pending=tuple(f for f in self.qstate.pending if f.step not in gone))
        return diagnosis

    def _give_up(self, ctx: RecoveryContext, reason: str, step: int) -> None:
        newest = self.snapshot_steps[-1] if self.snapshot_steps else None
        keep = ""
        if self.storage == "disk" and newest is not None:
            keep = f" The last good snapshot is kept at {self.store.npz_path(newest)}."
        reruns = ""
        if self.diagnoses:
            reruns = f"; last {self.diagnoses[-1]['text']}"
        message = (
            f"nanguard stopped training at step {step - 1}: recovery ran out of moves "
            f"({reason}{reruns}). No skipped update was applied.{keep}"
        )
        self._lr.uninstall()
        ctx.stop(message, step - 1)
