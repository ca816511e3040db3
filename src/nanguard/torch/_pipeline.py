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
        self.tb = None
        if host.tensorboard:
            from pathlib import Path

            from nanguard.report.tensorboard import TensorBoardWriter

            self.tb = TensorBoardWriter(Path(host.logdir) / "tensorboard")

    def wants_capture(self, consecutive: int) -> bool:
        return consecutive == 1 and len(self._origins) < self.host.max_incidents

    def drain(self, events, status, captures, epoch) -> bool:
        for ev in events:
            self.events.append(ev)
            spike = ev["trigger"] == "spike"
            reason = "loss or gradient-norm spike" if spike else f"{ev['trigger']} non-finite"
            if self.host.verbose:
                con.print_action(
                    f"step {ev['step']}: skipped the update ({reason}; "
                    f"loss={ev['loss']:.4g}, grad_norm={ev['grad_norm']:.4g}); "
                    f"{ev['consecutive']} in a row, {status.skipped} in total")
            if self.runlog is not None:
                self.runlog.log_step({"step": ev["step"], "epoch": epoch, "loss": ev["loss"],
                                      "grad_norm": ev["grad_norm"], "finite": spike,
                                      "skipped": True, "clip_scale": 1.0})
                self.runlog.log_event("spike" if spike else "skip", ev["step"], reason,
                                      trigger=ev["trigger"], loss=ev["loss"],
                                      grad_norm=ev["grad_norm"])
            if self.tb is not None:
                self.tb.scalar("nanguard/skipped", status.skipped, ev["step"])
                if spike:
                    self.tb.scalar("nanguard/spikes", status.spikes, ev["step"])
        step = status.steps - 1
        if not events and status.last_trigger == 0 and step >= 0:
            if self.runlog is not None:
                self.runlog.log_step({"step": step, "epoch": epoch, "loss": status.last_loss,
                                      "grad_norm": status.last_grad_norm, "finite": True,
                                      "skipped": False, "clip_scale": status.last_clip})
            if self.tb is not None:
                self.tb.scalar("nanguard/loss", status.last_loss, step)
                self.tb.scalar("nanguard/grad_norm", status.last_grad_norm, step)
                self.tb.scalar("nanguard/clip_scale", status.last_clip, step)
                self.tb.scalar("nanguard/skipped", status.skipped, step)
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
        if self.tb is not None and finding is not None:
            from nanguard.report.tensorboard import incident_text

            self.tb.text("nanguard/incident",
                         incident_text(finding.summary(), finding.explanation, finding.fix),
                         cap["step"])

    def stop(self, status, events) -> NonFiniteError:
        last = events[-1] if events else {}
        what = last.get("trigger", "loss or gradients")
        step = int(last.get("step", status.steps - 1))
        problem = ("were loss or gradient-norm spikes" if what == "spike"
                   else f"had non-finite {what}")
        incident = self.incidents[-1] if self.incidents else {}
        origin, report = incident.get("finding"), incident.get("report")
        message = (f"nanguard stopped training at step {step}: {status.consecutive} consecutive "
                   f"steps {problem} (max_consecutive_skips="
                   f"{self.max_consecutive_skips}). The weights are the last finite state; "
                   "no skipped update was applied.")
        if origin:
            o = origin["origin"]
            bits = [o.get("op") or o.get("input") or o.get("variable"),
                    f"in module '{o['layer']}'" if o.get("layer") else None,
                    f"at {o['file']}:{o['line']}" if o.get("file") else None]
            message += (" Located origin: " + " ".join(b for b in bits if b)
                        + f" ({origin['cause']}).")
        if report:
            message += f" Report: {report}"
        if self.host.verbose:
            con.print_action(message, style="bold red")
        if self.runlog is not None:
            self.runlog.log_event("stop", step, message, trigger=what)
        return NonFiniteError(message, step=step, what=what, consecutive=status.consecutive,
                              origin=origin, report_path=report)

    def finish(self, status_str, status) -> None:
        if self.tb is not None:
            self.tb.close()
        if self.runlog is not None:
            if status is not None:
                self.runlog.update(steps=status.steps, skipped=status.skipped,
                                   spikes=status.spikes, incidents=len(self.incidents),
                                   loss_scale_skips=status.loss_scale_skips)
            self.runlog.close(status_str)


def build_pipeline(host) -> Any:
    return _LocalPipeline(host)
