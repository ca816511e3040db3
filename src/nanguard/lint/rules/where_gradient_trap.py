"""NG104: a where/select branch computes a singular op of the value the condition excludes."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import (
    ACOS_OPS,
    DIV_OPS,
    LOG_OPS,
    POW_OPS,
    SQRT_OPS,
    WHERE_OPS,
    Sign,
    const_value,
    guarded_keys,
    sign,
)
from nanguard.lint.confidence import Confidence
from nanguard.lint.context import FileContext
from nanguard.lint.reach import is_data_name
from nanguard.lint.registry import Rule, register


def _danger_operand(node: ast.AST, ctx: FileContext) -> ast.expr | None:
    """The operand at which ``node`` is singular (log arg, denominator, pow base...)."""
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Div):
            return node.right
        if isinstance(node.op, ast.Pow):
            exponent = const_value(node.right)
            if exponent is not None and (exponent < 0 or exponent != int(exponent)):
                return node.left
        return None
    if not isinstance(node, ast.Call):
        return None
    op = ctx.op(node)
    if op is None:
        return None
    if op.name in LOG_OPS or op.name in SQRT_OPS or op.name in ACOS_OPS:
        return op.arg(0, "x", "input")
    if op.name in DIV_OPS:
        return op.arg(0, "x") if op.name == "reciprocal" else op.arg(1, "y", "other", "x2")
    if op.name in POW_OPS:
        exponent = op.arg(1, "y", "exponent", "x2")
        value = const_value(exponent) if exponent is not None else None
        if value is not None and (value < 0 or value != int(value)):
            return op.arg(0, "x", "input", "x1")
    return None


@register
class WhereGradientTrap(Rule):
    """## What it does
    Flags `tf.where(cond, a, b)` / `ops.where` / `torch.where` / `jnp.where`
    when a branch computes `log`, `sqrt`, a division, a fractional or negative
    `pow` or `acos`/`asin` of the very value the condition tests, e.g.
    `tf.where(x > 0, tf.math.log(x), 0.0)`.

    ## Why is this bad?
    `where` selects values, not gradients: both branches are computed for every
    element, and the backward pass multiplies the discarded branch's gradient by
    0. Where `log(x)` was discarded (x = 0) its gradient is `inf`, and
    `0 * inf = NaN`. The forward value looks perfect; the weights become NaN.

    ## Example
    ```python
    y = tf.where(x > 0, tf.math.log(x), tf.zeros_like(x))
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_where

    y = safe_where(x > 0, tf.math.log, x, 0.0)
    # or the double-where trick: make the discarded inputs harmless first
    safe_x = tf.where(x > 0, x, tf.ones_like(x))
    y = tf.where(x > 0, tf.math.log(safe_x), tf.zeros_like(x))
    ```
    """

    code = "NG104"
    name = "where-gradient-trap"
    message = "`{op}` branch computes `{inner}` of the value its condition excludes: NaN gradient"
    fix_title = "Use `nanguard.ops.safe_where`, or the double-where trick on the input"
    node_types = (ast.Call,)
    call_ops = WHERE_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        if len(op.args) != 3 or op.method:
            return
        cond, *branches = op.args
        keys = guarded_keys(ctx.resolve(cond))
        if not keys:
            return
        for branch in branches:
            for inner in ast.walk(branch):
                operand = _danger_operand(inner, ctx)
                if operand is None or ast.dump(operand) not in keys:
                    continue
                if sign(operand, ctx) == Sign.POSITIVE:
                    continue
                # A label or target is data: its gradient is never taken.
                level = Confidence.LOW if is_data_name(operand) else Confidence.HIGH
                self.report(ctx, node, level, True, op=op.spelling, inner=_describe(inner, ctx))
                return


def _describe(node: ast.AST, ctx: FileContext) -> str:
    if isinstance(node, ast.BinOp):
        return "/" if isinstance(node.op, ast.Div) else "**"
    op = ctx.op(node)
    return op.spelling if op is not None else "?"
