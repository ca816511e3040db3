"""TensorBoard export: real event files whose values read back exactly (float32)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from report_runs import N_STEPS, NAN_STEP, SPIKE_STEP, step_record
from tbparse import SummaryReader

from nanguard.cli import main
from nanguard.core.runlog import read_jsonl
from nanguard.report.tensorboard import TensorBoardWriter, export_runlog


def _scalars(folder) -> dict[str, dict[int, float]]:
    frame = SummaryReader(str(folder)).scalars
    out: dict[str, dict[int, float]] = {}
    for tag, step, value in zip(frame["tag"], frame["step"], frame["value"], strict=True):
        out.setdefault(tag, {})[int(step)] = float(value)
    return out


def _same_float32(a: float, b: float) -> bool:
    a32, b32 = np.float32(a), np.float32(b)
    return (np.isnan(a32) and np.isnan(b32)) or a32 == b32


def test_exported_scalars_match_the_run_log(run_dir):
    out = export_runlog(run_dir)
    assert out == run_dir / "tensorboard"
    scalars = _scalars(out)
    assert set(scalars) == {
        "nanguard/loss",
        "nanguard/grad_norm",
        "nanguard/clip_scale",
        "nanguard/skipped",
        "nanguard/spikes",
    }
    for name in ("loss", "grad_norm", "clip_scale"):
        read = scalars[f"nanguard/{name}"]
        assert sorted(read) == list(range(N_STEPS))
        for step in range(N_STEPS):
            expected = step_record(step)[name]
            assert _same_float32(read[step], expected), (name, step, read[step], expected)
    assert math.isnan(scalars["nanguard/loss"][NAN_STEP])
    assert scalars["nanguard/grad_norm"][NAN_STEP] == math.inf


def test_skipped_and_spikes_are_cumulative_counts(run_dir):
    scalars = _scalars(export_runlog(run_dir))
    skipped, spikes = scalars["nanguard/skipped"], scalars["nanguard/spikes"]
    assert [skipped[s] for s in (0, NAN_STEP - 1, NAN_STEP, N_STEPS - 1)] == [0, 0, 1, 1]
    assert [spikes[s] for s in (0, SPIKE_STEP - 1, SPIKE_STEP, N_STEPS - 1)] == [0, 0, 1, 1]


def test_each_incident_is_a_text_summary(run_dir):
    text = SummaryReader(str(export_runlog(run_dir, run_dir / "tb"))).text
    assert list(text["tag"]) == ["nanguard/incident"] and list(text["step"]) == [NAN_STEP]
    assert text["value"][0].startswith("`forward Log in layer 'dense_1' at ")
    assert "log_of_zero`" in text["value"][0] and "safe_log" in text["value"][0]


def test_truncated_steps_file_exports_up_to_the_last_good_line(run_dir):
    with open(run_dir / "steps.jsonl", "ab") as fh:
        fh.write(b'{"step": 999, "loss": 1')
    assert read_jsonl(run_dir / "steps.jsonl").truncated_at == N_STEPS + 1
    scalars = _scalars(export_runlog(run_dir))
    assert max(scalars["nanguard/loss"]) == N_STEPS - 1


def test_writer_round_trips_scalars_and_text(tmp_path):
    with TensorBoardWriter(tmp_path / "tb") as tb:
        tb.scalar("a", 0.1, step=3)
        tb.scalar("a", np.float64(float("-inf")), step=4)
        tb.text("note", "hello **world**", step=5)
        tb.flush()
    reader = SummaryReader(str(tmp_path / "tb"))
    assert list(reader.scalars["step"]) == [3, 4]
    assert reader.scalars["value"][0] == np.float32(0.1)
    assert reader.scalars["value"][1] == -math.inf
    assert list(reader.text["value"]) == ["hello **world**"]


def test_writing_after_close_raises(tmp_path):
    tb = TensorBoardWriter(tmp_path / "tb")
    tb.close()
    with pytest.raises(ValueError, match="closed"):
        tb.scalar("a", 1.0, step=0)


def test_two_writers_in_one_folder_write_two_files(tmp_path):
    with TensorBoardWriter(tmp_path) as a, TensorBoardWriter(tmp_path) as b:
        a.scalar("x", 1.0, 0)
        b.scalar("y", 2.0, 0)
    assert len(list(tmp_path.glob("events.out.tfevents.*"))) == 2


def test_cli_report_can_also_export_tensorboard(run_dir, tmp_path):
    assert main(["report", str(run_dir), "-o", str(tmp_path / "r.html"), "--tensorboard"]) == 0
    assert list((run_dir / "tensorboard").glob("events.out.tfevents.*"))


def test_export_does_not_import_tensorflow(run_dir):
    import subprocess
    import sys

    code = (
        "import sys; from nanguard.report.tensorboard import export_runlog; "
        f"export_runlog({str(run_dir)!r}); "
        "print('tensorflow' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


def test_cli_does_not_export_twice_into_a_folder_with_live_event_files(run_dir, tmp_path, capsys):
    export_runlog(run_dir)
    assert main(["report", str(run_dir), "-o", str(tmp_path / "r.html"), "--tensorboard"]) == 0
    assert len(list((run_dir / "tensorboard").glob("events.out.tfevents.*"))) == 1
    assert "not exporting again" in capsys.readouterr().out
