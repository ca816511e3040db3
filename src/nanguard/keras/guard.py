"""``nanguard.keras.Guard``: one callback that keeps NaN/Inf updates off the weights.

The Guard is the Keras glue around two engines: ``nanguard.tf.step.GraphGuard``
(the in-graph decision, installed into the compiled train step for one ``fit``)
and ``nanguard.core.pipeline.HostPipeline`` (everything the host does with a
skipped step: incidents, logs, TensorBoard, the stop). It keeps the Keras
lifecycle, the traced-function cache and the inbox the skip hook fills.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np

from nanguard.core import policy
from nanguard.core.pipeline import Capture, GuardStatus, HostPipeline
from nanguard.core.recovery_contract import RecoveryHooks
from nanguard.core.runlog import RunLog, check_writable_dir
from nanguard.errors import InvalidArgumentError
from nanguard.keras import _layer_sites
from nanguard.keras._epoch_logs import EpochLogs
from nanguard.keras._skip_inbox import SkipInbox
from nanguard.report.sinks import standard_sinks, tensorboard_sink

# Note where the user creates each layer from now on: a finding inside a built-in
# layer then names the user's line (see _layer_sites).
_layer_sites.install()


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
        verbose: 1 prints a skip's origin once and summarizes its repeats (at
            the end of a streak and of each epoch); 2 also prints one line per
            skipped step; 0 is silent. The Keras logs (progress bar, ``History``)
            carry ``skipped``, the steps skipped so far in the epoch, and a loss
            of NaN for an epoch whose every step was skipped.

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
        self._kept: tuple | None = None  # (cache key, Installation) kept for the next fit
        self._tensorboard_sink = None
        from nanguard.keras._localizer import StepLocalizer

        sinks = standard_sinks(verbose=self.verbose)  # TensorBoard's joins at train begin
        self._pipeline = HostPipeline(
            max_consecutive_skips=self.max_consecutive_skips, max_incidents=self.max_incidents,
            capture=self.capture, localize=self._localize if self.localize else None,
            sinks=sinks,
        )
        self._localizer = StepLocalizer(self._pipeline)
        # The inbox the skip hook fills from TensorFlow's thread; drained on the host.
        self._inbox = SkipInbox(self._pipeline.wants_capture,
                                lambda: (self._recovery_ctx, self._epoch, self._batch_begin))
        self._logs = EpochLogs(self._inbox)  # `skipped` in the Keras logs
        self._events_seen = 0
        self._host_steps = 0
        self._batch_begin = 0
        self._epoch = 0
        self._exclusion = None  # _sample_ids.SampleExclusion, made at the first fit
        from nanguard.keras._evaluation_report import EvaluationReporter

        self._evaluation = EvaluationReporter(self._pipeline, self.localize)
        self._in_fit = False

    # ----------------------------------------------------------------- public state
    @property
    def events(self) -> list[dict]:
        """Every skipped step read so far: ``policy.EVENT_FIELDS`` plus ``epoch``."""
        return self._pipeline.events

    @property
    def incidents(self) -> list[dict]:
        """One dict per saved incident: ``{step, folder, report, finding}``."""
        return self._pipeline.incidents

    @property
    def skipped(self) -> int:
        """Steps skipped so far (all fits of this callback)."""
        return 0 if self._graph_guard is None else self._graph_guard.skipped

    @property
    def consecutive_skips(self) -> int:
        return 0 if self._graph_guard is None else self._graph_guard.consecutive_skips

    @property
    def steps(self) -> int:
        return 0 if self._graph_guard is None else self._graph_guard.steps

    @property
    def loss_scale_skips(self) -> int:
        g = self._graph_guard
        return 0 if g is None else int(g.loss_scale_skips.numpy())

    @property
    def loss_scale_checks(self) -> list[dict]:
        """Overflow steps replayed at loss scale 1 after the scale kept falling, with the
        verdict (``"overflow"`` or ``"nonfinite at scale 1"``; docs/keras.md)."""
        return self._localizer.loss_scale_checks

    @property
    def _runlog(self) -> RunLog | None:
        return self._pipeline.runlog

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
        self._in_fit = True
        if self._graph_guard is None:
            check = self._inbox.on_loss_scale_check if self.capture and self.localize else None
            hooks = GraphHooks(on_skip=self._inbox.on_skip, forced_skip=self.recovery is not None,
                               on_loss_scale_check=check)
            self._graph_guard = GraphGuard(self.config, model.distribute_strategy, hooks)
        if self._exclusion is None:  # a variable: made outside the traced step
            from nanguard.keras._sample_ids import SampleExclusion

            self._exclusion = SampleExclusion()
        key = Installation.cache_key(model)
        if self._kept is not None and self._kept[0] == key:
            self._install = self._kept[1]
            self._install.install()  # with the guarded function an earlier fit traced
        else:
            self._install = Installation(model, self._graph_guard, capture=self.capture,
                                         check_state=self.recovery is not None,
                                         exclusion=self._exclusion)
            self._kept = (key, self._install)
        for sink in self._pipeline.sinks:  # Keras' bar owns the current line (console.py)
            if hasattr(sink, "progress_bar"):
                sink.progress_bar = self.params.get("verbose", 0) not in (0, 2)
        if self.logdir is not None and self._pipeline.runlog is None:
            self._pipeline.open(RunLog(self.logdir, config=self.config_dict()))
        if self.tensorboard and self._tensorboard_sink is None:
            self._tensorboard_sink = tensorboard_sink(self.logdir)
            self._pipeline.sinks.append(self._tensorboard_sink)
        if self.recovery is not None:
            from nanguard.keras._recovery_context import KerasRecoveryContext

            self._recovery_ctx = KerasRecoveryContext(
                graph=self._graph_guard, logdir=self.logdir, log_sink=self._recovery_log,
                stop_sink=self._recovery_stop, events_read=lambda: self._events_seen,
                steps_done=self._host_steps, epoch=self._epoch, batch=self._batch_begin,
                samples_sink=self._samples_for, exclude_sink=self.exclude_samples,
            )
            self.recovery.attach(self._recovery_ctx, model)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._logs.begin_epoch(self._graph_guard, self._blind())

    def on_train_batch_begin(self, batch, logs=None):
        self._batch_begin = batch

    def on_train_batch_end(self, batch, logs=None):
        self._logs.steps = batch + 1
        n = batch - self._batch_begin + 1
        before = self._host_steps
        self._host_steps += max(n, 1)
        if self._recovery_ctx is not None:
            self._recovery_ctx.update(self._host_steps, self._epoch, self._batch_begin, n)
        if self._inbox.rang or (self._host_steps // self.log_every) != (before // self.log_every):
            new_events = self._drain()
        else:
            new_events = []
        if self.recovery is not None:
            self.recovery.on_batch_end(self._recovery_ctx, new_events)
        self._logs.write(logs, self._graph_guard, self._blind(), batch + 1)

    def on_epoch_end(self, epoch, logs=None):
        self._drain(full=True)
        status = self._logs.last_status
        self._logs.write(logs, self._graph_guard, self._blind(), None,
                         None if status is None else status.skipped)
        if status is not None:
            self._pipeline.end_epoch(epoch, status)

    def _blind(self) -> bool:
        """Skips ring no skip hook: no installation, or an XLA-compiled step."""
        install = self._install
        return install is None or install.guard.hooks.jit

    # ----------------------------------------------------------------- evaluation
    def on_test_begin(self, logs=None):
        self._evaluation.begin(self.model)

    def on_test_batch_begin(self, batch, logs=None):
        self._evaluation.batch_begin(batch)

    def on_test_batch_end(self, batch, logs=None):
        self._evaluation.batch_end(batch, logs)

    def on_test_end(self, logs=None):
        """Report a non-finite validation/evaluation result (``_evaluation_report``)."""
        when = f"epoch {self._epoch + 1}" if self._in_fit else "model.evaluate"
        self._evaluation.end(self.model, logs, step=self.steps - 1, when=when)

    @property
    def validation_nonfinite(self) -> int:
        """Evaluations (validation runs, ``model.evaluate``) that ended non-finite."""
        return self._evaluation.nonfinite

    @property
    def validation_findings(self) -> list[dict]:
        """One localized finding per origin of a non-finite evaluation (said once each)."""
        return self._evaluation.findings

    @property
    def _eval_watch(self):
        return self._evaluation.watch

    def on_train_end(self, logs=None):
        self._in_fit = False
        try:
            self._drain(full=True)
            if self.recovery is not None:
                self.recovery.on_train_end(self._recovery_ctx)
        finally:
            self._finish("completed")

    # ----------------------------------------------------------------- host side
    def _localize(self, cap: Capture, history: dict):
        """The pipeline's localizer: replay the captured step on this model (_localizer)."""
        return self._localizer.localize(self.model, cap, history)

    def _samples_for(self, step: int) -> tuple | None:
        """Recovery asks which samples of failed ``step`` to quarantine (replay if unknown)."""
        return self._localizer.samples_for(self.model, self._recovery_ctx, step, self.localize)

    @property
    def samples_at_fault(self) -> dict[int, list[int]]:
        """Sample ids at fault per localized step (data from ``with_sample_ids``)."""
        return self._localizer.samples_at_fault

    def exclude_samples(self, ids) -> list[int]:
        """Drop these sample ids from every later batch (data from with_sample_ids)."""
        if self._exclusion is None:
            from nanguard.keras._sample_ids import SampleExclusion

            self._exclusion = SampleExclusion()
        return self._exclusion.add(ids)

    def _drain(self, full: bool = False) -> list[dict]:
        """Hand new skip events, the guard status and the captures to the pipeline.

        Device reads are what a healthy step costs the host, so a drain with no
        skip hook call since the last one (and no XLA) reads neither the event
        table nor the loss/gradient-norm history; ``full`` reads everything.
        """
        g = self._graph_guard
        if g is None:
            return []
        rang, captures, checks = self._inbox.take()
        if checks:  # overflows the loss scale keeps falling on: real NaNs are reported now
            captures = captures + self._localizer.check_overflows(self.model, checks)
        blind = self._blind()
        if rang or blind or full:
            events, self._events_seen = g.read_events(self._events_seen)
        else:
            events = []
        history = bool(rang or blind or full or captures or events)
        status = GuardStatus.from_state(g.read_host(history=history), self.config.window)
        self._logs.noted(status, g.host_writes)  # what EpochLogs.skipped_now reuses
        if self._pipeline.drain(events, status, captures, self._epoch):
            if self.recovery is not None and self.recovery.on_persistent_failure(
                self._recovery_ctx, events
            ):
                return events  # recovered (e.g. rolled back); keep training
            error = self._pipeline.stop(status, events)
            self._uninstall()
            raise error
        return events

    def _recovery_log(self, kind, step, message, *, style="yellow", counter=None, **fields):
        """The recovery plug-in's log: console line, run-log event and counter."""
        self._pipeline.log_action(kind, step, message, style=style, counter=counter, **fields)

    def _recovery_stop(self, message: str, step: int):
        """The recovery plug-in ran out of moves: log, close the run, raise."""
        error = self._pipeline.stop_with(message, step, "recovery", self._status())
        self._uninstall()
        raise error

    def _status(self) -> GuardStatus | None:
        g = self._graph_guard
        return None if g is None else GuardStatus.from_state(g.read_host(), self.config.window)

    def _uninstall(self) -> None:
        if self._install is not None:
            self._install.remove()
            self._install = None

    def _finish(self, status: str) -> None:
        self._uninstall()
        self._pipeline.finish(status, self._status())
