"""NG109: pow with a fractional or negative exponent on a base that can be <= 0."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import POW_OPS, Sign, const_value, sign
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import zero_evidence
from nanguard.lint.patterns import is_tensor
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where


def _problem(exponent: float, base: Sign) -> str | None:
    if base == Sign.POSITIVE:
        return None
    if exponent < 0:
        return "a negative exponent gives inf at 0"
    if exponent == int(exponent):
        return None
    if base == Sign.UNKNOWN:
        return "a fractional exponent gives NaN for a negative base"
    if exponent < 1:
        return "a fractional exponent below 1 has an infinite gradient at 0"
    return None


@register
class PowFractional(Rule):
    """## What it does
    Flags `x ** p`, `tf.pow(x, p)`, `ops.power`, `torch.pow`, `jnp.power` and
    `x.pow(p)` where `p` is a literal fractional exponent (`0.5`, `1/3`, `1.5`)
    or a negative one, and the base is not provably positive. For `**` the base
    must be a tensor expression, so Python arithmetic such as `fan_in ** 0.5`
    stays quiet.

    ## Why is this bad?
    A negative number to a fractional power is NaN. At 0, `x ** p` with
    `0 < p < 1` has the derivative `p * x ** (p - 1)`: infinite. A negative
    exponent gives `inf` at 0 in the forward pass.

    ## Example
    ```python
    y = tf.pow(x, 1 / 3)
    rms = tf.reduce_mean(tf.square(e)) ** 0.5
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_pow

    y = safe_pow(x, 1 / 3)
    rms = (tf.reduce_mean(tf.square(e)) + 1e-12) ** 0.5
    ```
    """

    code = "NG109"
    name = "pow-fractional"
    message = "`{op}` with exponent {exponent} on a base that can be {what}: {why}"
    fix_title = "Use `nanguard.ops.safe_pow`, or make the base positive (`+ eps`, `abs(x) + eps`)"
    node_types = (ast.BinOp, ast.Call)
    value_rule = True
    call_ops = POW_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, ast.Pow) or not is_tensor(node.left, ctx):
                return
            base, exponent_node, spelling = node.left, node.right, "**"
        else:
            op = ctx.op(node)
            if defines_op(ctx, op):
                return
            base = op.arg(0, "x", "input", "x1", "base")
            exponent_node = op.arg(1, "y", "exponent", "x2")
            spelling = op.spelling
        if base is None or exponent_node is None:
            return
        if guarded_by_where(node, base, ctx):
            return
        exponent = const_value(exponent_node)
        if exponent is None:
            return
        base_sign = sign(base, ctx)
        why = _problem(exponent, base_sign)
        if why is None:
            return
        what = "0" if base_sign == Sign.NONNEG else "0 or negative"
        if base_sign == Sign.NONNEG:
            level, grad_only = zero_evidence(base, ctx), exponent > 0
        else:
            level, grad_only = zero_evidence(base, ctx), False
        self.report(
            ctx, node, level, grad_only, op=spelling, exponent=f"{exponent:g}", what=what, why=why
        )
