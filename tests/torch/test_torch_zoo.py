"""The torch zoo, end to end: every case's finding matches its ground truth.

Buggy cases must name the origin's phase, aten op, module, cause and user line
(or the input / variable); healthy look-alikes (masked ``-inf`` attention,
``logsumexp`` over padding, a double-``where`` log, a plain MLP) must produce no
finding at all.
"""

from __future__ import annotations

import pytest
import torch_zoo_cases as zoo
import torch_zoo_run as run

from nanguard.core.incident import validate_report

CASES = sorted(zoo.CASES)


def test_zoo_has_at_least_20_buggy_and_4_healthy_cases():
    expected = [run.expected(n) for n in CASES]
    assert sum(e is not None for e in expected) >= 20
    assert sum(e is None for e in expected) >= 4


@pytest.mark.parametrize("name", CASES)
def test_zoo_case(name, tmp_path):
    finding = run.run_nanguard(name, str(tmp_path))
    exp = run.expected(name)
    if exp is None:
        assert finding is None, f"healthy program produced {finding}"
        return
    assert finding is not None and "origin" in finding, f"no finding: {finding}"
    validate_report(finding)
    got = run.observed(finding)
    assert {k: got[k] for k in exp} == exp


def test_detect_anomaly_baseline_misses_inf_and_blames_the_wrong_line():
    # The baseline column of bench/zoo_torch.py: detect_anomaly checks backward NaN only.
    assert run.run_detect_anomaly("exp_overflow_float32")["raised"] is False  # forward Inf
    assert run.run_detect_anomaly("asin_of_clamped_at_one")["raised"] is False  # Inf grad
    seed = run.run_detect_anomaly("sqrt_of_clipped_square")
    # It raises, at the square (where inf*0 first makes NaN), not at the sqrt.
    assert seed["raised"] and seed["line"] == run.origin_line("sqrt_of_clipped_square") - 1
