"""NG110: acos/asin of an unclamped cosine."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import ACOS_OPS, CLIP_OPS, const_value
from nanguard.lint.context import FileContext
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where

#: Outputs already inside [-1, 1] (``tanh`` is not: it rounds to exactly 1.0 in float32).
_BOUNDED = frozenset({"sin", "cos", "softsign", "safe_clip"})


def _scaled_below_one(node: ast.expr) -> bool:
    """``cos * (1 - eps)`` or ``0.999 * cos``: shrunk strictly inside [-1, 1]."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Mult):
        return False
    for factor in (node.left, node.right):
        value = const_value(factor)
        if value is not None and 0 < value < 1:
            return True
        if (
            isinstance(factor, ast.BinOp)
            and isinstance(factor.op, ast.Sub)
            and const_value(factor.left) == 1
        ):
            return True
    return False


@register
class AcosUnclamped(Rule):
    """## What it does
    Flags `acos`/`asin` (`tf.acos`, `tf.math.acos`, `ops.arccos`, `torch.acos`,
    `jnp.arccos`, `x.acos()`) whose argument is not clamped: no clip/clamp and
    not scaled by a factor below 1 (`cos * (1 - eps)`). A clamp that reaches ±1
    exactly is NG107.

    ## Why is this bad?
    A cosine similarity computed in floating point can come out as
    `1.0000001`: `acos` of it is NaN. Exactly at ±1 the derivative
    `-1/sqrt(1 - x²)` is infinite, so identical vectors give an `inf` gradient.

    ## Example
    ```python
    cos = tf.reduce_sum(a * b, -1) / (tf.norm(a, axis=-1) * tf.norm(b, axis=-1))
    angle = tf.acos(cos)
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_acos

    angle = safe_acos(cos)
    angle = tf.acos(tf.clip_by_value(cos, -1.0 + 1e-7, 1.0 - 1e-7))
    ```
    """

    code = "NG110"
    name = "acos-unclamped"
    message = "`{op}` of an unclamped value: NaN beyond ±1 and an infinite gradient at ±1"
    fix_title = "Use `nanguard.ops.safe_acos` / `safe_asin`, or clip to [-1 + eps, 1 - eps]"
    node_types = (ast.Call,)
    value_rule = True
    call_ops = ACOS_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input")
        if arg is None or defines_op(ctx, op):
            return
        if guarded_by_where(node, arg, ctx):
            return
        resolved = ctx.resolve(arg)
        inner = ctx.op(resolved)
        if inner is not None and (inner.name in CLIP_OPS or inner.name in _BOUNDED):
            return
        if const_value(resolved) is not None or _scaled_below_one(resolved):
            return
        self.report(ctx, node, op=op.spelling)
