"""Host side of an incident: save it, localize it, print it once (off the hot path)."""

from __future__ import annotations

from typing import Any

from nanguard.core import incident_store
from nanguard.report import console as con


def handle_capture(guard: Any, cap: dict, history: dict) -> dict | None:
    """Save one captured skipped step; localize it; dedupe by origin.

    Returns a record ``{"folder", "report", "finding"}`` for a new origin, or
    ``None`` when the origin repeats an earlier one (its count is increased).
    """
    guard._localized_streaks += 1
    meta = {
        "step": cap["step"], "epoch": cap["epoch"], "batch": cap["batch"],
        "trigger": cap["trigger"], "replica": cap["replica"],
    }
    finding = None
    if guard.localize:
        try:
            from nanguard.tf.replay import localize_capture

            finding = localize_capture(guard.model, cap, history=history)
        except Exception as exc:  # localization must never break training
            if guard.verbose:
                con.print_action(f"step {cap['step']}: could not localize ({exc!r})")
            finding = None
    key = "unlocalized" if finding is None else finding.summary()
    if key in guard._origins:
        guard._origins[key] += 1
        if guard._runlog is not None:
            guard._runlog.summary.setdefault("origin_counts", {})[key] = guard._origins[key]
        return None
    guard._origins[key] = 1
    record: dict = {"folder": None, "report": None, "finding": None, "step": cap["step"]}
    if finding is not None:
        record["finding"] = finding.to_dict()
        if guard.verbose:
            con.print_action(
                f"step {cap['step']}: origin: {finding.summary()}\n  {finding.explanation}\n"
                f"  fix: {finding.fix}",
                style="cyan",
            )
    if guard._runlog is not None:
        folder = guard._runlog.logdir / "incidents" / str(cap["step"])
        p = cap["payload"]
        incident_store.write_incident(folder, meta, p["batch"], p["variables"], p["optimizer"])
        if finding is not None:
            if getattr(finding, "trace", None) is not None:
                incident_store.add_file(folder, "trace.json", finding.trace)
            incident_store.add_file(folder, "report.json", finding.to_dict())
            record["report"] = str(folder / "report.json")
        record["folder"] = str(folder)
        guard._runlog.summary.setdefault("origin_counts", {})[key] = 1
        guard._runlog.log_event(
            "incident", cap["step"], finding.summary() if finding else "not localized",
            folder=str(folder),
        )
    return record
