"""Every fixture file carries its expected findings inline, bugbear style.

A line ending in ``# NG101`` (or ``# NG101, NG107``) must produce exactly those
codes at the default confidence; ``# NG101 [low]`` marks a finding that has no
evidence beyond "cannot prove it safe", reported only with ``min_confidence="low"``.
Every other line must produce nothing, even at low confidence. One parametrized
test reads them all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nanguard.lint import lint_source

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECTED = re.compile(r"#\s+(NG\d{3}(?:\s*,\s*NG\d{3})*)\s*(\[low\])?\s*$")


def expected_findings(source: str, low_only: bool | None = None) -> set[tuple[int, str]]:
    """``(line, code)`` pairs annotated in ``source``; ``low_only`` filters on ``[low]``."""
    found = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = _EXPECTED.search(line)
        if match and (low_only is None or bool(match.group(2)) == low_only):
            for code in re.split(r"\s*,\s*", match.group(1)):
                found.add((number, code))
    return found


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.py"))


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fixture_findings_match_inline_annotations(path: Path) -> None:
    source = path.read_text()
    actual = {(d.line, d.code) for d in lint_source(source, str(path))}
    expected = expected_findings(source, low_only=False)
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    assert not missing and not unexpected, f"missing={missing} unexpected={unexpected}"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fixture_low_confidence_adds_exactly_the_lines_marked_low(path: Path) -> None:
    source = path.read_text()
    everything = lint_source(source, str(path), min_confidence="low")
    actual = {(d.line, d.code) for d in everything}
    expected = expected_findings(source)
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    assert not missing and not unexpected, f"missing={missing} unexpected={unexpected}"
    low = {(d.line, d.code) for d in everything if d.confidence == "low"}
    assert low == expected_findings(source, low_only=True)


def test_every_rule_has_three_positive_and_three_negative_fixture_lines() -> None:
    from nanguard.lint import RULES

    for code in RULES:
        if code in {"NG001", "NG002"}:
            continue
        files = list(FIXTURES.glob(f"{code.lower()}_*.py"))
        assert files, f"no fixture for {code}"
        text = files[0].read_text()
        positives = sum(1 for _, c in expected_findings(text) if c == code)
        negatives = sum(
            1 for line in text.splitlines() if line.rstrip().endswith("# ok") or "# ok (" in line
        )
        assert positives >= 3, f"{code}: {positives} positive lines"
        assert negatives >= 3, f"{code}: {negatives} negative lines"
