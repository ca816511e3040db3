"""The zoo: real-world NaN/Inf bugs with their ground truth, localized end to end.

Each module in ``tests/zoo/cases/`` defines ``run(logdir) -> finding dict | None`` (a
``Guard`` incident from ``model.fit`` or ``nanguard.locate(...).to_dict()``) and
``EXPECTED``: ``None`` for a healthy program (no incident, no skipped step), else the
phase, op, layer, cause and line of the origin (and, for an op inside a loop, the
``iteration`` at which it first produced NaN/Inf). ``line: "origin"`` is the line of the
case file marked ``# <- origin`` (for backward origins, the forward op's line).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

ZOO = Path(__file__).parent
CASES = sorted(p.stem for p in (ZOO / "cases").glob("*.py") if not p.stem.startswith("_"))
MARKER = "# <- origin"


def load_case(name: str):
    if str(ZOO) not in sys.path:
        sys.path.insert(0, str(ZOO))
    return importlib.import_module(f"cases.{name}")


def expected_line(path: str | os.PathLike) -> int:
    lines = [
        i
        for i, text in enumerate(Path(path).read_text().splitlines(), 1)
        if text.rstrip().endswith(MARKER)
    ]
    assert len(lines) == 1, f"{path}: expected exactly one '{MARKER}' marker, found {lines}"
    return lines[0]


def expectation(module) -> dict | None:
    exp = module.EXPECTED
    if exp is None:
        return None
    exp = dict(exp)
    if exp["line"] == "origin":
        exp["line"] = expected_line(module.__file__)
        exp["file"] = os.path.abspath(module.__file__)
    return exp


def observed(finding: dict | None) -> dict | None:
    if finding is None or "origin" not in finding:
        return finding
    o = finding["origin"]
    return {
        "phase": o["phase"],
        "op": o["op"],
        "layer": o["layer"],
        "line": o["line"],
        "file": o["file"] and os.path.abspath(o["file"]),
        "cause": finding["cause"],
        "input": o["input"],
        "rows": o["rows"],
        "variable": o["variable"],
        "iteration": o.get("iteration"),
    }


def test_zoo_has_enough_cases():
    expected = [expectation(load_case(n)) for n in CASES]
    bugs = [e for e in expected if e is not None]
    assert len(bugs) >= 25
    assert sum(e is None for e in expected) >= 4
    from nanguard.core.causes import CAUSES

    assert {e["cause"] for e in bugs} == set(CAUSES)


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_zoo_case(name, tf, tmp_path):
    module = load_case(name)
    exp = expectation(module)
    finding = module.run(str(tmp_path))
    if exp is None:
        assert finding is None, f"healthy program produced {finding}"
        return
    assert finding is not None, "no incident"
    from nanguard.core.incident import validate_report

    validate_report(finding)
    got = observed(finding)
    want = {k: v for k, v in exp.items() if k in got}
    assert {k: got[k] for k in want} == want
