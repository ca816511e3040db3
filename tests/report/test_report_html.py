"""The HTML page: content, escaping, self-containment, size on long runs, the CLI."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import pytest
from report_runs import NAN_STEP, make_run, write_incident

from nanguard.cli import main
from nanguard.core.runlog import RunLog
from nanguard.report.html import render_html, write_report
from nanguard.report.model import build_report_model

EVIL = "<script>alert(1)</script>"


def _html(logdir: Path) -> str:
    return render_html(build_report_model(logdir))


def test_page_shows_summary_plots_and_incident(run_dir):
    html = _html(run_dir)
    assert html.startswith("<!DOCTYPE html>")
    for plot_id in ("loss", "grad_norm", "timeline"):
        assert f'id="plot-{plot_id}"' in html
    assert 'class="hline clip"' in html and "clipnorm = 1" in html
    assert f'id="incident-{NAN_STEP}"' in html
    assert 'class="line origin"' in html and "y = tf.math.log(p)" in html
    assert "Use nanguard.ops.safe_log(p)" in html
    assert "log_of_zero" in html and "dense_1" in html


def test_nonfinite_values_are_markers_not_path_points(run_dir):
    html = _html(run_dir)
    assert 'class="marker nan"' in html and 'class="marker inf"' in html
    for d in re.findall(r'<path class="series [^"]*" d="([^"]*)"', html):
        assert re.fullmatch(r"M[0-9.,\- L]+", d), d[:80]


def test_guard_actions_are_marked_on_the_time_axis(run_dir):
    html = _html(run_dir)
    for kind in ("skipped", "skip", "spike", "rollback", "incident"):
        assert f'class="marker {kind}"' in html
    assert 'class="rule rollback"' in html


def test_page_is_self_contained(run_dir):
    html = _html(run_dir)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}


@pytest.mark.parametrize("where", ["layer", "explanation", "fix", "config", "event_reason"])
def test_malicious_strings_are_escaped(tmp_path, where):
    config = {"clipnorm": 1.0}
    if where == "config":
        config[EVIL] = EVIL
    run = make_run(tmp_path / "run", config=config, incident=False)

    kwargs = (
        {"layer": EVIL}
        if where == "layer"
        else {where: EVIL}
        if where in ("explanation", "fix")
        else {}
    )
    write_incident(run, 5, **kwargs)
    if where == "event_reason":
        with open(run / "events.jsonl", "a") as fh:
            fh.write(json.dumps({"kind": "rollback", "step": 7, "reason": EVIL}) + "\n")
    html = _html(run)
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_run_with_no_steps_says_so(tmp_path):
    RunLog(tmp_path / "empty", config={}).close()
    html = _html(tmp_path / "empty")
    assert "no steps logged" in html
    assert "No incident reports in this run." in html


def test_truncated_steps_file_notice_is_on_the_page(run_dir):
    with open(run_dir / "steps.jsonl", "ab") as fh:
        fh.write(b'{"step": 300, "lo')
    html = _html(run_dir)
    assert 'class="notice"' in html and "the last line read" in html


def _write_long_run(logdir: Path, n: int) -> None:
    """A 1,000,000-step run log written directly (RunLog.log_step per step is too slow)."""
    RunLog(logdir, config={"clipnorm": 5.0}).close()
    lines = []
    for step in range(n):
        loss = 3.0 / (1 + step / 1000)
        grad = 1.0 + (step % 97) / 100
        if step % 100_000 == 50_000:
            lines.append(
                f'{{"step":{step},"loss":"nan","grad_norm":"inf","finite":false,'
                f'"skipped":true,"clip_scale":1.0}}\n'
            )
            continue
        if step == 777_777:
            grad = 1e4
        lines.append(
            f'{{"step":{step},"loss":{loss!r},"grad_norm":{grad!r},"finite":true,'
            f'"skipped":false,"clip_scale":1.0}}\n'
        )
    (logdir / "steps.jsonl").write_text("".join(lines))
    with open(logdir / "events.jsonl", "w") as fh:
        for step in range(50_000, n, 100_000):
            fh.write(json.dumps({"kind": "skip", "step": step, "reason": "nan"}) + "\n")


@pytest.mark.slow
def test_million_step_report_stays_small_and_keeps_spikes_and_nans(tmp_path):
    logdir = tmp_path / "long"
    _write_long_run(logdir, 1_000_000)
    start = time.perf_counter()
    model = build_report_model(logdir)
    out = write_report(logdir, tmp_path / "long.html")
    elapsed = time.perf_counter() - start
    size = out.stat().st_size
    print(f"1,000,000-step report: {size / 1e6:.2f} MB in {elapsed:.1f} s")
    assert size < 5_000_000
    grad = model.series["grad_norm"]
    assert len(grad.points) <= 2000 and (777_777, 1e4) in grad.points
    assert [m.step for m in model.series["loss"].nonfinite] == list(
        range(50_000, 1_000_000, 100_000)
    )
    html = out.read_text()
    assert html.count('class="marker nan"') == 10


def test_cli_writes_the_report_and_exits_0(run_dir, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(run_dir), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert str(out) in capsys.readouterr().out


def test_cli_default_output_is_inside_the_logdir(run_dir):
    assert main(["report", str(run_dir)]) == 0
    assert (run_dir / "report.html").is_file()


def test_cli_exits_2_with_a_message_for_a_missing_folder(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_cli_exits_2_for_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "not a nanguard run" in capsys.readouterr().err


def test_loss_axis_switches_to_log_scale_for_wide_positive_ranges(tmp_path):
    log = RunLog(tmp_path / "wide", config={})
    for step in range(50):
        log.log_step(
            {
                "step": step,
                "loss": 10.0 ** (step / 5),
                "grad_norm": 1.0,
                "finite": True,
                "skipped": False,
                "clip_scale": 1.0,
            }
        )
    log.close()
    html = _html(tmp_path / "wide")
    assert "(log scale)" in html
    assert not math.isnan(build_report_model(tmp_path / "wide").series["loss"].points[-1][1])


def test_config_values_are_shown_as_json(tmp_path):
    RunLog(tmp_path / "r", config={"clipnorm": None, "spike": False, "window": 128}).close()
    html = _html(tmp_path / "r")
    for text in ("<code>null</code>", "<code>false</code>", "<code>128</code>"):
        assert text in html
    assert "<code>None</code>" not in html


def test_unreadable_source_without_saved_code_says_why(tmp_path):
    run = make_run(tmp_path / "run", incident=False)
    write_incident(run, 3, file="<string>", code=None)
    assert "<code>&lt;string&gt;</code> is not readable here" in _html(run)
