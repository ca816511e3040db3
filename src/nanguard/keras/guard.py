"""``nanguard.keras.Guard``: one callback that keeps NaN/Inf updates off the weights."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import keras
import numpy as np

from nanguard.core import policy
from nanguard.core.recovery_contract import RecoveryHooks
from nanguard.core.runlog import RunLog, check_writable_dir
from nanguard.errors import InvalidArgumentError, NonFiniteError
from nanguard.report import console as con


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InvalidArgumentError(name, value, f"an int >= {minimum}")
    return int(value)


class Guard(keras.callbacks.Callback):
    """Skip every training step whose loss or gradients hold NaN/Inf, inside the graph.

    Prevents the failure ``TerminateOnNaN`` only reports: one non-finite update
    destroying every weight. The check is one reduction over the gradients and
    one ``tf.cond`` in the compiled train step, with no host round-trip on
    healthy steps. A skipped step leaves trainable and non-trainable variables
    and the optimizer's slots bitwise unchanged.

    Args:
        logdir: folder for the run log (``steps.jsonl``, ``events.jsonl``,
            ``run.json``, ``incidents/``). ``None`` keeps everything in memory.
        clipnorm: optional global-norm clipping, applied *after* the finiteness
            check (a NaN norm never spreads into the gradients).
        max_consecutive_skips: stop with :class:`nanguard.errors.NonFiniteError`
            after this many consecutive skipped steps.
        log_every: sample one step into ``steps.jsonl`` every this many steps
            (every skipped step is logged as well).
        capture: save incidents (batch, variables, optimizer state) when a step
            is skipped, for replay. Not available with ``jit_compile=True``.
        max_incidents: distinct incident origins saved per run.
        localize: replay each saved incident to name the op, layer and line.
        spike: also skip loss/gradient-norm spikes (see ``nanguard.core.policy``).
        recovery: a ``nanguard.keras.Recovery`` (rollback to snapshots, LR backoff,
            quarantine), or ``None`` to only skip.
        tensorboard: also write TensorBoard event files to ``logdir/tensorboard``
            (scalars ``nanguard/loss``, ``grad_norm``, ``clip_scale``, ``skipped``,
            ``spikes``; each incident as text). Needs ``logdir``.
        verbose: 1 prints one line per action; 0 is silent.

    Example:
        >>> model.fit(x, y, callbacks=[nanguard.keras.Guard(logdir="runs/exp1")])  # doctest: +SKIP
    """

    def __init__(
        self,
        logdir: str | Path | None = None,
        clipnorm: float | None = None,
        max_consecutive_skips: int = 25,
        *,
        log_every: int = 10,
        capture: bool = True,
        max_incidents: int = 5,
        localize: bool = True,
        spike: bool = False,
        spike_zscore: float = 6.0,
        spike_window: int = 128,
        spike_warmup: int = 64,
        spike_ratio: float | None = 10.0,
        recovery: Any = None,
        tensorboard: bool = False,
        verbose: int = 1,
    ):
        super().__init__()
        self.max_consecutive_skips = _check_int("max_consecutive_skips", max_consecutive_skips, 1)
        self.log_every = _check_int("log_every", log_every, 1)
        self.max_incidents = _check_int("max_incidents", max_incidents, 0)
        if isinstance(clipnorm, bool):
            raise InvalidArgumentError("clipnorm", clipnorm, "a finite number > 0 or None")
        self.config = policy.GuardConfig(
            clipnorm=None if clipnorm is None else float(clipnorm),
            spike=bool(spike),
            spike_zscore=spike_zscore,
            spike_window=spike_window,
            spike_warmup=spike_warmup,
            spike_ratio=spike_ratio,
        )
        self.logdir = None if logdir is None else check_writable_dir(logdir)
        if tensorboard and logdir is None:
            raise InvalidArgumentError(
                "tensorboard", tensorboard, "False when `logdir` is None",
                hint="Pass `logdir=...` so the event files have a home.",
            )
        self.tensorboard = bool(tensorboard)
        self._tb = None
        self.capture = bool(capture)
        self.localize = bool(localize)
        self.verbose = int(verbose)
        if recovery is not None and not isinstance(recovery, RecoveryHooks):
            raise InvalidArgumentError(
                "recovery", recovery,
                "a nanguard.keras.Recovery (any object with the RecoveryHooks methods) or None",
            )
        self.recovery = recovery
        if recovery is not None:
            recovery.validate(self.logdir)
        self._recovery_ctx = None
        self._graph_guard = None
        self._install = None
        self._traced = None  # (cache key, guarded train function) from the last fit
        self._traced_key = None
        self._runlog: RunLog | None = None
        self._events_seen = 0
        self._host_steps = 0
        self._last_logged = -1
        self._tb_skipped_step = None  # step whose `skipped` scalar was already written
        self._batch_begin = 0
        self._epoch = 0
        self._doorbell = False
        self._captures: list = []
        self._lock = threading.Lock()
        self.incidents: list[dict] = []  # one dict per saved incident (folder, finding)
        self._origins: dict[str, int] = {}
        self._localized_streaks = 0
        self.events: list[dict] = []

    # ----------------------------------------------------------------- public state
    @property
    def skipped(self) -> int:
        """Steps skipped so far (all fits of this callback)."""
        return 0 if self._graph_guard is None else int(self._graph_guard.state_vars.skipped.numpy())

    @property
    def consecutive_skips(self) -> int:
        g = self._graph_guard
        return 0 if g is None else int(g.state_vars.consecutive.numpy())

    @property
    def steps(self) -> int:
        return 0 if self._graph_guard is None else int(self._graph_guard.state_vars.step.numpy())

    @property
    def loss_scale_skips(self) -> int:
        g = self._graph_guard
        return 0 if g is None else int(g.loss_scale_skips.numpy())

    def config_dict(self) -> dict:
        cfg = self.config.to_dict()
        cfg.update(
            max_consecutive_skips=self.max_consecutive_skips, log_every=self.log_every,
            capture=self.capture, max_incidents=self.max_incidents, localize=self.localize,
        )
        return cfg

    # ----------------------------------------------------------------- callbacks
    def on_train_begin(self, logs=None):
        from nanguard.keras._install import Installation
        from nanguard.tf.step import GraphGuard, GraphHooks

        model = self.model
        if self._graph_guard is None:
            hooks = GraphHooks(on_skip=self._on_skip, forced_skip=self.recovery is not None)
            self._graph_guard = GraphGuard(self.config, model.distribute_strategy, hooks)
        key = Installation.cache_key(model)
        reuse = self._traced[1] if self._traced is not None and self._traced[0] == key else None
        self._install = Installation(model, self._graph_guard, capture=self.capture,
                                     train_function=reuse)
        self._traced_key = key
        if self.logdir is not None and self._runlog is None:
            self._runlog = RunLog(self.logdir, config=self.config_dict())
        if self.tensorboard and self._tb is None:
            from nanguard.report.tensorboard import TensorBoardWriter

            self._tb = TensorBoardWriter(Path(self.logdir) / "tensorboard")
        if self.recovery is not None:
            from nanguard.keras._recovery_context import KerasRecoveryContext

            self._recovery_ctx = KerasRecoveryContext(
                graph=self._graph_guard, logdir=self.logdir, log_sink=self._recovery_log,
                stop_sink=self._recovery_stop, events_read=lambda: self._events_seen,
                steps_done=self._host_steps, epoch=self._epoch, batch=self._batch_begin,
            )
            self.recovery.attach(self._recovery_ctx, model)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        self._batch_begin = batch

    def on_train_batch_end(self, batch, logs=None):
        n = batch - self._batch_begin + 1
        before = self._host_steps
        self._host_steps += max(n, 1)
        if self._recovery_ctx is not None:
            self._recovery_ctx.update(self._host_steps, self._epoch, self._batch_begin, n)
        if self._doorbell or (self._host_steps // self.log_every) != (before // self.log_every):
            new_events = self._drain()
        else:
            new_events = []
        if self.recovery is not None:
            self.recovery.on_batch_end(self._recovery_ctx, new_events)

    def on_epoch_end(self, epoch, logs=None):
        self._drain()

    def on_train_end(self, logs=None):
        try:
            self._drain()
            if self.recovery is not None:
                self.recovery.on_train_end(self._recovery_ctx)
        finally:
            self._finish("completed")

    # ----------------------------------------------------------------- host side
    def _on_skip(self, layout, step, trigger, loss, gnorm, consecutive, replica, lr, *tensors):
        """Runs on the host, inside the skipped step only (a tf.py_function)."""
        consecutive = int(consecutive.numpy())
        payload = None
        keep = (
            self.capture and layout is not None and consecutive == 1
            and len(self._origins) < self.max_incidents
            and self._localized_streaks < 4 * max(self.max_incidents, 1)
        )
        if keep:
            arrays = [t.numpy() for t in tensors]
            nb = len(layout["batch"])
            nv = len(layout["variables"])
            payload = {
                "batch": dict(zip(layout["batch"], arrays[:nb])),
                "variables": dict(zip(layout["variables"], arrays[nb:nb + nv])),
                "optimizer": dict(zip(layout["optimizer"], arrays[nb + nv:])),
            }
        with self._lock:
            self._doorbell = True
            if payload is not None:
                self._captures.append(
                    {
                        "step": int(step.numpy()),
                        "trigger": policy.TRIGGER_NAMES.get(int(trigger.numpy())),
                        "replica": int(replica.numpy()),
                        "epoch": self._epoch,
                        "batch": self._batch_begin,
                        "payload": payload,
                    }
                )
        return np.int64(0)

    def _drain(self) -> list[dict]:
        """Read the in-graph state: log new skip events, a sampled step and captures."""
        g = self._graph_guard
        if g is None:
            return []
        with self._lock:
            self._doorbell = False
            captures, self._captures = self._captures, []
        events, self._events_seen = g.read_events(self._events_seen)
        state = g.read_host()
        step = int(state["step"]) - 1
        for ev in events:
            ev["epoch"] = self._epoch
            self.events.append(ev)
            what = ev["trigger"]
            reason = "loss or gradient-norm spike" if what == "spike" else f"{what} non-finite"
            if self.verbose:
                con.print_action(
                    f"step {ev['step']}: skipped the update ({reason}; "
                    f"loss={ev['loss']:.4g}, grad_norm={ev['grad_norm']:.4g}); "
                    f"{ev['consecutive']} in a row, {int(state['skipped'])} in total"
                )
            if self._tb is not None:
                self._tb.scalar("nanguard/skipped", int(state["skipped"]), ev["step"])
                self._tb_skipped_step = ev["step"]
                if what == "spike":
                    self._tb.scalar("nanguard/spikes", int(state["spikes"]), ev["step"])
            if self._runlog is not None:
                self._runlog.log_step(
                    {"step": ev["step"], "epoch": self._epoch, "loss": ev["loss"],
                     "grad_norm": ev["grad_norm"], "finite": what == "spike",
                     "skipped": True, "clip_scale": 1.0}
                )
                self._runlog.log_event(
                    "spike" if what == "spike" else "skip", ev["step"], reason,
                    trigger=what, loss=ev["loss"], grad_norm=ev["grad_norm"],
                )
        if self._runlog is not None and step > self._last_logged and step >= 0 and (
            int(state["last_trigger"]) == 0
        ):
            self._last_logged = step
            if self._tb is not None:
                self._tb.scalar("nanguard/loss", float(state["last_loss"]), step)
                self._tb.scalar("nanguard/grad_norm", float(state["last_gnorm"]), step)
                self._tb.scalar("nanguard/clip_scale", float(state["last_clip"]), step)
                if self._tb_skipped_step != step:
                    self._tb.scalar("nanguard/skipped", int(state["skipped"]), step)
            self._runlog.log_step(
                {"step": step, "epoch": self._epoch, "loss": float(state["last_loss"]),
                 "grad_norm": float(state["last_gnorm"]), "finite": True, "skipped": False,
                 "clip_scale": float(state["last_clip"])}
            )
        for cap in _merge_replicas(captures):
            self._handle_capture(cap, state)
        if self._runlog is not None:
            self._update_counters(state)
            if events or captures:
                self._runlog.write_summary()
        if int(state["consecutive"]) >= self.max_consecutive_skips:
            if self.recovery is not None and self.recovery.on_persistent_failure(
                self._recovery_ctx, events
            ):
                return events  # recovered (e.g. rolled back); keep training
            self._stop(state, events)
        return events

    def _update_counters(self, state: dict) -> None:
        self._runlog.update(
            steps=int(state["step"]), skipped=int(state["skipped"]),
            spikes=int(state["spikes"]), loss_scale_skips=int(state["loss_scale_skips"]),
            incidents=len(self.incidents),
        )

    def _history(self, state) -> dict:
        return policy.history_from_rings(
            state["loss_hist"], state["gnorm_hist"], state["hist_count"], self.config.window
        )

    def _handle_capture(self, cap: dict, state: dict) -> None:
        from nanguard.keras import _incidents

        record = _incidents.handle_capture(self, cap, self._history(state))
        if record is not None:
            self.incidents.append(record)
            if self._tb is not None and record.get("finding"):
                from nanguard.core.incident import Finding
                from nanguard.report.tensorboard import incident_text

                f = Finding.from_dict(record["finding"])
                self._tb.text("nanguard/incident",
                              incident_text(f.summary(), f.explanation, f.fix), cap["step"])

    def _stop(self, state, events):
        last = events[-1] if events else (self.events[-1] if self.events else {})
        what = last.get("trigger") or "loss or gradients"
        step = int(last.get("step", int(state["step"]) - 1))
        consecutive = int(state["consecutive"])
        report = self.incidents[-1]["report"] if self.incidents else None
        origin = self.incidents[-1]["finding"] if self.incidents else None
        where = ""
        if origin:
            o = origin["origin"]
            bits = [o.get("op"), f"in layer '{o['layer']}'" if o.get("layer") else None,
                    f"at {o['file']}:{o['line']}" if o.get("file") else None]
            where = " Located origin: " + " ".join(b for b in bits if b) + f" ({origin['cause']})."
        problem = (
            "were loss or gradient-norm spikes" if what == "spike" else f"had non-finite {what}"
        )
        message = (
            f"nanguard stopped training at step {step}: {consecutive} consecutive steps "
            f"{problem} (max_consecutive_skips={self.max_consecutive_skips}). The "
            f"weights are the last finite state; no skipped update was applied.{where}"
        )
        if report:
            message += f" Report: {report}"
        if self._runlog is not None:
            self._runlog.log_event("stop", step, message, trigger=what)
        if self.verbose:
            con.print_action(message, style="bold red")
        self._finish("stopped")
        raise NonFiniteError(
            message, step=step, what=what, consecutive=consecutive, origin=origin,
            report_path=report,
        )

    def _recovery_log(self, kind, step, message, *, style="yellow", counter=None, **fields):
        """The recovery plug-in's log: console line, run-log event and counter."""
        if self.verbose:
            con.print_action(message, style=style)
        if self._runlog is None or kind is None:
            return
        self._runlog.log_event(kind, step, message, **fields)
        if counter is not None:
            self._runlog.summary[counter] = int(self._runlog.summary.get(counter, 0)) + 1
        self._runlog.write_summary()

    def _recovery_stop(self, message: str, step: int):
        """The recovery plug-in ran out of moves: log, close the run, raise."""
        self._recovery_log("stop", step, message, style="bold red")
        self._finish("stopped")
        raise NonFiniteError(message, step=step, what="recovery")

    def _finish(self, status: str) -> None:
        if self._tb is not None:
            self._tb.flush()
        if self._install is not None:
            traced = self._install.remove()
            self._install = None
            self._traced = (self._traced_key, traced) if traced is not None else None
        if self._runlog is not None:
            if self._graph_guard is not None:
                self._update_counters(self._graph_guard.read_host())
            if status == "stopped":
                self._runlog.close(status)  # sets status and finished, writes run.json
                self._runlog = None
            else:  # keep the files open: the next fit() continues this run
                self._runlog.summary["status"] = status
                self._runlog.summary["finished"] = time.time()
                self._runlog.write_summary()


def _merge_replicas(captures: list[dict]) -> list[dict]:
    """Under MirroredStrategy every replica captures its slice: join them per step."""
    by_step: dict[int, list[dict]] = {}
    for cap in captures:
        by_step.setdefault(cap["step"], []).append(cap)
    merged = []
    for step in sorted(by_step):
        parts = sorted(by_step[step], key=lambda c: c["replica"])
        first = dict(parts[0])
        if len(parts) > 1:
            batch = {}
            for name, first_value in parts[0]["payload"]["batch"].items():
                values = [p["payload"]["batch"][name] for p in parts]
                batch[name] = (
                    np.concatenate(values, axis=0) if np.ndim(first_value) else first_value
                )
            first["payload"] = dict(parts[0]["payload"], batch=batch)
        merged.append(first)
    return merged
