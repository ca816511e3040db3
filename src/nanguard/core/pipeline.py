"""The host pipeline: everything that happens on the host after a guard skipped a step.

Every adapter (Keras callback, PyTorch, JAX) decides apply-or-skip in its own
framework, then hands this framework-free pipeline three things:

- **skip events**: one dict per skipped step (``policy.EVENT_FIELDS`` plus
  ``epoch``), read from the guard's event table;
- **guard status**: a :class:`GuardStatus` read from the guard state;
- **captures**: a :class:`Capture` of the batch, variables and optimizer state of
  a skipped step, taken only when :meth:`HostPipeline.wants_capture` said so.

The pipeline owns the incident budget (``max_incidents`` distinct origins, at
most ``4 * max_incidents`` localizations) and deduplication by origin; it calls
the injected ``localize(capture, history)``; it saves each new incident folder
(``incidents/<step>/`` with ``report.json``); it fans every fact out to small
sink objects (console, run log, TensorBoard); and it decides when the streak of
skips ends the run, building the one stop message.

Example:
    >>> p = HostPipeline(max_consecutive_skips=2)
    >>> s = GuardStatus(steps=3, skipped=2, consecutive=2)
    >>> ev = {"step": 2, "trigger": "loss", "loss": float("nan"), "grad_norm": 1.0,
    ...       "consecutive": 2}
    >>> p.drain([ev], s, [], epoch=0)
    True
    >>> str(p.stop(s, [ev]))[:50]
    'nanguard stopped training at step 2: 2 consecutive'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core import incident_store, origin_context, policy, render
from nanguard.core.runlog import RunLog
from nanguard.errors import NonFiniteError

__all__ = [
    "Capture",
    "GuardStatus",
    "HostPipeline",
    "Localize",
    "RunLogSink",
    "Sink",
    "merge_replicas",
]


@dataclass(frozen=True)
class GuardStatus:
    """The guard's counters and recent history, as the host reads them."""

    steps: int = 0  # steps seen, applied or not
    skipped: int = 0
    consecutive: int = 0
    spikes: int = 0
    loss_scale_skips: int = 0
    last_loss: float | None = 0.0  # None: the adapter never saw the loss (torch HF callback)
    last_grad_norm: float = 0.0
    last_clip: float = 1.0
    last_trigger: int = 0
    history: dict = field(default_factory=dict)  # {"loss": [...], "grad_norm": [...]}

    @classmethod
    def from_state(cls, state: Any, window: int) -> GuardStatus:
        """Build from a mapping of ``policy.GuardState`` fields (+ ``loss_scale_skips``).

        Without the ``loss_hist``/``gnorm_hist`` rings (a cheap read on a quiet
        step), ``history`` is empty.
        """
        history = {} if "loss_hist" not in state else policy.history_from_rings(
            state["loss_hist"], state["gnorm_hist"], state["hist_count"], window
        )
        return cls(
            steps=int(state["step"]), skipped=int(state["skipped"]),
            consecutive=int(state["consecutive"]), spikes=int(state["spikes"]),
            loss_scale_skips=int(state.get("loss_scale_skips", 0)),
            last_loss=float(state["last_loss"]), last_grad_norm=float(state["last_gnorm"]),
            last_clip=float(state["last_clip"]), last_trigger=int(state["last_trigger"]),
            history=history,
        )


@dataclass(frozen=True)
class Capture:
    """What one skipped step looked like, for saving and replay."""

    step: int
    trigger: str | None
    epoch: int
    batch: int
    replica: int = 0
    batch_arrays: dict = field(default_factory=dict)  # "x", "x/name", "y"... -> array
    variables: dict = field(default_factory=dict)  # variable path -> value before the step
    optimizer: dict = field(default_factory=dict)  # optimizer variable path -> value
    extra: dict = field(default_factory=dict)  # e.g. learning_rate, iterations

    def meta(self) -> dict:
        return {"step": self.step, "epoch": self.epoch, "batch": self.batch,
                "trigger": self.trigger, "replica": self.replica, **self.extra}


#: ``localize(capture, history) -> Finding | None``; may raise (shown as a notice).
Localize = Callable[[Capture, dict], Any]


def merge_replicas(captures: Sequence[Capture]) -> list[Capture]:
    """Under data parallelism every replica captures its slice: join them per step."""
    by_step: dict[int, list[Capture]] = {}
    for cap in captures:
        by_step.setdefault(cap.step, []).append(cap)
    merged = []
    for step in sorted(by_step):
        parts = sorted(by_step[step], key=lambda c: c.replica)
        first = parts[0]
        if len(parts) > 1:
            batch = {}
            for name, value in first.batch_arrays.items():
                values = [p.batch_arrays[name] for p in parts]
                batch[name] = np.concatenate(values, axis=0) if np.ndim(value) else value
            first = replace(first, batch_arrays=batch)
        merged.append(first)
    return merged


class Sink:
    """Receives the pipeline's facts; every method is a no-op here, override what you show."""

    def on_skip(self, event: dict, status: GuardStatus) -> None:
        """One skipped step (``event`` has ``policy.EVENT_FIELDS`` and ``epoch``)."""

    def on_step(self, step: int, epoch: int, status: GuardStatus) -> None:
        """A healthy step sampled for the log (``status.last_*`` are its values)."""

    def on_incident(self, record: dict, finding: Any) -> None:
        """A new incident origin: ``record`` = {step, folder, report, finding(dict)}."""

    def on_repeat(self, key: str, count: int) -> None:
        """An incident whose origin was seen before (``count`` times now)."""

    def on_notice(self, step: int, text: str) -> None:
        """Something the user may want to know that is not a skip (localizer failed...)."""

    def on_action(self, kind: str | None, step: int, message: str, style: str,
                  counter: str | None, fields: dict) -> None:
        """An action of a plug-in (rollback, LR change, quarantine...)."""

    def on_drained(self, status: GuardStatus, incidents: int, changed: bool) -> None:
        """End of one drain; ``changed`` when it held events or captures."""

    def on_epoch_end(self, epoch: int, status: GuardStatus) -> None:
        """An epoch ended (after its last drain): a place to summarize repeats."""

    def on_stop(self, message: str, step: int, trigger: str | None) -> None:
        """The run is ending on a failure."""

    def close(self, run_status: str, status: GuardStatus | None) -> None:
        """End of a fit (``"completed"``) or of the run (``"stopped"``)."""


class RunLogSink(Sink):
    """Writes the facts into the run log (``steps.jsonl``, ``events.jsonl``, ``run.json``)."""

    def __init__(self, runlog: RunLog):
        self.runlog = runlog

    def on_skip(self, event, status):
        what = event["trigger"]
        self.runlog.log_step(
            {"step": event["step"], "epoch": event.get("epoch"), "loss": event["loss"],
             "grad_norm": event["grad_norm"], "finite": what == "spike", "skipped": True,
             "clip_scale": 1.0}
        )
        self.runlog.log_event(
            "spike" if what == "spike" else "skip", event["step"],
            render.skip_reason(what, event.get("reason")),
            trigger=what, loss=event["loss"], grad_norm=event["grad_norm"],
        )

    def on_step(self, step, epoch, status):
        self.runlog.log_step(
            {"step": step, "epoch": epoch, "loss": status.last_loss,
             "grad_norm": status.last_grad_norm, "finite": True, "skipped": False,
             "clip_scale": status.last_clip}
        )

    def on_incident(self, record, finding):
        key = render.finding_summary(record["finding"]) if record["finding"] else "unlocalized"
        self.runlog.summary.setdefault("origin_counts", {})[key] = 1
        self.runlog.log_event(
            "incident", record["step"], key if record["finding"] else "not localized",
            folder=record["folder"],
        )

    def on_repeat(self, key, count):
        self.runlog.summary.setdefault("origin_counts", {})[key] = count

    def on_action(self, kind, step, message, style, counter, fields):
        if kind is None:
            return
        self.runlog.log_event(kind, step, message, **fields)
        if counter is not None:
            self.runlog.summary[counter] = int(self.runlog.summary.get(counter, 0)) + 1
        self.runlog.write_summary()

    def on_drained(self, status, incidents, changed):
        self._counters(status, incidents)
        if changed:
            self.runlog.write_summary()

    def on_stop(self, message, step, trigger):
        self.runlog.log_event("stop", step, message, trigger=trigger)

    def _counters(self, status: GuardStatus, incidents: int | None = None) -> None:
        self.runlog.update(steps=status.steps, skipped=status.skipped, spikes=status.spikes,
                           loss_scale_skips=status.loss_scale_skips)
        if incidents is not None:
            self.runlog.update(incidents=incidents)

    def close(self, run_status, status):
        if status is not None:
            self._counters(status)
        if run_status == "stopped":
            self.runlog.close(run_status)  # sets status and finish time, writes run.json
        else:  # keep the files open: the next fit continues this run
            self.runlog.mark(run_status)


class HostPipeline:
    """Skip events, guard status and captures in; incidents, logs and the stop decision out.

    Args:
        max_consecutive_skips: :meth:`drain` returns ``True`` once the guard has
            skipped this many steps in a row.
        max_incidents: distinct incident origins saved per run.
        capture: whether incidents are captured at all.
        localize: ``localize(capture, history) -> Finding | None``, or ``None``.
        sinks: the renderers (console, TensorBoard...); a :class:`RunLogSink` is
            added by :meth:`open` when there is a run log.
    """

    def __init__(self, *, max_consecutive_skips: int, max_incidents: int = 5,
                 capture: bool = True, localize: Localize | None = None,
                 sinks: Sequence[Sink] = ()):
        self.max_consecutive_skips = int(max_consecutive_skips)
        self.max_incidents = int(max_incidents)
        self.capture = bool(capture)
        self.localize = localize
        self.sinks: list[Sink] = list(sinks)
        self.runlog: RunLog | None = None
        self._runlog_sink: RunLogSink | None = None
        self.events: list[dict] = []
        self.incidents: list[dict] = []  # {"step", "folder", "report", "finding"}
        self.origins: dict[str, int] = {}
        self._localized = 0
        self._last_logged = -1

    # ------------------------------------------------------------------ lifecycle
    def open(self, runlog: RunLog | None) -> None:
        """Start (or continue) writing into ``runlog``; a no-op while one is open."""
        if runlog is None or self.runlog is not None:
            return
        self.runlog = runlog
        self._runlog_sink = RunLogSink(runlog)

    def _all_sinks(self) -> list[Sink]:
        return self.sinks + ([self._runlog_sink] if self._runlog_sink is not None else [])

    def finish(self, run_status: str, status: GuardStatus | None = None) -> None:
        """End a fit (``"completed"``: the run log stays open) or the run (``"stopped"``)."""
        for sink in self._all_sinks():
            sink.close(run_status, status)
        if run_status == "stopped":
            self.runlog = None
            self._runlog_sink = None

    # ------------------------------------------------------------------ budget
    def wants_capture(self, consecutive: int) -> bool:
        """Should the adapter copy this skipped step's arrays off the device?

        Only the first step of a streak, while fewer than ``max_incidents``
        origins are saved and the localizer has not run ``4 * max_incidents``
        times (a run failing the same way every few steps stays cheap).
        """
        return (self.capture and consecutive == 1 and len(self.origins) < self.max_incidents
                and self._localized < 4 * max(self.max_incidents, 1))

    # ------------------------------------------------------------------ drain
    def drain(self, events: Sequence[dict], status: GuardStatus, captures: Sequence[Capture],
              epoch: int) -> bool:
        """Fan out new skip events, one sampled step and the captures.

        Returns:
            ``True`` when the streak of skips reached ``max_consecutive_skips``:
            the adapter may let a recovery plug-in act, else calls :meth:`stop`.
        """
        sinks = self._all_sinks()
        for event in events:
            event.setdefault("epoch", epoch)
            self.events.append(event)
            for sink in sinks:
                sink.on_skip(event, status)
        step = status.steps - 1
        if (self.runlog is not None and step > self._last_logged and step >= 0
                and status.last_trigger == int(policy.Trigger.HEALTHY)):
            self._last_logged = step
            for sink in sinks:
                sink.on_step(step, epoch, status)
        for cap in merge_replicas(captures):
            self._handle_capture(cap, status, events)
        for sink in self._all_sinks():
            sink.on_drained(status, len(self.incidents), bool(events or captures))
        return status.consecutive >= self.max_consecutive_skips

    def _handle_capture(self, cap: Capture, status: GuardStatus, events: Sequence[dict]):
        self._localized += 1
        finding = None
        if self.localize is not None:
            try:
                finding = self.localize(cap, status.history)
            except Exception as exc:  # localization must never break training
                for sink in self._all_sinks():
                    sink.on_notice(cap.step, f"could not localize ({exc!r})")
        finding_dict = finding.to_dict() if finding is not None else None
        if finding_dict is not None:
            for event in events:
                if event["step"] == cap.step:
                    event["cause"] = finding_dict["cause"]
        key = render.finding_summary(finding_dict) if finding_dict else "unlocalized"
        if key in self.origins:
            self.origins[key] += 1
            for sink in self._all_sinks():
                sink.on_repeat(key, self.origins[key])
            return
        self.origins[key] = 1
        record = {"folder": None, "report": None, "finding": finding_dict, "step": cap.step}
        if self.runlog is not None:
            folder = self._save(cap, finding, finding_dict)
            record["folder"] = str(folder)
            if finding_dict is not None:
                record["report"] = str(folder / "report.json")
        self.incidents.append(record)
        for sink in self._all_sinks():
            sink.on_incident(record, finding)

    def _save(self, cap: Capture, finding: Any, finding_dict: dict | None) -> Path:
        folder = self.runlog.logdir / "incidents" / str(cap.step)
        incident_store.write_incident(folder, cap.meta(), cap.batch_arrays, cap.variables,
                                      cap.optimizer)
        if finding_dict is not None:
            if getattr(finding, "trace", None) is not None:
                # With what the live replay added to the trace's finding (rows, layer
                # class, fix), so `nanguard locate` re-localizes to the same finding.
                incident_store.add_file(folder, "trace.json",
                                        origin_context.with_context(finding.trace, finding))
            incident_store.add_file(folder, "report.json", finding_dict)
        return folder

    def end_epoch(self, epoch: int, status: GuardStatus) -> None:
        """Tell every sink an epoch ended (call after the epoch's last :meth:`drain`)."""
        for sink in self._all_sinks():
            sink.on_epoch_end(epoch, status)

    # ------------------------------------------------------------------ actions and stop
    def log_action(self, kind: str | None, step: int, message: str, *, style: str = "yellow",
                   counter: str | None = None, **fields: Any) -> None:
        """A plug-in's action (rollback, LR change...): console line, event, counter."""
        for sink in self._all_sinks():
            sink.on_action(kind, step, message, style, counter, fields)

    def stop(self, status: GuardStatus, events: Sequence[dict] = ()) -> NonFiniteError:
        """End the run on the current streak: tell every sink; return the error to raise."""
        last = events[-1] if events else (self.events[-1] if self.events else {})
        what = last.get("trigger") or "loss or gradients"
        step = int(last.get("step", status.steps - 1))
        incident = self.incidents[-1] if self.incidents else {}
        finding, report = incident.get("finding"), incident.get("report")
        message = render.stop_message(
            step=step, consecutive=status.consecutive, trigger=what,
            max_consecutive_skips=self.max_consecutive_skips, finding=finding, report=report,
            reason=last.get("reason"),
        )
        for sink in self._all_sinks():
            sink.on_stop(message, step, what)
        self.finish("stopped", status)
        return NonFiniteError(message, step=step, what=what, consecutive=status.consecutive,
                              origin=finding, report_path=report)

    def stop_with(self, message: str, step: int, what: str,
                  status: GuardStatus | None = None) -> NonFiniteError:
        """End the run with a plug-in's own message (e.g. recovery ran out of moves)."""
        self.log_action("stop", step, message, style="bold red")
        self.finish("stopped", status)
        return NonFiniteError(message, step=step, what=what)
