"""The run log is crash-safe and readable after a SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from nanguard.core.runlog import RunLog, load_run, read_jsonl
from nanguard.errors import RunLogError


def test_a_run_killed_with_sigkill_leaves_a_steps_file_that_parses(tmp_path):
    code = (
        "import sys\n"
        "from nanguard.core.runlog import RunLog\n"
        f"log = RunLog({str(tmp_path)!r})\n"
        "i = 0\n"
        "while True:\n"
        "    log.log_step({'step': i, 'loss': float(i), 'grad_norm': 1.0, 'finite': True,"
        " 'skipped': False, 'clip_scale': 1.0, 'pad': 'x' * 500})\n"
        "    i += 1\n"
        "    if i == 200: print('ready', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    read = read_jsonl(tmp_path / "steps.jsonl")
    assert read.truncated_at is None
    assert len(read.records) >= 200
    assert [r["step"] for r in read.records] == list(range(len(read.records)))
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "running"


def test_nonfinite_values_are_encoded_as_strings_in_json(tmp_path):
    log = RunLog(tmp_path)
    log.log_step({"step": 0, "loss": float("nan"), "grad_norm": float("inf")})
    log.close()
    line = (tmp_path / "steps.jsonl").read_text()
    assert '"loss":"nan"' in line and '"grad_norm":"inf"' in line


def test_load_run_refuses_a_folder_that_is_not_a_run(tmp_path):
    with pytest.raises(RunLogError, match="not a nanguard run"):
        load_run(tmp_path)
    with pytest.raises(RunLogError, match="no such folder"):
        load_run(tmp_path / "missing")
