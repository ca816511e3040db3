"""``nanguard lint``: static checks for NaN/Inf traps in loss and model code.

The linter parses files with :mod:`ast` and never imports or runs them. Each
rule lives in its own module under :mod:`nanguard.lint.rules` and registers
itself in :data:`RULES`; one visitor pass per file dispatches nodes to the
rules by node type and, for calls, by op name.

Example:
    >>> from nanguard.lint import lint_source
    >>> src = "import tensorflow as tf\\ny = tf.math.log(tf.nn.relu(p))\\n"
    >>> [(d.line, d.code) for d in lint_source(src, "loss.py")]
    [(2, 'NG101')]
"""

from nanguard.lint._diagnostic import Diagnostic
from nanguard.lint.checker import lint_file, lint_paths, lint_source
from nanguard.lint.registry import RULES, Rule, all_rules, explain, register, select_rules

all_rules()  # load the built-in rules into RULES

__all__ = [
    "Diagnostic",
    "RULES",
    "Rule",
    "all_rules",
    "explain",
    "lint_file",
    "lint_paths",
    "lint_source",
    "register",
    "select_rules",
]
