"""Predicates several rules share."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import (
    CLIP_OPS,
    SOFTMAX_OPS,
    WHERE_OPS,
    Sign,
    const_value,
    guarded_keys,
    is_two_sided_clip,
    sign,
)
from nanguard.lint.context import FileContext
from nanguard.lint.names import CallOp


def defines_op(ctx: FileContext, op: CallOp | str) -> bool:
    """Whether the enclosing function *is* this op (``def log(x): return backend.log(x)``).

    Framework code that wraps or re-exports an op passes its argument straight
    through; the caller owns the guard, so flagging the wrapper is noise.
    """
    function = ctx.function
    name = ctx.function_name().lstrip("_").lower()
    if not name or "loss" in name:
        return False  # `log_loss`: a loss, not a wrapper of log
    scope = ctx.scopes[-1]
    if scope.loss or (scope.graph and name not in _OP_METHODS):
        return False  # a compiled `@tf.function def log_rate(rate)`: user code
    if name in _OP_METHODS:  # class Exp(Operation): def call(self, x): ...
        owner = ctx.parent(function) if function is not None else None
        name = owner.name.lower() if isinstance(owner, ast.ClassDef) else name
    raw = op if isinstance(op, str) else op.name.lower()
    for target, fname in ((raw, name), (_FAMILY.get(raw, raw), _FAMILY.get(name, name))):
        if fname == target or fname.startswith(target + "_") or fname.endswith("_" + target):
            return True
    return False


_OP_METHODS = frozenset({"call", "__call__", "compute_output_spec", "forward"})
#: Functions that implement an op in terms of its relatives (``log10`` via ``log``).
_FAMILIES = {
    "log": ("log", "log2", "log10", "log1p", "logsumexp", "logaddexp", "logspace", "xlogy"),
    "exp": ("exp", "exp2", "expm1", "exponential"),
    "pow": ("pow", "power", "float_power", "cbrt"),
    "acos": ("acos", "arccos", "asin", "arcsin"),
    "sqrt": ("sqrt", "rsqrt"),
    "div": ("div", "divide", "true_divide", "truediv", "reciprocal"),
}
_FAMILY = {member: family for family, members in _FAMILIES.items() for member in members}


def strip_positive_add(node: ast.expr, ctx: FileContext) -> ast.expr:
    """``p + eps`` -> ``p`` (one level, either side)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        if sign(node.right, ctx) == Sign.POSITIVE and const_value(node.left) is None:
            return node.left
        if sign(node.left, ctx) == Sign.POSITIVE and const_value(node.right) is None:
            return node.right
    return node


def softmax_source(node: ast.expr, ctx: FileContext) -> CallOp | None:
    """The softmax/sigmoid call ``node`` is (after names and ``+ eps``), if any."""
    node = strip_positive_add(ctx.resolve(node), ctx)
    op = ctx.op(ctx.resolve(node))
    if op is not None and op.name in SOFTMAX_OPS:
        return op
    return None


def clipped_probability(node: ast.expr, ctx: FileContext) -> bool:
    """``clip(p, eps, 1 - eps)`` or ``1 - clip(...)`` (after following names)."""
    node = ctx.resolve(node)
    if is_two_sided_clip(node, ctx):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        if const_value(node.left) is not None:
            return is_two_sided_clip(ctx.resolve(node.right), ctx)
    return False


def is_handwritten_ce(call: ast.Call, log_arg: ast.expr, ctx: FileContext) -> bool:
    """``y * log(clip(p, eps, 1 - eps))``: a log of clipped probabilities times a target."""
    if not clipped_probability(log_arg, ctx):
        return False
    up = ctx.parent(call)
    if isinstance(up, ast.BinOp) and isinstance(up.op, ast.Mult):
        return True
    if isinstance(up, ast.Call):
        op = ctx.op(up)
        return op is not None and op.name in {"multiply", "mul", "xlogy"}
    return False


def clip_lower_positive(node: ast.expr, ctx: FileContext) -> bool:
    """A two-sided clip whose lower bound is positive."""
    node = ctx.resolve(node)
    op = ctx.op(node)
    if op is None or op.name not in CLIP_OPS or not is_two_sided_clip(node, ctx):
        return False
    lower = op.arg(1, "clip_value_min", "x_min", "a_min", "min")
    return lower is not None and sign(lower, ctx) == Sign.POSITIVE


def guarded_by_where(node: ast.AST, operand: ast.expr, ctx: FileContext) -> bool:
    """``node`` sits in a ``where`` branch whose condition tests ``operand``.

    The forward value is then guarded; the gradient trap is NG104's finding, so
    the per-op rules stay quiet instead of reporting the same line twice.
    """
    key = ast.dump(operand)
    child: ast.AST = node
    up = ctx.parent(node)
    for _ in range(8):
        if up is None:
            return False
        if isinstance(up, ast.Call):
            op = ctx.op(up)
            if op is not None and op.name in WHERE_OPS and len(op.args) == 3:
                if any(child is arg for arg in op.args[1:]):
                    return key in guarded_keys(ctx.resolve(op.args[0]))
        child, up = up, ctx.parent(up)
    return False
