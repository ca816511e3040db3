"""The linter never crashes on real code: the installed keras and tensorflow trees."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from nanguard.lint import lint_paths
from nanguard.lint.checker import INTERNAL_ERROR


def _package_root(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@pytest.mark.slow
@pytest.mark.parametrize("package", ["keras", "tensorflow"])
def test_linting_an_installed_framework_never_crashes(package):
    root = _package_root(package)
    if root is None:
        pytest.skip(f"{package} is not installed")
    diagnostics = lint_paths([root])
    internal = [d for d in diagnostics if d.code == INTERNAL_ERROR]
    assert not internal, internal[:5]
    assert all(d.line >= 1 and d.col >= 1 for d in diagnostics)


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\x00",
        "x = (" * 50 + ")" * 50,
        "def f(:\n",
        "import tensorflow as tf\n" + "y = " + "tf.math.log(" * 100 + "x" + ")" * 100 + "\n",
        "import torch\nx = " + " + ".join(["a"] * 2000) + "\n",
        "import tensorflow as tf\nfrom . import *\nfrom .x import log\nlog(x)\n",
        "import torch\nclass A:\n    def call(self, x):\n        return [y for y in x.numpy()]\n",
        "import numpy as np\n(a, *b), c = np.log(x), 1\nlambda y_true, y_pred: y_pred.log()\n",
    ],
    ids=[
        "empty",
        "null_byte",
        "deep_parens",
        "syntax_error",
        "nested_logs",
        "long_sum",
        "relative_imports",
        "comprehension_in_call",
        "starred_and_lambda",
    ],
)
def test_odd_sources_are_reported_not_crashed(source):
    from nanguard.lint import lint_source

    diagnostics = lint_source(source, "odd.py")
    assert all(d.code != INTERNAL_ERROR for d in diagnostics)


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("def f(:\n", 1),
        ("x = 1\n\nclass A(\n", 3),
        ("\x00", 1),
        ("import tensorflow as tf\n)\n", 2),
    ],
    ids=["bad_signature", "unclosed_class", "null_byte", "stray_paren"],
)
def test_syntax_errors_are_reported_as_ng001_with_their_line(source, line):
    from nanguard.lint import lint_source

    diagnostics = lint_source(source, "odd.py")
    assert [(d.code, d.line) for d in diagnostics] == [("NG001", line)]
    assert diagnostics[0].message.startswith("SyntaxError")
