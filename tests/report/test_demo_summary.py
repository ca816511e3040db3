"""The one demo summary every framework's demo prints."""

from __future__ import annotations

from rich.console import Console

from nanguard.report.demo_summary import print_demo_summary


def _results(incidents):
    return {
        "plain": {"loss": [1.5, float("nan")], "nan_weights": 1.0, "seconds": 0.3},
        "guard": {"loss": [1.2, 0.5], "nan_weights": 0.0, "seconds": 1.1, "skipped": 1,
                  "steps": 40, "incidents": incidents},
    }


def _print(results):
    con = Console(record=True, width=200)
    print_demo_summary(con, results, title="T", plain_label="plain X", guard_label="with Guard")
    return con.export_text()


def test_summary_shows_both_runs_and_the_first_located_origin():
    finding = {"cause": "grad_singularity", "fix": "use safe_sqrt",
               "origin": {"phase": "backward", "op": "Sqrt", "grad_op": "SqrtGrad",
                          "file": "[user]/loss.py", "line": 7, "code": "tf.sqrt(d)"}}
    text = _print(_results([{"finding": None}, {"finding": finding}]))
    assert "plain X" in text and "with Guard" in text
    assert "1.500, nan" in text and "1 of 40" in text and "100%" in text
    # A path with brackets is printed as is (no rich markup is applied to it).
    assert ("Located origin: backward pass, op Sqrt (gradient SqrtGrad) at "
            "[user]/loss.py:7 -> cause grad_singularity") in text
    assert "    tf.sqrt(d)" in text and "fix: use safe_sqrt" in text


def test_summary_without_a_finding_prints_only_the_table():
    text = _print(_results([{"finding": None}]))
    assert "Located origin" not in text and "1 of 40" in text
