"""Glue from the torch guard's host side to the engine's host pipeline.

TEMPORARY minimal pipeline until ``nanguard.core.pipeline`` lands: run log,
console, stop message. Same method names as the engine's ``HostPipeline``.
"""

from __future__ import annotations

from typing import Any

from nanguard.core.runlog import RunLog
from nanguard.errors import NonFiniteError
from nanguard.report import console as con

__all__ = ["build_pipeline", "guard_status"]


class _Status(dict):
    __getattr__ = dict.get


def guard_status(state: dict, window: int) -> Any:
    from nanguard.core import policy

    hist = policy.history_from_rings(state["loss_hist"], state["gnorm_hist"],
                                     state["hist_count"], window)
    return _Status(steps=int(state["step"]), skipped=int(state["skipped"]),
                   consecutive=int(state["consecutive"]), spikes=int(state["spikes"]),
                   loss_scale_skips=int(state["loss_scale_skips"]),
                   last_loss=float(state["last_loss"]), last_grad_norm=float(state["last_gnorm"]),
                   last_clip=float(state["last_clip"]), last_trigger=int(state["last_trigger"]),
                   history=hist)


class _LocalPipeline:
    def __init__(self, host):
        self.host = host
        self.max_consecutive_skips = host.guard.max_consecutive_skips
        self.runlog = None if host.logdir is None else RunLog(host.logdir,
                                                              config=host.config_dict())
        self.incidents: list[dict] = []
        self.events: list[dict] = []
        self._origins: dict[str, int] = {}

    def wants_capture(self, consecutive: int) -> bool:
        return consecutive == 1 and len(self._origins) < self.host.max_incidents

    def drain(self, events, status, captures, epoch) -> bool:
        for ev in events:
            self.events.append(ev)
            if self.host.verbose:
                con.print_action(
                    f"step {ev['step']}: skipped the update ({ev['trigger']} non-finite; "
                    f"loss={ev['loss']:.4g}, grad_norm={ev['grad_norm']:.4g}); "
                    f"{ev['consecutive']} in a row, {status.skipped} in total")
            if self.runlog is not None:
                self.runlog.log_event("skip", ev["step"], f"{ev['trigger']} non-finite",
                                      trigger=ev["trigger"], loss=ev["loss"],
                                      grad_norm=ev["grad_norm"])
        for cap in captures:
            self._incident(cap, status)
        if self.runlog is not None:
            self.runlog.update(steps=status.steps, skipped=status.skipped, spikes=status.spikes,
                               loss_scale_skips=status.loss_scale_skips,
                               incidents=len(self.incidents))
            self.runlog.write_summary()
        return status.consecutive >= self.max_consecutive_skips

    def _incident(self, cap: dict, status) -> None:
        from nanguard.core import incident_store
        from nanguard.torch._replay import localize_capture

        finding, trace = None, None
        try:
            finding, trace = localize_capture(self.host.guard, cap, status.history)
        except Exception as exc:  # localization must never break training
            if self.host.verbose:
                con.print_action(f"step {cap['step']}: could not localize ({exc!r})")
        key = "unlocalized" if finding is None else finding.summary()
        if key in self._origins:
            self._origins[key] += 1
            return
        self._origins[key] = 1
        record = {"folder": None, "report": None, "step": cap["step"],
                  "finding": None if finding is None else finding.to_dict()}
        if finding is not None and self.host.verbose:
            con.print_action(f"step {cap['step']}: origin: {finding.summary()}\n  "
                             f"{finding.explanation}\n  fix: {finding.fix}", style="cyan")
        if self.runlog is not None:
            folder = self.runlog.logdir / "incidents" / str(cap["step"])
            meta = {k: cap[k] for k in ("step", "epoch", "batch", "trigger", "replica")}
            incident_store.write_incident(folder, meta, cap["batch_arrays"], cap["variables"],
                                          cap["optimizer"])
            if finding is not None:
                if trace is not None:
                    incident_store.add_file(folder, "trace.json", trace)
                incident_store.add_file(folder, "report.json", finding.to_dict())
                record["report"] = str(folder / "report.json")
            record["folder"] = str(folder)
            self.runlog.log_event("incident", cap["step"],
                                  finding.summary() if finding else "not localized",
                                  folder=str(folder))
        self.incidents.append(record)

    def stop(self, status, events) -> NonFiniteError:
        last = events[-1] if events else {}
        what = last.get("trigger", "loss or gradients")
        step = int(last.get("step", status.steps - 1))
        message = (f"nanguard stopped training at step {step}: {status.consecutive} consecutive "
                   f"steps had non-finite {what} (max_consecutive_skips="
                   f"{self.max_consecutive_skips}). The weights are the last finite state; "
                   "no skipped update was applied.")
        if self.host.verbose:
            con.print_action(message, style="bold red")
        if self.runlog is not None:
            self.runlog.log_event("stop", step, message, trigger=what)
        return NonFiniteError(message, step=step, what=what, consecutive=status.consecutive,
                              origin=None, report_path=None)

    def finish(self, status_str, status) -> None:
        if self.runlog is not None:
            if status is not None:
                self.runlog.update(steps=status.steps, skipped=status.skipped)
            self.runlog.close(status_str)


def build_pipeline(host) -> Any:
    return _LocalPipeline(host)
