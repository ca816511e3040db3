"""MultiWorkerMirroredStrategy: two worker processes on 127.0.0.1 take the same decisions."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")

WORKER = Path(__file__).with_name("mwms_worker.py")


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _run_workers(fault: str, tmp_path: Path) -> list[dict]:
    ports = _free_ports(2)
    cluster = {"worker": [f"127.0.0.1:{p}" for p in ports]}
    procs = []
    for i in range(2):
        env = dict(os.environ)
        env["TF_CONFIG"] = json.dumps({"cluster": cluster, "task": {"type": "worker", "index": i}})
        env["CUDA_VISIBLE_DEVICES"] = ""
        out = tmp_path / f"worker{i}.json"
        log = open(tmp_path / f"worker{i}.log", "w")  # noqa: SIM115 - closed below
        procs.append((subprocess.Popen(
            [sys.executable, str(WORKER), fault, str(out)], env=env, stdout=log, stderr=log
        ), out, log))
    results = []
    try:
        for proc, out, log in procs:
            proc.wait(timeout=240)
            log.close()
            text = (tmp_path / f"worker{len(results)}.log").read_text()[-3000:]
            assert proc.returncode == 0, text
            results.append(json.loads(out.read_text()))
    finally:
        for proc, _, log in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()
    return results


@pytest.mark.slow
@pytest.mark.parametrize(
    "fault, expect",
    [
        # A NaN batch on worker 0 only: both skip step 20, both quarantine it, no rollback.
        pytest.param("data", {"skipped": [20], "rollbacks": 0, "quarantined": [20]}, id="data"),
        # A NaN weight on worker 0 only: both roll back at once to the same snapshot.
        pytest.param("weight", {"skipped": [45], "rollbacks": 1}, id="weight"),
        # A run of failures on worker 0 only: both roll back together.
        pytest.param("run", {"rollbacks": 1}, id="run"),
        # The same run, with the failed batches replayed from the snapshot: every worker
        # reads the same re-run (one collective), finds the batches at fault, no rollback.
        pytest.param("rerun", {"rollbacks": 0, "skipped": [30, 31, 32, 33],
                               "quarantined": [30, 31, 32, 33]}, id="rerun"),
    ],
)
def test_every_worker_takes_the_same_decision_for_a_fault_on_one_worker(tmp_path, fault, expect):
    w0, w1 = _run_workers(fault, tmp_path)
    for key in ("steps", "skipped", "lr", "quarantined", "weights"):
        assert w0[key] == w1[key], (key, w0[key], w1[key])
    # Same rollbacks (when, to which snapshot); the reason names what each host saw.
    assert [r[:2] for r in w0["rollbacks"]] == [r[:2] for r in w1["rollbacks"]]
    assert w0["steps"] == 64 and w0["finite"] and w1["finite"]
    assert len(w0["rollbacks"]) == expect["rollbacks"]
    if "skipped" in expect:
        assert w0["skipped"] == expect["skipped"]
    if "quarantined" in expect:
        assert w0["quarantined"] == expect["quarantined"]
    if fault == "weight":
        (step, restored, reason), = w0["rollbacks"]
        assert restored == 40 and reason.startswith("nonfinite_weights")
        assert w1["rollbacks"][0][2].startswith("nonfinite state on another worker")
    if fault == "run":
        # Snapshot 30 holds update 29, the step before the first failure: not trusted.
        assert w0["skipped"][:3] == [30, 31, 32] and w0["rollbacks"][0][1] == 20
