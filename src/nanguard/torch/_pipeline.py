"""Glue from the torch guard's host side to the engine's ``HostPipeline``.

The engine (``nanguard.core.pipeline``) owns the incident budget, dedup by
origin, incident folders, the run log, the console and TensorBoard sinks and
the stop message. The adapter only builds it and injects ``localize``: the
replay of ``loss_fn(batch)`` (``nanguard.torch._replay``). A ``Capture`` holds
arrays only; the live batch object and the RNG state the replay needs stay in
the adapter, keyed by step.
"""

from __future__ import annotations

from typing import Any

from nanguard.core.pipeline import Capture, GuardStatus, HostPipeline
from nanguard.core.runlog import RunLog
from nanguard.report.sinks import standard_sinks

__all__ = ["build_pipeline", "guard_status", "to_capture"]


def guard_status(state: dict, window: int) -> GuardStatus:
    return GuardStatus.from_state(state, window)


def to_capture(cap: dict) -> Capture:
    return Capture(step=cap["step"], trigger=cap["trigger"], epoch=cap["epoch"],
                   batch=cap["batch"], replica=cap["replica"],
                   batch_arrays=cap["batch_arrays"], variables=cap["variables"],
                   optimizer=cap["optimizer"])


class TorchPipeline(HostPipeline):
    """``HostPipeline`` plus the live objects a torch replay needs (batch, RNG)."""

    def __init__(self, host: Any, **kwargs: Any):
        self.host = host
        self.live: dict[int, dict] = {}
        super().__init__(localize=self._localize, **kwargs)

    def drain(self, events, status, captures, epoch) -> bool:
        for cap in captures:
            self.live[cap["step"]] = cap
        try:
            return super().drain(events, status, [to_capture(c) for c in captures], epoch)
        finally:
            self.live.clear()

    def _localize(self, cap: Capture, history: dict):
        from nanguard.torch._replay import localize_capture

        finding, trace = localize_capture(self.host.guard, self.live[cap.step], history)
        if finding is not None and trace is not None:
            finding.trace = trace  # saved beside report.json by the pipeline
        falls = self.live[cap.step].get("loss_scale_falls")
        if finding is not None and falls:  # found by torch._loss_scale.look_at_fall
            from nanguard.core.origin_context import add_note

            add_note(finding, f"The GradScaler took it for an fp16 overflow and lowered its "
                              f"scale {falls} times; the replay without the loss scale is "
                              "non-finite too, so no scale fixes it.")
        if finding is not None and finding.origin.rows:
            self.host.rows[cap.step] = list(finding.origin.rows)  # for the quarantine
        return finding


def build_pipeline(host: Any) -> TorchPipeline:
    # guard.close() ends the run, not a Keras fit
    sinks = standard_sinks(verbose=host.verbose, logdir=host.logdir,
                           tensorboard=host.tensorboard, end_word="end of run")
    pipeline = TorchPipeline(
        host, max_consecutive_skips=host.guard.max_consecutive_skips,
        max_incidents=host.max_incidents, capture=host.capture, sinks=sinks,
    )
    if host.logdir is not None:
        pipeline.open(RunLog(host.logdir, config=host.config_dict()))
    return pipeline
