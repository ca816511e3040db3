"""The host pipeline, driven as an adapter drives it, with no ML framework."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from nanguard.core import incident_store
from nanguard.core.incident import Finding, Origin
from nanguard.core.pipeline import Capture, GuardStatus, HostPipeline, Sink, merge_replicas
from nanguard.core.runlog import RunLog, read_jsonl
from nanguard.errors import NonFiniteError


class Recorder(Sink):
    """Keeps every call it receives, in order."""

    def __init__(self):
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_") or name == "close":
            calls = object.__getattribute__(self, "calls")
            return lambda *args: calls.append((name, args))
        return object.__getattribute__(self, name)


def _event(step, consecutive, trigger="loss"):
    return {"step": step, "trigger": trigger, "loss": math.nan, "grad_norm": 1.0,
            "consecutive": consecutive}


def _capture(step, replica=0, rows=2):
    return Capture(step=step, trigger="loss", epoch=0, batch=step, replica=replica,
                   batch_arrays={"x": np.full((rows, 3), float(replica))},
                   variables={"dense/kernel": np.ones((3, 1))},
                   optimizer={"iteration": np.int64(step)})


def _finding(op="Log", line=12):
    origin = Origin(phase="forward", op=op, layer="head", file="model.py", line=line)
    return Finding(origin=origin, cause="log_of_zero", explanation="log(0) is -inf.",
                   fix="Use nanguard.ops.safe_log.", trigger="loss", action="skipped",
                   step=0, epoch=0, batch=0)


def _status(steps, consecutive, skipped=None, last_trigger=1):
    return GuardStatus(steps=steps, skipped=consecutive if skipped is None else skipped,
                       consecutive=consecutive, last_trigger=last_trigger,
                       history={"loss": [1.0, 0.9], "grad_norm": [2.0, 2.1]})


def test_capture_budget_is_first_step_of_a_streak_and_max_incidents_origins():
    p = HostPipeline(max_consecutive_skips=10, max_incidents=1,
                     localize=lambda cap, history: _finding())
    assert p.wants_capture(1) and not p.wants_capture(2)
    p.drain([_event(3, 1)], _status(4, 1), [_capture(3)], epoch=0)
    assert not p.wants_capture(1)  # one origin saved: the budget is spent
    assert not HostPipeline(max_consecutive_skips=1, capture=False).wants_capture(1)


def test_a_repeated_origin_is_counted_not_saved_again(tmp_path):
    p = HostPipeline(max_consecutive_skips=10, localize=lambda cap, history: _finding())
    p.open(RunLog(tmp_path))
    p.drain([_event(3, 1)], _status(4, 1), [_capture(3)], epoch=0)
    p.drain([_event(7, 1)], _status(8, 1, skipped=2), [_capture(7)], epoch=0)
    assert [r["step"] for r in p.incidents] == [3]
    assert p.origins == {"forward Log in layer 'head' at model.py:12: log_of_zero": 2}
    saved = incident_store.read_incident(tmp_path / "incidents" / "3")
    assert saved["report"]["cause"] == "log_of_zero"
    assert saved["meta"]["step"] == 3
    summary = json.loads((tmp_path / "run.json").read_text())
    assert summary["incidents"] == 1 and list(summary["origin_counts"].values()) == [2]
    # The skip event of the localized step carries the cause (recovery reads it).
    assert p.events[0]["cause"] == "log_of_zero"


def test_a_failing_localizer_becomes_a_notice_and_an_unlocalized_incident():
    def broken(cap, history):
        raise RuntimeError("replay failed")

    sink = Recorder()
    p = HostPipeline(max_consecutive_skips=10, localize=broken, sinks=[sink])
    p.drain([_event(3, 1)], _status(4, 1), [_capture(3)], epoch=0)
    notices = [args for name, args in sink.calls if name == "on_notice"]
    assert notices and "replay failed" in notices[0][1]
    assert p.incidents == [{"folder": None, "report": None, "finding": None, "step": 3}]


def test_sinks_see_skips_then_the_sampled_step_then_the_drain_end():
    sink = Recorder()
    p = HostPipeline(max_consecutive_skips=10, sinks=[sink])
    p.drain([_event(3, 1)], _status(4, 1), [], epoch=2)
    assert [name for name, _ in sink.calls] == ["on_skip", "on_drained"]
    assert sink.calls[0][1][0]["epoch"] == 2


def test_a_healthy_step_is_sampled_into_the_run_log_once(tmp_path):
    p = HostPipeline(max_consecutive_skips=10)
    p.open(RunLog(tmp_path))
    healthy = GuardStatus(steps=10, last_loss=0.5, last_grad_norm=2.0, last_clip=1.0)
    p.drain([], healthy, [], epoch=0)
    p.drain([], healthy, [], epoch=0)
    steps = read_jsonl(tmp_path / "steps.jsonl").records
    assert [(r["step"], r["skipped"]) for r in steps] == [(9, False)]


def test_the_streak_limit_stops_with_one_message_naming_the_origin_and_report(tmp_path):
    sink = Recorder()
    p = HostPipeline(max_consecutive_skips=2, localize=lambda cap, history: _finding(),
                     sinks=[sink])
    p.open(RunLog(tmp_path))
    assert not p.drain([_event(3, 1)], _status(4, 1), [_capture(3)], epoch=0)
    assert p.drain([_event(4, 2)], _status(5, 2), [], epoch=0)
    error = p.stop(_status(5, 2), [_event(4, 2)])
    assert isinstance(error, NonFiniteError)
    message = str(error)
    assert message.startswith("nanguard stopped training at step 4: 2 consecutive steps had "
                              "non-finite loss (max_consecutive_skips=2)")
    assert "Located origin: Log in layer 'head' at model.py:12 (log_of_zero)." in message
    assert message.endswith(f"Report: {tmp_path / 'incidents' / '3' / 'report.json'}")
    assert error.step == 4 and error.what == "loss"
    stops = [args for name, args in sink.calls if name == "on_stop"]
    assert stops == [(message, 4, "loss")]
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "stopped"
    assert p.runlog is None  # closed: a next fit opens a new one


def test_a_learning_rate_streak_reads_as_a_learning_rate_problem():
    p = HostPipeline(max_consecutive_skips=1)
    p.drain([_event(0, 1, "learning_rate")], _status(1, 1, last_trigger=4), [], epoch=0)
    assert "1 consecutive steps had a non-finite learning rate" in str(
        p.stop(_status(1, 1), [])
    )


def test_replica_slices_of_one_step_are_joined_in_replica_order():
    merged = merge_replicas([_capture(5, replica=1), _capture(5, replica=0), _capture(9)])
    assert [c.step for c in merged] == [5, 9]
    np.testing.assert_array_equal(merged[0].batch_arrays["x"][:, 0], [0, 0, 1, 1])


@pytest.mark.parametrize("kind", ["rollback", None])
def test_plugin_actions_reach_the_run_log_with_their_counter(tmp_path, kind):
    p = HostPipeline(max_consecutive_skips=3)
    p.open(RunLog(tmp_path))
    p.log_action(kind, 5, "rolled back to step 0", counter="rollbacks", to_step=0)
    summary = json.loads((tmp_path / "run.json").read_text())
    assert summary["rollbacks"] == (1 if kind else 0)
    events = read_jsonl(tmp_path / "events.jsonl").records
    assert [e["kind"] for e in events] == ([kind] if kind else [])
