"""Upper bounds for ``exp``: can ``exp(expr)`` overflow?

An expression is bounded above when it is a constant, minus something
non-negative, a ``min``/``clip`` with an upper bound, ``x - max(x)`` (the softmax
shift), or a ``log``/``tanh``/``sigmoid``/... of anything.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import (
    CLIP_OPS,
    LOG_OPS,
    MIN_OPS,
    SIGN_PRESERVING,
    WHERE_OPS,
    Sign,
    clip_parts,
    const_value,
    is_eps_name,
    sign,
)

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext


#: Log-probabilities are <= 0: ``log_prob``, ``log_probs``, ``logp``, ``log_targets``,
#: ``log_cdf``, ``log_survival``, ``log_likelihood``, ``log_one_minus_p``.
_LOG_PROB = re.compile(
    r"^(?:log_?probs?|log_?p|logp\w*|log_?preds?|log_?predictions|log_?targets?|log_?cdf"
    r"|log_?sf|log_?survival\w*|log_?likelihoods?|log_one_minus\w*|log_?probabilities"
    r"|log_?pdf|log_?pmf)$",
    re.IGNORECASE,
)
_LOG_PROB_CALLS = frozenset(
    {"log_prob", "log_cdf", "log_survival_function", "log_softmax", "log_sigmoid", "logsigmoid"}
)


def is_log_probability(node: ast.expr) -> bool:
    """``log_probs``, ``logpdf``, ``log_cdf``, ``x.log_prob(y)``: a log-probability or density."""
    if isinstance(node, ast.Name):
        return _LOG_PROB.match(node.id) is not None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in _LOG_PROB_CALLS
    return False


def is_upper_bounded(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """Whether ``exp(node)`` cannot overflow: ``node`` is bounded above by a constant."""
    if depth > 12:
        return False
    d = depth + 1
    if const_value(node) is not None or is_log_probability(node):
        return True
    if isinstance(node, ast.Name):
        if is_eps_name(node):
            return True
        _, bound = ctx.binding(node)
        return bound is not None and is_upper_bounded(bound, ctx, d)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return sign(node.operand, ctx, d) >= Sign.NONNEG
    if isinstance(node, ast.Subscript):
        return is_upper_bounded(node.value, ctx, d)
    if isinstance(node, ast.IfExp):
        return is_upper_bounded(node.body, ctx, d) and is_upper_bounded(node.orelse, ctx, d)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Sub):
            if _is_max_of(node.right, ctx):
                return True  # x - max(x): the softmax shift
            return is_upper_bounded(node.left, ctx, d) and sign(node.right, ctx, d) >= Sign.NONNEG
        if isinstance(node.op, ast.Add):
            return is_upper_bounded(node.left, ctx, d) and is_upper_bounded(node.right, ctx, d)
        if isinstance(node.op, ast.Mult | ast.Div):
            # -abs(x) * scale, -(x ** 2) / (2 * sigma ** 2): non-positive times non-negative
            left_nonpos = _nonpositive(node.left, ctx, d)
            if left_nonpos and sign(node.right, ctx, d) >= Sign.NONNEG:
                return True
            if isinstance(node.op, ast.Mult) and _nonpositive(node.right, ctx, d):
                if sign(node.left, ctx, d) >= Sign.NONNEG:
                    return True
            for a, b in ((node.left, node.right), (node.right, node.left)):
                value = const_value(a)
                if value is not None:
                    if value >= 0:
                        return is_upper_bounded(b, ctx, d)
                    return sign(b, ctx, d) >= Sign.NONNEG
            return False
        return False
    op = ctx.op(node)
    if op is None:
        return False
    name = op.name
    if name in MIN_OPS and len(op.args) >= 2:
        return any(is_upper_bounded(a, ctx, d) for a in op.args)
    if name in CLIP_OPS:
        parts = clip_parts(node, ctx)
        return parts is not None and parts[2] is not None
    if name in LOG_OPS or name in {
        "log_softmax",
        "log_sigmoid",
        "logsigmoid",
        "cos",
        "sin",
        "tanh",
        "sigmoid",
        "softmax",
        "log1p",
        "safe_log",
        "erf",
        "hard_tanh",
        "softsign",
    }:
        return True
    if name in SIGN_PRESERVING:
        first = op.arg(0, "x", "input")
        return first is not None and is_upper_bounded(first, ctx, d)
    if name in WHERE_OPS and len(op.args) == 3:
        if _is_neg_abs_where(op.args, ctx):
            return True  # where(x >= 0, -x, x) is -|x|: a hand-made abs with a gradient at 0
        return is_upper_bounded(op.args[1], ctx, d) and is_upper_bounded(op.args[2], ctx, d)
    if name in {"subtract", "sub"} and len(op.args) == 2:
        return _is_max_of(op.args[1], ctx)
    if name in {"multiply", "mul"} and len(op.args) == 2:  # t.square().mul(-0.5)
        return is_upper_bounded(ast.BinOp(op.args[0], ast.Mult(), op.args[1]), ctx, d)
    return False


def _nonpositive(node: ast.expr, ctx: FileContext, d: int) -> bool:
    """A constant <= 0, ``-x`` of a non-negative ``x``, or a log-probability."""
    value = const_value(node)
    if value is not None:
        return value <= 0
    if is_log_probability(node) or is_log_probability(ctx.resolve(node)):
        return True
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and sign(node.operand, ctx, d) >= Sign.NONNEG
    )


def _is_max_of(node: ast.expr, ctx: FileContext) -> bool:
    node = ctx.resolve(node)
    if isinstance(node, ast.Subscript):  # x.max(dim=0)[0]: torch's (values, indices)
        node = node.value
    elif isinstance(node, ast.Attribute) and node.attr == "values":  # x.max(dim=0).values
        node = node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in {"max", "amax"}:  # scores.max(): method on a tensor or array
            return True
    op = ctx.op(node)
    return op is not None and op.name in {
        "reduce_max",
        "max",
        "amax",
        "logsumexp",
        "reduce_logsumexp",
        "stop_gradient",
        "values",
    }


def _is_zero(node: ast.expr, ctx: FileContext) -> bool:
    node = ctx.resolve(node)
    if const_value(node) == 0:
        return True
    op = ctx.op(node)
    return op is not None and op.name in {"zeros_like", "zeros"}


def _is_neg_abs_where(args: list[ast.expr], ctx: FileContext) -> bool:
    """``where(x >= 0, -x, x)`` or ``where(x < 0, x, -x)``: ``-|x|``, always <= 0."""
    cond, yes, no = ctx.resolve(args[0]), args[1], args[2]
    if not (isinstance(cond, ast.Compare) and len(cond.ops) == 1):
        return False
    if not _is_zero(cond.comparators[0], ctx) or not isinstance(cond.left, ast.Name):
        return False
    x = cond.left.id

    def negated(node: ast.expr) -> bool:
        return (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Name)
            and node.operand.id == x
        )

    def plain(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id == x

    if isinstance(cond.ops[0], ast.Gt | ast.GtE):
        return negated(yes) and plain(no)
    if isinstance(cond.ops[0], ast.Lt | ast.LtE):
        return plain(yes) and negated(no)
    return False
