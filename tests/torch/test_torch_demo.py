"""``nanguard demo --framework torch``: the plain loop is destroyed, the guarded one is not."""

from __future__ import annotations

from nanguard.cli import main as cli
from nanguard.torch.demo import run_demo


def test_demo_plain_run_goes_nan_and_guarded_run_stays_finite_with_located_origin(tmp_path):
    results = run_demo(tmp_path / "run", epochs=1, report=False)
    assert results["plain"]["nan_weights"] == 1.0
    g = results["guard"]
    assert g["nan_weights"] == 0.0 and g["skipped"] >= 1
    origin = g["incidents"][0]["finding"]["origin"]
    assert (origin["phase"], origin["op"], origin["grad_op"]) == (
        "backward", "aten.sqrt.default", "aten.div.Tensor")
    assert origin["file"].endswith("demo.py") and "sqrt" in origin["code"]


def test_demo_command_with_framework_torch_exits_zero(tmp_path):
    assert cli(["demo", "--framework", "torch", "--epochs", "1",
                "--logdir", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "report.html").exists()
