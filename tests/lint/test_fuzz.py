"""Property tests: the linter never crashes on generated code, and guards always hold."""

from __future__ import annotations

import ast

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nanguard.lint import lint_source
from nanguard.lint.analysis import const_value
from nanguard.lint.checker import INTERNAL_ERROR

PRELUDE = (
    "import numpy as np\nimport tensorflow as tf\nimport torch\nfrom keras import ops\n"
    "import jax.numpy as jnp\nEPS = 1e-7\n"
)
ATOMS = st.sampled_from(
    ["x", "y_pred", "y_true", "EPS", "0.0", "1.0", "-1", "0.5", "np.inf", "-np.inf",
     "float('-inf')", "mask", "x.shape[0]", "len(x)", "self.scale"]
)  # fmt: skip
UNARY = [
    "tf.math.log({})", "tf.sqrt({})", "tf.exp({})", "ops.log({})", "torch.log({})",
    "jnp.sqrt({})", "tf.norm({})", "tf.acos({})", "tf.nn.softmax({})", "tf.square({})",
    "tf.reduce_sum({})", "tf.cast({}, tf.float16)", "({}).log()", "({}).sum()", "-({})",
    "tf.abs({})", "tf.nn.sigmoid({})", "float({})", "np.isnan({})", "({}).numpy()",
]  # fmt: skip
BINARY = [
    "({}) + ({})", "({}) - ({})", "({}) * ({})", "({}) / ({})", "({}) ** ({})",
    "tf.maximum({}, {})", "tf.pow({}, {})", "tf.math.divide({}, {})", "torch.clamp({}, {})",
    "tf.where(({}) > 0, {}, 0.0)",
]  # fmt: skip
TERNARY = ["tf.clip_by_value({}, {}, {})", "tf.where({}, {}, {})", "ops.where({}, {}, {})"]


def _combine(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0].format(t[1])),
        st.tuples(st.sampled_from(BINARY), children, children).map(
            lambda t: t[0].format(t[1], t[2])
        ),
        st.tuples(st.sampled_from(TERNARY), children, children, children).map(
            lambda t: t[0].format(t[1], t[2], t[3])
        ),
    )


EXPRESSIONS = st.recursive(ATOMS, _combine, max_leaves=12)


#: Column of `tf.math.log` in `    return tf.math.log(...)`: findings of the outer call only.
OUTER_COL = 12


def _module(body: list[str]) -> str:
    lines = "".join(f"    {line}\n" for line in body)
    return f"{PRELUDE}\n@tf.function\ndef custom_loss(y_true, y_pred, x, mask):\n{lines}"


@settings(max_examples=300)
@given(st.lists(EXPRESSIONS, min_size=1, max_size=4))
def test_generated_code_never_crashes_the_linter(expressions):
    body = [f"v{i} = {e}" for i, e in enumerate(expressions)]
    body += [f"if {expressions[0]}:", "    return tf.constant(1.0)", f"return {expressions[-1]}"]
    diagnostics = lint_source(_module(body), "fuzz.py")
    assert all(d.code != INTERNAL_ERROR for d in diagnostics)
    assert all(d.line >= 1 and d.col >= 1 for d in diagnostics)


@settings(max_examples=200)
@given(EXPRESSIONS)
def test_adding_epsilon_inside_log_always_silences_ng101(expression):
    # a literal such as -1 + 1e-7 is really negative: the analysis must say so
    assume(const_value(ast.parse(expression, mode="eval").body) is None)
    source = _module([f"return tf.math.log(({expression}) + 1e-7)"])
    outer = (source.count("\n"), OUTER_COL)
    assert not [
        d for d in lint_source(source, "fuzz.py") if d.code == "NG101" and (d.line, d.col) == outer
    ]


@settings(max_examples=200)
@given(EXPRESSIONS)
def test_log_of_a_softmax_is_always_ng112_not_ng101(expression):
    source = _module([f"return tf.math.log(tf.nn.softmax({expression}))"])
    outer = (source.count("\n"), OUTER_COL)
    codes = {d.code for d in lint_source(source, "fuzz.py") if (d.line, d.col) == outer}
    assert "NG112" in codes and "NG101" not in codes
