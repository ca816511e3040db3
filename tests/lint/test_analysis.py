"""The positivity analysis and its helpers, on single expressions."""

from __future__ import annotations

import ast

import pytest

from nanguard.lint.analysis import Sign, const_value, sign
from nanguard.lint.bounds import is_upper_bounded
from nanguard.lint.context import FileContext
from nanguard.lint.patterns import is_count_like, is_neg_inf, is_tensor

PRELUDE = """\
import math
import numpy as np
import tensorflow as tf
import torch
from keras import ops
from keras import backend
from nanguard.ops import safe_sqrt, safe_exp
EPS = 1e-7
"""


def _expr_ctx(expr: str, setup: str = "") -> tuple[ast.expr, FileContext]:
    """Parse ``expr`` as the last line of a loss function, return it with a context."""
    body = "".join(f"    {line}\n" for line in setup.splitlines())
    source = f"{PRELUDE}def my_loss(y_true, y_pred, x, a, b):\n{body}    __result = {expr}\n"
    tree = ast.parse(source)
    ctx = FileContext("t.py", source, tree)
    func = tree.body[-1]
    ctx.push(func)
    return func.body[-1].value, ctx


def classify(expr: str, setup: str = "") -> Sign:
    node, ctx = _expr_ctx(expr, setup)
    return sign(node, ctx)


POSITIVE = {
    "literal": "1e-7",
    "plus_eps": "y_pred + 1e-7",
    "plus_eps_name": "y_pred + EPS",
    "eps_plus_square": "tf.square(x) + EPS",
    "maximum_eps": "tf.maximum(y_pred, 1e-7)",
    "torch_clamp_min": "torch.clamp(y_pred, min=1e-6)",
    "clip_positive_lower": "tf.clip_by_value(y_pred, 1e-7, 1.0)",
    "exp": "tf.exp(x)",
    "softplus": "tf.nn.softplus(x)",
    "one_plus_exp": "1 + ops.exp(x)",
    "keras_epsilon": "backend.epsilon()",
    "self_epsilon_attr": "a.epsilon",
    "safe_exp": "safe_exp(x)",
    "double_where": "tf.where(x > 0, x, tf.ones_like(x))",
    "sqrt_of_positive": "ops.sqrt(ops.var(x) + 1e-5)",
    "one_minus_clipped": "1 - tf.clip_by_value(y_pred, EPS, 1 - EPS)",
    "range_from_one": "tf.range(1, 10)",
    "finfo_eps": "np.finfo(np.float32).eps",
}
NONNEG = {
    "square": "tf.square(x)",
    "sum_of_squares": "tf.reduce_sum(tf.square(a - b), axis=-1)",
    "abs": "ops.abs(x)",
    "relu": "tf.nn.relu(x)",
    "softmax": "tf.nn.softmax(x)",
    "sigmoid_underflows": "tf.sigmoid(x)",
    "even_power": "(a - b) ** 2",
    "self_product": "x * x",
    "zero_literal": "0.0",
    "clip_at_zero": "tf.clip_by_value(x, 0.0, 1.0)",
    "safe_sqrt": "safe_sqrt(x)",
}
UNKNOWN = {
    "parameter": "y_pred",
    "difference": "a - b",
    "negative_literal": "-1.0",
    "one_minus_x": "1 - y_pred",
    "negated": "-x",
    "clip_negative_lower": "tf.clip_by_value(x, -1.0, 1.0)",
    "odd_power": "x ** 3",
    "log": "tf.math.log(x)",
    "unknown_function": "my_function(x)",
}


@pytest.mark.parametrize("expr", POSITIVE.values(), ids=POSITIVE.keys())
def test_guards_are_positive(expr):
    assert classify(expr) == Sign.POSITIVE


@pytest.mark.parametrize("expr", NONNEG.values(), ids=NONNEG.keys())
def test_values_that_can_be_zero_are_nonneg(expr):
    assert classify(expr) == Sign.NONNEG


@pytest.mark.parametrize("expr", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_values_that_can_be_negative_are_unknown(expr):
    assert classify(expr) == Sign.UNKNOWN


def test_sign_follows_the_last_assignment_before_the_use():
    assert classify("p", "p = tf.nn.softmax(x)\np = p + EPS") == Sign.POSITIVE
    assert classify("p", "p = y_pred + EPS\np = p - 1") == Sign.UNKNOWN


def test_self_referential_assignment_terminates():
    assert classify("p", "p = p + 1\np = p * p") == Sign.NONNEG


@pytest.mark.parametrize(
    "expr, bounded",
    [
        ("x - tf.reduce_max(x, axis=-1, keepdims=True)", True),
        ("-tf.abs(x)", True),
        ("-0.5 * x ** 2", True),
        ("tf.minimum(x, 20.0)", True),
        ("tf.clip_by_value(x, -20.0, 20.0)", True),
        ("tf.math.log(x)", True),
        ("x", False),
        ("0.5 * x", False),
        ("x * 2", False),
        ("-x", False),
    ],
    ids=[
        "softmax_shift",
        "neg_abs",
        "neg_square",
        "minimum",
        "clip",
        "log",
        "param",
        "scaled_param",
        "doubled",
        "negated_unknown",
    ],
)
def test_upper_bounded_for_exp(expr, bounded):
    node, ctx = _expr_ctx(expr)
    assert is_upper_bounded(node, ctx) is bounded


@pytest.mark.parametrize(
    "expr, count",
    [
        ("len(x)", True),
        ("batch_size", True),
        ("num_valid", True),
        ("token_count", True),
        ("tf.cast(tf.shape(x)[0], tf.float32)", True),
        ("x.shape[0]", True),
        ("tf.reduce_sum(x)", False),
        ("y_pred", False),
        ("total", False),
    ],
    ids=[
        "len",
        "batch_size",
        "num_prefix",
        "count_suffix",
        "cast_shape",
        "shape_attr",
        "reduce_sum",
        "param",
        "total_is_a_sum",
    ],
)
def test_count_like_denominators(expr, count):
    node, ctx = _expr_ctx(expr)
    assert is_count_like(node, ctx) is count


@pytest.mark.parametrize(
    "expr, tensor",
    [
        ("tf.reduce_sum(x)", True),
        ("y_pred", True),
        ("y_pred - 1", True),
        ("tf.constant(3.0)", False),
        ("x.shape[0]", False),
        ("tf.shape(x)", False),
        ("some_call(x)", False),
    ],
    ids=[
        "framework_call",
        "loss_param",
        "arith_on_param",
        "constant",
        "shape_item",
        "shape_op",
        "unknown_call",
    ],
)
def test_tensor_detection(expr, tensor):
    node, ctx = _expr_ctx(expr)
    assert is_tensor(node, ctx) is tensor


@pytest.mark.parametrize(
    "expr, neg_inf",
    [
        ('float("-inf")', True),
        ("-np.inf", True),
        ("-math.inf", True),
        ("-float('inf')", True),
        ("np.inf", False),
        ("-1e9", False),
        ("float('nan')", False),
    ],
    ids=["float_str", "neg_np_inf", "neg_math_inf", "neg_float_inf", "pos_inf", "finite", "nan"],
)
def test_neg_inf_spellings(expr, neg_inf):
    node, ctx = _expr_ctx(expr)
    assert is_neg_inf(node, ctx) is neg_inf


@pytest.mark.parametrize(
    "expr, value",
    [("1/3", 1 / 3), ("-1", -1.0), ("2**-1", 0.5), ("1/0", None), ("x", None), ("True", None)],
    ids=["fraction", "negative", "power", "div_zero", "name", "bool"],
)
def test_const_value(expr, value):
    assert const_value(ast.parse(expr, mode="eval").body) == value
