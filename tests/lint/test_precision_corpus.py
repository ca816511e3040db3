"""The hand-labelled precision corpus stays in step with the rules.

`bench/lint_precision.py` refuses to score a finding nobody labelled; this test makes
a rule change that creates one fail here first, and checks the known-bug recall, so
the figures in docs/lint.md cannot silently go stale.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench" / "lint_precision.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("lint_precision", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_precision"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def found(bench):
    return bench.corpus_findings()


def test_every_label_has_a_verdict_and_a_reason(bench):
    labels = bench.load_labels()
    assert len(labels) > 300
    for key, (verdict, reason) in labels.items():
        assert verdict in {"tp", "fp"}, key
        assert len(reason) > 10, key
        assert key.count(":") == 2 and key.rsplit(":", 1)[1].startswith("NG"), key


@pytest.mark.parametrize("level", ["medium", "high"])
def test_every_finding_at_the_default_and_high_confidence_is_labelled(bench, found, level):
    labels = bench.load_labels()
    for part in bench.PARTS:
        missing = [k for k in bench.at_level(found, level, part) if k not in labels]
        assert not missing, f"label these in bench/lint_corpus/labels.toml: {missing}"


def test_every_low_confidence_finding_is_labelled(bench, found):
    labels = bench.load_labels()
    for part in bench.PARTS:
        missing = [k for k in bench.at_level(found, "low", part) if k not in labels]
        assert not missing, f"label these in bench/lint_corpus/labels.toml: {missing}"


def test_every_known_bug_line_is_found_with_its_rule(bench, capsys):
    hit, total = bench.recall_on_known_bugs("medium")
    assert total >= 25
    assert hit == total, capsys.readouterr().out
