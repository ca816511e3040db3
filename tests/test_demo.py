"""`nanguard demo`: plain Keras is destroyed, Guard finishes and names the backward origin."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")


@pytest.mark.slow
def test_demo_shows_plain_keras_destroyed_and_guard_rescuing_with_located_origin(tmp_path):
    from nanguard.demo import run_demo

    results = run_demo(tmp_path / "run", epochs=2)
    plain, guard = results["plain"], results["guard"]
    assert plain["nan_weights"] == 1.0 and all(math.isnan(v) for v in plain["loss"])
    assert guard["nan_weights"] == 0.0 and all(math.isfinite(v) for v in guard["loss"])
    assert guard["skipped"] >= 1
    origin = guard["incidents"][0]["finding"]["origin"]
    assert (origin["phase"], origin["op"], origin["grad_op"]) == ("backward", "Sqrt", "SqrtGrad")
    assert Path(origin["file"]).name == "demo.py" and "tf.sqrt" in origin["code"]
    assert guard["incidents"][0]["finding"]["cause"] == "grad_singularity"
    assert Path(results["report"]).is_file()
    assert (tmp_path / "run" / "incidents").is_dir()
