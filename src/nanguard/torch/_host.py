"""The host half of the torch Guard: read a step's outcome one step late and act on it.

Off the hot path: the outcome of step N is read at the start of step N+1 (or on
``flush``), from a buffer whose copy finished long ago. For a skipped step the
host undoes what only it can (Python scalars in the optimizer state, CPU
tensors next to device parameters), captures the batch and weights for replay,
hands everything to the engine's pipeline, and stops the run after too many
skips in a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from nanguard.core import policy
from nanguard.core.loss_scale import LossScaleFalls
from nanguard.core.runlog import check_writable_dir
from nanguard.errors import InvalidArgumentError
from nanguard.torch._device_step import unpack
from nanguard.torch.data import MicroBatches

__all__ = ["GuardHost", "PendingStep"]


@dataclass
class PendingStep:
    """A step whose outcome the host has not read yet."""

    slot: int
    batch: Any
    rng: dict
    fix: Any
    tier: str | None
    vector: np.ndarray | None = field(default=None, repr=False)
    sample_ids: Any = None  # the dataset rows of the batch, when the loop gives them
    forced: bool = False  # skipped on purpose (after a rollback), whatever the decision
    loss_seen: bool = True  # False where the loop hides the loss (Hugging Face callback)


class GuardHost:
    """Host bookkeeping for one :class:`nanguard.torch.Guard`.

    Args:
        guard: the owning guard (model, optimizer, loss_fn, buffers).
        logdir: run-log folder or ``None``.
        log_every: sample a healthy step into the run log every this many steps.
        capture: capture skipped steps for replay.
        max_incidents: distinct origins saved per run.
        recovery: recovery policy or ``None``.
        tensorboard: write TensorBoard files under ``logdir/tensorboard``.
        verbose: print actions.
    """

    def __init__(self, guard: Any, *, logdir, log_every: int, capture: bool, max_incidents: int,
                 recovery: Any, tensorboard: bool, verbose: int):
        self.guard = guard
        self.logdir = None if logdir is None else check_writable_dir(logdir)
        if tensorboard and logdir is None:
            raise InvalidArgumentError(
                "tensorboard", tensorboard, "False when `logdir` is None",
                hint="Pass `logdir=...` so the event files have a home.",
            )
        self.log_every = log_every
        self.capture = capture
        self.max_incidents = max_incidents
        self.recovery = recovery
        self.tensorboard = tensorboard
        self.verbose = verbose
        self.events: list[dict] = []
        self.incidents: list[dict] = []
        self.status: dict = {"step": 0, "skipped": 0, "consecutive": 0, "spikes": 0,
                             "loss_scale_skips": 0}
        self.finished = False
        self.epoch = 0
        self.epoch_start = 0  # step count when the current epoch began
        self.forced_skips = 0
        self.loss_seen = True  # the last step's loss reached the guard (not under HF)
        self.rows: dict[int, list[int]] = {}  # step -> batch rows at fault (localized)
        self._pipeline = None
        self._last_sampled = -1
        self.scale_falls = LossScaleFalls()  # falls of a GradScaler's scale (fp16)

    # ------------------------------------------------------------------ pipeline
    def pipeline(self):
        if self._pipeline is None:
            from nanguard.torch._pipeline import build_pipeline

            self._pipeline = build_pipeline(self)
        return self._pipeline

    def status_value(self, name: str) -> int:
        return int(self.status.get(name, 0))

    def config_dict(self) -> dict:
        cfg = self.guard.config.to_dict()
        cfg.update(max_consecutive_skips=self.guard.max_consecutive_skips,
                   log_every=self.log_every, capture=self.capture,
                   max_incidents=self.max_incidents, framework="torch")
        return cfg

    # ------------------------------------------------------------------ outcome
    def resolve(self, pending: PendingStep | None) -> None:
        """Act on the outcome of one finished step (``pending.vector`` already read)."""
        if pending is None:
            return
        window = self.guard.config.window
        state = unpack(pending.vector, window)
        self.status = state
        self.loss_seen = pending.loss_seen
        step = int(state["step"]) - 1
        pipeline = self.pipeline()
        events: list[dict] = []
        captures: list = []
        forced = (not state["applied"] and pending.forced
                  and int(state["last_trigger"]) == int(policy.Trigger.HEALTHY))
        if forced:  # a healthy step skipped on purpose (recovery's skip_batches)
            if pending.fix:
                pending.fix.undo()
            self.forced_skips += 1
        elif not state["applied"]:
            if pending.fix:
                pending.fix.undo()
            trigger = policy.TRIGGER_NAMES.get(int(state["last_trigger"])) or "loss_scale"
            loss = float(state["last_loss"]) if pending.loss_seen else None
            event = {"step": step, "trigger": trigger, "loss": loss,
                     "grad_norm": float(state["last_gnorm"]),
                     "consecutive": int(state["consecutive"]), "epoch": self.epoch}
            looked = None
            if trigger == "loss_scale" and self.guard.scaler is not None:
                from nanguard.torch._loss_scale import look_at_fall

                looked = look_at_fall(self, pending, step)  # no overflow: report it now
                if looked is not None:
                    event.update(trigger="gradients", consecutive=max(1, event["consecutive"]))
                    events.append(event)
                    self.events.append(event)
                    captures.append(looked)
            if trigger != "loss_scale":
                events.append(event)
                self.events.append(event)
                if self.capture and pipeline.wants_capture(int(state["consecutive"])):
                    from nanguard.torch._capture import capture_step

                    captures.append(capture_step(self.guard, pending, step, trigger))
        streak = False
        if events or captures or self._last_sampled < 0 or (
            step - self._last_sampled >= self.log_every
        ):
            if not events:
                self._last_sampled = step
            streak = pipeline.drain(events, self._status(state), captures, self.epoch)
            self.incidents = pipeline.incidents
        # Between samples a healthy step records nothing; recovery still sees it.
        if (events and not captures and pending.sample_ids is not None
                and step not in self.rows):  # not replayed: the batch's own NaN/Inf rows
            from nanguard.torch._capture import nonfinite_rows

            bad = nonfinite_rows(pending.batch)
            if bad:
                self.rows[step] = bad
        rows = self.rows.pop(step, None)
        if isinstance(pending.batch, MicroBatches):
            rows = None  # rows of one micro-batch: the step's sample ids are all of them
        where = {"epoch": self.epoch, "batch": step - self.epoch_start,
                 "sample_ids": pending.sample_ids, "rows": rows,
                 "batch_ref": pending.batch, "rng": pending.rng}  # for recovery's re-run
        if self.recovery is not None and self.recovery.observe(
            self, int(state["step"]), events[-1] if events else None,
            healthy=bool(state["applied"]) or forced, persistent=streak, where=where,
        ):
            return  # rolled back: the streak is over
        if streak:
            error = pipeline.stop(self._status(state), events)  # closes the run log
            self.finished = True
            raise error

    def end_epoch(self) -> None:
        """The user's epoch ended: the console summarizes its repeated skips."""
        if self._pipeline is not None and "loss_hist" in self.status:
            self._pipeline.end_epoch(self.epoch, self._status(self.status))
        self.epoch += 1
        self.epoch_start = self.status_value("step")

    def _status(self, state: dict):
        from nanguard.torch._pipeline import guard_status

        status = guard_status(state, self.guard.config.window)
        if not self.loss_seen:  # logged as null, not as the policy's placeholder 0
            status = replace(status, last_loss=None)
        return status

    def finish(self, status: str) -> None:
        if self.finished:
            return
        self.finished = True
        if self._pipeline is not None or self.logdir is not None:
            pipeline = self.pipeline()
            pipeline.finish(status, self._status(self.status)
                            if "loss_hist" in self.status else None)
            if pipeline.runlog is not None:  # a torch Guard's close() ends the run
                pipeline.runlog.close(status)
