"""``nanguard.keras.Recovery``: roll back to a known-good snapshot, back off, quarantine.

Skipping a bad step keeps NaN off the weights, but some failures are not one
bad step: a learning-rate spike applies a huge (finite) update, and every step
after it spikes or overflows. ``Recovery`` plugs into :class:`nanguard.keras.Guard`
and, when skips pile up, restores the newest snapshot from before the trouble,
skips the next ``skip_batches`` updates, lowers the learning rate, and lists the
batches that failed on their own in ``quarantine.json``. The decisions are the
pure rules of :mod:`nanguard.core.recovery_policy`; snapshots are kept by
:mod:`nanguard.core.snapshots` (memory ring, or ``.npz`` files with sha256).

Example:
    >>> guard = nanguard.keras.Guard(logdir="runs/a", spike=True,
    ...                              recovery=nanguard.keras.Recovery(snapshot_every=100))
    >>> model.fit(x, y, callbacks=[guard])                      # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from nanguard.core import recovery_policy as rp
from nanguard.core.quarantine import Quarantine, exclude_quarantined
from nanguard.core.runlog import check_writable_dir
from nanguard.core.snapshots import DiskRing, MemoryRing, Snapshot
from nanguard.errors import InvalidArgumentError, NonFiniteError, SnapshotError
from nanguard.report import console as con

__all__ = ["Recovery", "exclude_quarantined"]

_FAILURE_TRIGGERS = ("loss", "gradients")


@keras.saving.register_keras_serializable(package="nanguard")
class ScaledSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """``inner(step) * factor``, with ``factor`` a variable the host can lower.

    Installed by ``Recovery`` for the length of a ``fit`` only; a checkpoint saved
    mid-fit stores the inner schedule and the factor's value at that moment.
    """

    def __init__(self, inner: Any, factor: tf.Variable):
        super().__init__()
        self.inner = inner
        self.factor = factor

    def __call__(self, step):
        lr = self.inner(step)
        return lr * tf.cast(self.factor, lr.dtype)

    def get_config(self):
        return {
            "inner": keras.saving.serialize_keras_object(self.inner),
            "factor": float(np.asarray(self.factor.numpy())),
        }

    @classmethod
    def from_config(cls, config):
        inner = keras.saving.deserialize_keras_object(config["inner"])
        return cls(inner, tf.Variable(config["factor"], trainable=False, dtype=tf.float32))


def _unique(variables) -> list:
    seen, out = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out


class Recovery:
    """Rollback, learning-rate back-off and quarantine for :class:`nanguard.keras.Guard`.

    Prevents a run from grinding through hundreds of skipped steps (or stopping)
    after the weights themselves went bad: it returns to a known-good state.

    Args:
        snapshot_every: keep a known-good snapshot every this many steps (only
            taken when the last step was applied and no cool-down runs).
        ring: how many snapshots to keep.
        snapshot_dir: a folder for on-disk snapshots (atomic ``.npz`` + sha256
            manifest). ``None`` keeps them in memory unless ``storage="disk"``.
        storage: ``"memory"`` or ``"disk"`` (default: ``"disk"`` when
            ``snapshot_dir`` is given; with ``"disk"`` and no ``snapshot_dir``,
            ``LOGDIR/snapshots``).
        max_skips: failed steps within ``window`` steps that trigger a rollback.
            One repeated spike within the window also triggers one.
        window: the trouble window, in steps (>= 2).
        skip_batches: updates skipped after a rollback. The batches are still
            read; no update is applied. PaLM skipped ~200-500 batches around a
            spike: spikes came from a weight state meeting particular batches.
        lr_factor: multiply the learning rate by this at each rollback, in (0, 1].
        lr_floor: smallest learning-rate factor relative to the original rate.
        max_rollbacks: rollbacks in a row without progress before stopping with
            :class:`nanguard.errors.NonFiniteError`.
        batch_size: the ``batch_size`` given to ``fit`` when fitting NumPy arrays
            with ``shuffle=False``: then the quarantine names the sample rows
            (``None``: rows unknown). A batch that fails again in a later epoch
            is known poison: it is skipped by the guard and does not count
            towards a rollback.

    Example:
        >>> rec = nanguard.keras.Recovery(snapshot_every=50, skip_batches=100)
        >>> model.fit(x, y, callbacks=[nanguard.keras.Guard(spike=True, recovery=rec)])
        ... # doctest: +SKIP
    """

    def __init__(
        self,
        snapshot_every: int = 100,
        ring: int = 3,
        snapshot_dir: str | Path | None = None,
        *,
        storage: str | None = None,
        max_skips: int = 3,
        window: int = 50,
        skip_batches: int = 200,
        lr_factor: float = 0.5,
        lr_floor: float = 1.0 / 64,
        max_rollbacks: int = 3,
        batch_size: int | None = None,
    ):
        self.config = rp.RecoveryConfig(
            snapshot_every=snapshot_every,
            ring=ring,
            max_skips=max_skips,
            window=window,
            skip_batches=skip_batches,
            lr_factor=lr_factor,
            lr_floor=lr_floor,
            max_rollbacks=max_rollbacks,
        )
        if storage is None:
            storage = "disk" if snapshot_dir is not None else "memory"
        if storage not in ("memory", "disk"):
            raise InvalidArgumentError("storage", storage, "'memory' or 'disk'")
        if storage == "memory" and snapshot_dir is not None:
            raise InvalidArgumentError(
                "storage",
                storage,
                "'disk' when `snapshot_dir` is given",
                hint="`snapshot_dir` and storage='memory' conflict: drop one of them.",
            )
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
        ):
            raise InvalidArgumentError("batch_size", batch_size, "an int >= 1 or None")
        self.storage = storage
        self.snapshot_dir = None if snapshot_dir is None else Path(snapshot_dir)
        self.batch_size = batch_size
        self.state = None  # rp.RecoveryState, set at the first attach
        self.store: MemoryRing | DiskRing | None = None
        self.quarantine: Quarantine | None = None
        self.rollbacks: list[dict] = []  # one record per rollback (for tests and reports)
        self.last_restored: Snapshot | None = None
        self._seen_steps: set[int] = set()
        self._failed_steps: set[int] = set()
        self._pending: list[dict] = []
        self._batch_of: dict[int, tuple[int, int]] = {}
        self._last_host = None
        self._lr_mode = None
        self._schedule = None
        self._factor = None

    # ------------------------------------------------------------------ Guard hooks
    def validate(self, guard) -> None:
        """Called by ``Guard.__init__``: fail before training on conflicts and bad folders."""
        if self.storage == "disk":
            folder = self.snapshot_dir
            if folder is None:
                if guard.logdir is None:
                    raise InvalidArgumentError(
                        "snapshot_dir",
                        None,
                        "a folder when storage='disk'",
                        hint="Pass `snapshot_dir=...` or give the Guard a `logdir`.",
                    )
                folder = Path(guard.logdir) / "snapshots"
            self.snapshot_dir = check_writable_dir(folder, "snapshot_dir")

    def attach(self, guard) -> None:
        """Called by ``Guard.on_train_begin`` after the model is patched."""
        model = guard.model
        opt = model.optimizer
        self._model_vars = _unique(
            list(model.trainable_variables) + list(model.non_trainable_variables)
        )
        lr_var = opt._learning_rate if isinstance(opt._learning_rate, keras.Variable) else None
        self._opt_vars = [v for v in opt.variables if v is not lr_var]
        self._names = [f"model/{i}:{v.path}" for i, v in enumerate(self._model_vars)]
        self._names += [f"optimizer/{i}:{v.path}" for i, v in enumerate(self._opt_vars)]
        self._install_lr(guard, opt, lr_var)
        if self.store is None:
            if self.storage == "disk":
                self.store = DiskRing(self.snapshot_dir, self.config.ring)
            else:
                self.store = MemoryRing(self.config.ring)
        if self.quarantine is None:
            path = None if guard.logdir is None else Path(guard.logdir) / "quarantine.json"
            self.quarantine = Quarantine(path, batch_size=self.batch_size)
        step = guard._host_steps
        if self.state is None:
            self.state = rp.init_state(self.config, step)
        # The state training starts from is known-good: it is the first rollback target.
        if step not in self.state.snapshots:
            kept = (self.state.snapshots + (step,))[-self.config.ring :]
            forget = tuple(s for s in self.state.snapshots if s not in kept)
            self.state = self.state._replace(snapshots=kept, last_snapshot=step)
            self._save(guard, step, forget=forget)  # drops `step` again if it cannot be written

    def on_batch_end(self, guard, host_steps: int, drained: bool, new_events: list) -> None:
        self._note_batches(guard, host_steps)
        failures, spikes = self._classify(guard, new_events)
        self._resolve_pending(guard, host_steps)
        obs = rp.Observation(step=host_steps, failures=failures, spikes=spikes)
        if rp.snapshot_due(self.state, host_steps, self.config):
            obs = obs._replace(healthy=self._healthy(guard))
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self._save(guard, host_steps, action.forget)
        elif action.kind == rp.ROLLBACK:
            self._rollback(guard, action, host_steps)
        elif action.kind == rp.STOP:
            self._give_up(guard, action.reason, host_steps)

    def on_persistent_failure(self, guard, state: dict, events: list) -> bool:
        """Called by the Guard at ``max_consecutive_skips``: True when rolled back."""
        step = guard._host_steps
        failures, spikes = self._classify(guard, events)
        obs = rp.Observation(step=step, failures=failures, spikes=spikes, persistent=True)
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.ROLLBACK:
            return self._rollback(guard, action, step, stop_on_failure=False)
        # The Guard logs the stop event and raises; here only say why recovery gave up.
        self._uninstall_lr(guard)
        self._log(guard, None, step - 1, f"recovery gave up: {action.reason}", style="bold red")
        return False

    def on_train_end(self, guard) -> None:
        self._uninstall_lr(guard)
        if self.quarantine is not None and self.quarantine.entries:
            self.quarantine.write()

    # ------------------------------------------------------------------ public state
    @property
    def lr_scale(self) -> float:
        return 1.0 if self.state is None else self.state.lr_scale

    @property
    def snapshot_steps(self) -> list[int]:
        return [] if self.store is None else self.store.steps()

    # ------------------------------------------------------------------ internals
    def _install_lr(self, guard, opt, lr_var) -> None:
        sched = keras.optimizers.schedules.LearningRateSchedule
        if lr_var is not None:
            self._lr_mode = "variable"
        elif isinstance(opt._learning_rate, sched):
            # Installed before the train function is traced (Keras traces lazily at
            # the first step), so the compiled step reads the factor variable.
            if self._factor is None:
                with guard.model.distribute_strategy.scope():
                    self._factor = tf.Variable(
                        1.0, trainable=False, dtype=tf.float32, name="nanguard_lr_factor"
                    )
                self._factor.assign(self.lr_scale)
            if not isinstance(opt._learning_rate, ScaledSchedule):
                self._schedule = opt._learning_rate
                opt.learning_rate = ScaledSchedule(self._schedule, self._factor)
            self._lr_mode = "schedule"
        else:
            self._lr_mode = None  # a callable learning rate: back-off is not possible

    def _uninstall_lr(self, guard) -> None:
        opt = getattr(guard.model, "optimizer", None)
        if opt is not None and isinstance(opt._learning_rate, ScaledSchedule):
            # Saved models keep the user's schedule; the factor is re-applied at the next fit.
            opt.learning_rate = self._schedule

    def _set_lr_scale(self, guard, old: float, new: float) -> float | None:
        opt = guard.model.optimizer
        if self._lr_mode == "variable":
            var = opt._learning_rate
            value = float(np.asarray(var.numpy())) * new / old
            var.assign(value)
            return value
        if self._lr_mode == "schedule":
            self._factor.assign(new)
            return None
        return None

    def _note_batches(self, guard, host_steps: int) -> None:
        """Map the steps of this execution to (epoch, batch index) for the quarantine."""
        prev = host_steps - 1 if self._last_host is None else self._last_host
        n = max(1, host_steps - prev)
        for i in range(n):
            self._batch_of[host_steps - n + i] = (guard._epoch, guard._batch_begin + i)
        self._last_host = host_steps
        if len(self._batch_of) > 4096:
            for s in sorted(self._batch_of)[:-2048]:
                del self._batch_of[s]

    def _classify(self, guard, events: list) -> tuple[tuple[int, ...], tuple[int, ...]]:
        failures, spikes = [], []
        for ev in events:
            step = int(ev["step"])
            if step in self._seen_steps:
                continue
            self._seen_steps.add(step)
            if ev["trigger"] == "spike":
                spikes.append(step)
                continue
            self._failed_steps.add(step)
            epoch, batch = self._batch_of.get(step, (ev.get("epoch", guard._epoch), None))
            if batch is not None and batch in self.quarantine:
                # The same batch failed in an earlier epoch: known poison, not trouble.
                self._quarantine(guard, batch, epoch, step, f"{ev['trigger']} non-finite")
                continue
            failures.append(step)
            self._pending.append(
                {
                    "step": step,
                    "epoch": epoch,
                    "batch": batch,
                    "reason": f"{ev['trigger']} non-finite",
                }
            )
        if len(self._seen_steps) > 8192:
            self._seen_steps = set(sorted(self._seen_steps)[-4096:])
            self._failed_steps = {s for s in self._failed_steps if s in self._seen_steps}
        return tuple(failures), tuple(spikes)

    def _resolve_pending(self, guard, host_steps: int) -> None:
        """Quarantine failed batches whose neighbours were healthy (a batch-local failure)."""
        if not self._pending:
            return
        g = guard._graph_guard
        if int(g.n_events.numpy()) != guard._events_seen:
            return  # some failures are not read yet (jit: no doorbell); decide later
        keep = []
        for p in self._pending:
            s = p["step"]
            if host_steps < s + 2:
                keep.append(p)
                continue
            if (s - 1) in self._failed_steps or (s + 1) in self._failed_steps:
                continue  # part of a run of failures: the weights, not this batch
            if p["batch"] is not None:
                self._quarantine(guard, p["batch"], p["epoch"], s, p["reason"])
        self._pending = keep

    def _quarantine(self, guard, batch: int, epoch: int, step: int, reason: str) -> None:
        new = self.quarantine.add(batch, epoch, step, reason)
        self.quarantine.write()
        if not new:
            return
        samples = self.quarantine.entries[batch]["samples"]
        rows = "rows unknown" if samples is None else f"rows {samples[0]}..{samples[-1]}"
        msg = (
            f"step {step}: quarantined batch {batch} of epoch {epoch} ({reason}; {rows}); "
            "listed in quarantine.json"
        )
        self._log(
            guard,
            "quarantine",
            step,
            msg,
            batch=batch,
            epoch=epoch,
            samples=samples,
            counter="quarantined",
        )

    def _healthy(self, guard) -> bool:
        sv = guard._graph_guard.state_vars
        return int(sv.consecutive.numpy()) == 0 and int(sv.last_trigger.numpy()) == 0

    def _capture(self) -> dict[str, np.ndarray]:
        values = [v.numpy() for v in self._model_vars] + [v.numpy() for v in self._opt_vars]
        return {n: np.array(a, copy=True) for n, a in zip(self._names, values, strict=True)}

    def _save(self, guard, step: int, forget: tuple[int, ...]) -> None:
        for old in forget:
            self.store.drop(old)
        try:
            self.store.save(
                step, self._capture(), {"epoch": guard._epoch, "lr_scale": self.lr_scale}
            )
        except SnapshotError as exc:
            self.state = self.state._replace(
                snapshots=tuple(s for s in self.state.snapshots if s != step)
            )
            self._log(guard, None, step, f"snapshot at step {step} not kept: {exc}")

    def _restore(self, snap: Snapshot) -> None:
        if list(snap.arrays) != self._names:
            raise SnapshotError(
                f"snapshot of step {snap.step} does not match this model's variables "
                f"({len(snap.arrays)} arrays, {len(self._names)} variables).",
                path=snap.path,
            )
        for var, value in zip(self._model_vars + self._opt_vars, snap.arrays.values(), strict=True):
            var.assign(value)

    def _rollback(self, guard, action: rp.Action, step: int, stop_on_failure=True) -> bool:
        dropped, errors, snap = [], [], None
        for candidate in action.candidates:
            try:
                snap = self.store.load(candidate)
                self._restore(snap)
                break
            except SnapshotError as exc:
                snap = None
                dropped.append(candidate)
                errors.append(str(exc))
                self._log(guard, None, step - 1, f"refused snapshot: {exc}", style="bold red")
        if snap is None:
            reason = f"{action.reason}; no valid snapshot to restore ({'; '.join(errors)})"
            if stop_on_failure:
                self._give_up(guard, reason, step)
            self._log(guard, None, step - 1, f"recovery gave up: {reason}", style="bold red")
            self._uninstall_lr(guard)
            return False
        old_scale = self.state.lr_scale
        self.state = rp.rolled_back(self.state, action, snap.step, step, tuple(dropped))
        for s in dropped:
            self.store.set_aside(s)
        g = guard._graph_guard
        if action.skip_batches:
            g.skip_next(action.skip_batches)
        g.reset_consecutive()
        self._pending = []
        self.last_restored = snap
        self.rollbacks.append(
            {
                "step": step,
                "restored": snap.step,
                "reason": action.reason,
                "lr_scale": action.lr_scale,
                "refused": dropped,
                "errors": errors,
            }
        )
        where = f" ({snap.path})" if snap.path else ""
        self._log(
            guard,
            "rollback",
            step - 1,
            f"step {step - 1}: {action.reason}: rolled back to the snapshot of step "
            f"{snap.step}{where}; skipping the next {action.skip_batches} updates",
            restored_step=snap.step,
            snapshot=snap.path,
            skip_batches=action.skip_batches,
            refused=dropped,
            counter="rollbacks",
        )
        if action.lr_scale != old_scale:
            lr = self._set_lr_scale(guard, old_scale, action.lr_scale)
            now = "" if lr is None else f" (now {lr:.4g})"
            self._log(
                guard,
                "lr_change",
                step - 1,
                f"step {step - 1}: learning rate x{action.lr_scale / old_scale:g} after the "
                f"rollback: {action.lr_scale:g} of the original{now}",
                lr_scale=action.lr_scale,
                learning_rate=lr,
                counter="lr_changes",
            )
        return True

    def _give_up(self, guard, reason: str, step: int) -> None:
        newest = self.snapshot_steps[-1] if self.snapshot_steps else None
        keep = ""
        if self.storage == "disk" and newest is not None:
            keep = f" The last good snapshot is kept at {self.store.npz_path(newest)}."
        message = (
            f"nanguard stopped training at step {step - 1}: recovery failed ({reason}). "
            f"No skipped update was applied.{keep}"
        )
        self._log(guard, "stop", step - 1, message, style="bold red")
        self._uninstall_lr(guard)
        guard._finish("stopped")
        raise NonFiniteError(message, step=step - 1, what="recovery")

    def _log(
        self,
        guard,
        kind: str | None,
        step: int,
        message: str,
        *,
        style: str = "yellow",
        counter: str | None = None,
        **fields,
    ) -> None:
        if guard.verbose:
            con.print_action(message, style=style)
        runlog = guard._runlog
        if runlog is None or kind is None:
            return
        runlog.log_event(kind, step, message, **fields)
        if counter is not None:
            runlog.summary[counter] = int(runlog.summary.get(counter, 0)) + 1
        runlog.write_summary()
