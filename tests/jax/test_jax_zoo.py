"""The JAX zoo: real NaN/Inf bug shapes in JAX programs, localized by nanguard.locate."""

from __future__ import annotations

import pytest

pytest.importorskip("jax")
pytest.importorskip("flax")

from zoo_support import CASES, expectation, load_case, observed, run_nanguard, score  # noqa: E402


def test_zoo_has_at_least_15_bugs_and_4_healthy_programs():
    exps = [expectation(load_case(n)) for n in CASES]
    assert sum(e is not None for e in exps) >= 15
    assert sum(e is None for e in exps) >= 4


@pytest.mark.parametrize("name", CASES)
def test_zoo_case_is_localized_as_expected(name):
    exp = expectation(load_case(name))
    finding = run_nanguard(name)
    if finding is not None:
        from nanguard.core.incident import validate_report

        validate_report(finding)
    ok, diff = score(exp, observed(finding))
    assert ok, diff
