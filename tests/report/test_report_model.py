"""ReportModel: what is parsed from a run log, and how bad input is handled."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from report_runs import (
    CLIPNORM,
    MODEL_SOURCE,
    N_STEPS,
    NAN_STEP,
    ORIGIN_LINE,
    ROLLBACK_STEP,
    SPIKE_STEP,
    make_run,
    write_incident,
)

from nanguard.errors import RunLogError
from nanguard.report.incidents import read_code_excerpt
from nanguard.report.model import (
    MAX_LINE_POINTS,
    Marker,
    build_report_model,
    cap_markers,
    downsample_minmax,
)


def test_summary_counts_and_config_come_from_run_json(run_dir):
    model = build_report_model(run_dir)
    s = model.summary
    assert (s.status, s.steps, s.skipped, s.incidents, s.spikes, s.rollbacks) == (
        "completed",
        N_STEPS,
        1,
        1,
        1,
        1,
    )
    assert model.clipnorm == CLIPNORM
    assert s.config["learning_rate"] == 1e-3
    assert "nanguard" in s.versions and "python" in s.versions
    assert model.notices == []


def test_series_keep_finite_points_and_mark_nonfinite_ones(run_dir):
    model = build_report_model(run_dir)
    loss, grad = model.series["loss"], model.series["grad_norm"]
    assert loss.n_logged == N_STEPS and len(loss.points) == N_STEPS - 1
    assert all(math.isfinite(v) for _, v in loss.points)
    assert loss.nonfinite == [Marker(NAN_STEP, "nan", "loss")]
    assert grad.nonfinite == [Marker(NAN_STEP, "inf", "grad_norm")]
    assert (SPIKE_STEP, 50.0) in grad.points


def test_events_and_skipped_steps_become_markers(run_dir):
    model = build_report_model(run_dir)
    assert [m.step for m in model.skipped_markers] == [NAN_STEP]
    assert [m.step for m in model.events["spike"]] == [SPIKE_STEP]
    assert [m.step for m in model.events["rollback"]] == [ROLLBACK_STEP]
    assert model.events["rollback"][0].label == "restored step 240"
    assert model.event_counts == {
        "skip": 1,
        "spike": 1,
        "rollback": 1,
        "rerun": 0,
        "lr_change": 0,
        "quarantine": 0,
        "stop": 0,
        "incident": 1,
    }


def test_incident_fields_and_code_excerpt_around_origin_line(run_dir):
    (incident,) = build_report_model(run_dir).incidents
    assert (incident.step, incident.phase, incident.op, incident.layer, incident.cause) == (
        NAN_STEP,
        "forward",
        "Log",
        "dense_1",
        "log_of_zero",
    )
    assert incident.code_source == "file"
    source_lines = MODEL_SOURCE.splitlines()
    assert [c.number for c in incident.code] == list(range(ORIGIN_LINE - 2, ORIGIN_LINE + 2))
    assert [c.text for c in incident.code] == source_lines[ORIGIN_LINE - 3 : ORIGIN_LINE + 1]
    assert [c.number for c in incident.code if c.is_origin] == [ORIGIN_LINE]
    assert [row.name for row in incident.stats] == ["input 0", "output"]
    assert incident.stats[1].n_neginf == 1 and incident.stats[0].n_zero == 1
    assert incident.summary.endswith(": log_of_zero")


def test_code_excerpt_falls_back_to_saved_code_when_file_is_missing(tmp_path):
    lines, source = read_code_excerpt(str(tmp_path / "gone.py"), 12, "y = tf.math.log(p)")
    assert source == "report"
    assert [(c.number, c.text, c.is_origin) for c in lines] == [(12, "y = tf.math.log(p)", True)]


def test_code_excerpt_does_not_read_binary_files(tmp_path):
    binary = tmp_path / "blob.so"
    binary.write_bytes(b"\x7fELF\0\0\x01line2\nline3\n")
    _, source = read_code_excerpt(str(binary), 1, "saved")
    assert source == "report"


def test_code_excerpt_ignores_a_folder_named_as_file(tmp_path):
    lines, source = read_code_excerpt(str(tmp_path), 1, None)
    assert (lines, source) == ([], "none")


def test_truncated_steps_file_renders_with_a_notice_naming_the_last_line(run_dir):
    steps = run_dir / "steps.jsonl"
    with open(steps, "ab") as fh:
        fh.write(b'{"step": 300, "loss": 0.1, "grad_')
    model = build_report_model(run_dir)
    assert model.steps_logged == N_STEPS
    assert len(model.notices) == 1
    assert f"line {N_STEPS}, the last line read" in model.notices[0]
    assert f"truncated or corrupt at line {N_STEPS + 1}" in model.notices[0]


def test_run_without_steps_builds_an_empty_model(tmp_path):
    from nanguard.core.runlog import RunLog

    RunLog(tmp_path / "empty").close()
    model = build_report_model(tmp_path / "empty")
    assert model.steps_logged == 0 and model.first_step is None
    assert model.incidents == [] and model.series["loss"].points == []


def test_missing_folder_raises_run_log_error(tmp_path):
    with pytest.raises(RunLogError, match="no such folder"):
        build_report_model(tmp_path / "nope")


def test_folder_that_is_not_a_run_raises_run_log_error(tmp_path):
    (tmp_path / "steps.jsonl").write_text("{}\n")
    with pytest.raises(RunLogError, match="not a nanguard run"):
        build_report_model(tmp_path)


def test_invalid_incident_report_becomes_a_notice_not_a_crash(run_dir):
    bad = run_dir / "incidents" / "7"
    bad.mkdir()
    (bad / "report.json").write_text(json.dumps({"schema": "nanguard.incident/1"}))
    model = build_report_model(run_dir)
    assert [i.step for i in model.incidents] == [NAN_STEP]
    assert any(n.startswith("incident 7: unreadable report.json") for n in model.notices)


def test_incidents_are_ordered_by_step_numerically(tmp_path):
    run = make_run(tmp_path / "run", incident=False)
    for step in (100, 9, 20):
        write_incident(run, step)
    assert [i.step for i in build_report_model(run).incidents] == [9, 20, 100]


def test_downsampling_keeps_a_single_step_spike_and_bounds_points():
    steps = list(range(1_000_000))
    values = [1.0] * 1_000_000
    values[654_321] = 1e6
    values[123] = -5.0
    points = downsample_minmax(steps, values)
    assert len(points) <= MAX_LINE_POINTS
    assert (654_321, 1e6) in points and (123, -5.0) in points


def test_cap_markers_keeps_first_and_last():
    capped = cap_markers([Marker(i, "skip") for i in range(10_001)], limit=11)
    assert [m.step for m in capped] == list(range(0, 10_001, 1000))


def test_model_is_built_from_path_strings_too(run_dir: Path):
    assert build_report_model(str(run_dir)).logdir == str(run_dir)


def test_steps_logged_out_of_order_are_plotted_in_step_order(tmp_path):
    from nanguard.core.runlog import RunLog

    log = RunLog(tmp_path / "r")
    for step, loss in ((5, 0.5), (6, 0.6), (0, 1.0), (1, 0.9)):
        log.log_step({"step": step, "loss": loss})
    log.close()
    points = build_report_model(tmp_path / "r").series["loss"].points
    assert points == [(0, 1.0), (1, 0.9), (5, 0.5), (6, 0.6)]


def test_code_excerpt_never_reads_a_non_python_file_named_by_a_report(tmp_path):
    secret = tmp_path / "credentials.txt"
    secret.write_text("line1\naws_secret=hunter2\nline3\n")
    lines, source = read_code_excerpt(str(secret), 2, "y = tf.math.log(p)")
    assert source == "report"
    assert all("hunter2" not in c.text for c in lines)
