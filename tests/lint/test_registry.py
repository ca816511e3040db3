"""The rule registry: codes, documentation and selection."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys

import pytest

from nanguard.errors import InvalidArgumentError
from nanguard.lint import RULES, Rule, lint_source, register, select_rules
from nanguard.lint.registry import DOC_SECTIONS

RULE_CODES = sorted(RULES)


@pytest.mark.parametrize("code", RULE_CODES)
def test_rule_has_message_fix_title_and_four_doc_sections(code):
    cls = RULES[code]
    assert cls.code == code
    assert cls.message and cls.fix_title and cls.fix_title != cls.message
    doc = inspect.getdoc(cls)
    positions = [doc.index(f"## {section}") for section in DOC_SECTIONS]
    assert positions == sorted(positions)


# NG114/NG115 (float16 sums and casts) have no nanguard op: the remedy is an upcast.
NO_NANGUARD_OP = {"NG114", "NG115"}


@pytest.mark.parametrize(
    "code", [c for c in RULE_CODES if c.startswith("NG1") and c not in NO_NANGUARD_OP]
)
def test_rule_fix_names_a_nanguard_remedy(code):
    cls = RULES[code]
    text = cls.fix_title + inspect.getdoc(cls)
    assert "nanguard." in text or "safe_" in text


def test_register_rejects_a_rule_without_docs():
    class Undocumented(Rule):
        """No sections."""

        code = "NG199"
        name = "undocumented"
        message = "m"
        fix_title = "f"

    with pytest.raises(ValueError, match="docstring lacks sections"):
        register(Undocumented)
    assert "NG199" not in RULES


def test_select_rules_expands_prefixes_and_all():
    assert select_rules(["NG10"], ["NG101"])[:2] == ["NG102", "NG103"]
    assert select_rules(["ALL"]) == RULE_CODES
    assert select_rules(["ng101"]) == ["NG101"]


def test_select_rules_unknown_code_names_value_and_allowed():
    with pytest.raises(InvalidArgumentError, match=r"NG101.*got 'NG3'"):
        select_rules(["NG3"])


def test_lint_source_reports_syntax_error_as_ng001():
    [diag] = lint_source("def f(:\n", "broken.py")
    assert (diag.path, diag.line, diag.code) == ("broken.py", 1, "NG001")


def test_lint_source_select_and_ignore():
    src = "import tensorflow as tf\ny = tf.math.log(tf.nn.relu(p))\n"
    assert [d.code for d in lint_source(src)] == ["NG101"]
    assert lint_source(src, select=["NG102"]) == []
    assert lint_source(src, ignore=["NG1"]) == []


def test_lint_package_imports_no_ml_framework():
    code = (
        "import sys, nanguard.lint, nanguard.commands.lint;"
        "nanguard.lint.lint_source('import torch\\ntorch.log(x)\\n');"
        "bad = [m for m in ('tensorflow', 'torch', 'jax', 'keras') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_visitor_wakes_each_rule_once_per_interesting_node():
    """The single pass dispatches calls by op name: an unrelated call wakes no rule."""
    from nanguard.lint.checker import _dispatch_for

    dispatch = _dispatch_for(select_rules())
    assert "log" in dispatch.calls_by_op and "print" not in dispatch.calls_by_op
    assert ast.Return in dispatch.by_type
