"""NG103: division by a tensor expression that can be 0."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import DIV_OPS, Sign, const_value, is_count_like, is_tensor, sign
from nanguard.lint.context import FileContext
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where


@register
class DivisionByTensor(Rule):
    """## What it does
    Flags `a / b`, `tf.math.divide(a, b)`, `ops.divide`, `torch.div`,
    `jnp.divide` and `reciprocal(b)` when the denominator is a tensor
    expression (a framework call such as `reduce_sum(...)`, `x.sum()`, or a
    name bound to one) that is not provably positive.

    To stay precise it does not flag denominators that are literals, counts
    (`len(x)`, `batch_size`, `num_*`, `*_count`, `tf.shape(x)[0]`,
    `tf.cast(tf.size(x), ...)`), positive by construction (`+ eps`,
    `maximum(x, eps)`, `sqrt(var + eps)`), or plain names that are not known
    to be tensors (for `/`).

    ## Why is this bad?
    A denominator that reaches 0 gives `inf` (or NaN for `0/0`) in the forward
    pass and an infinite gradient near 0: a dice loss on an empty mask, a
    normalisation by a sum of weights that are all 0, a mean over a mask that
    selects nothing.

    ## Example
    ```python
    dice = 2 * tf.reduce_sum(y * p) / (tf.reduce_sum(y) + tf.reduce_sum(p))
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_div

    dice = safe_div(2 * tf.reduce_sum(y * p), tf.reduce_sum(y) + tf.reduce_sum(p))
    # or: (2 * tf.reduce_sum(y * p) + 1.0) / (tf.reduce_sum(y) + tf.reduce_sum(p) + 1.0)
    ```
    """

    code = "NG103"
    name = "division-by-tensor"
    message = "Division by a tensor expression that can be 0 ({op})"
    fix_title = "Use `nanguard.ops.safe_div(a, b)` or add `+ eps` to the denominator"
    node_types = (ast.BinOp, ast.Call)
    call_ops = DIV_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, ast.Div):
                return
            denominator = node.right
            if not is_tensor(denominator, ctx) or any(
                defines_op(ctx, name) for name in ("divide", "reciprocal", "rsqrt", "div")
            ):
                return
            spelling = "`/`"
        else:
            op = ctx.op(node)
            if defines_op(ctx, op):
                return
            if op.name == "reciprocal":
                denominator = op.arg(0, "x", "input")
            else:
                denominator = op.arg(1, "y", "other", "x2", "divisor")
            spelling = f"`{op.spelling}`"
            if denominator is None or (op.method and not is_tensor(denominator, ctx)):
                return
            if not op.method and not is_tensor(denominator, ctx):
                if isinstance(denominator, ast.Name | ast.Attribute | ast.Constant):
                    return
        if guarded_by_where(node, denominator, ctx):
            return
        if const_value(denominator) is not None or is_count_like(denominator, ctx):
            return
        if sign(denominator, ctx) == Sign.POSITIVE:
            return  # guarded; a clipped denominator is NG107's business
        self.report(ctx, node, op=spelling)
