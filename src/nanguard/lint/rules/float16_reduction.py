"""NG114: a float16 sum or mean without upcasting."""

from __future__ import annotations

import ast

from nanguard.lint.context import FileContext
from nanguard.lint.patterns import is_float16, is_float16_dtype
from nanguard.lint.registry import Rule, register

_REDUCTIONS = frozenset(
    {
        "reduce_sum",
        "reduce_mean",
        "sum",
        "mean",
        "nansum",
        "nanmean",
        "cumsum",
        "reduce_variance",
        "var",
        "variance",
        "std",
        "reduce_std",
    }
)


@register
class Float16Reduction(Rule):
    """## What it does
    Flags `reduce_sum`/`reduce_mean`/`sum`/`mean`/`var`/`std` (function or
    method) of a value cast to float16 (`tf.cast(x, tf.float16)`,
    `x.half()`, `x.astype('float16')`, `x.to(torch.float16)`), or with an
    explicit `dtype=float16` accumulator.

    ## Why is this bad?
    float16 tops out at 65504 and has 11 bits of mantissa: a sum over a batch
    of a few thousand moderate values overflows to `inf`, and a long sum stops
    growing once its increments fall below its rounding step. Mixed-precision
    policies compute in float16 but reduce in float32 for this reason.

    ## Example
    ```python
    h = tf.cast(x, tf.float16)
    total = tf.reduce_sum(h * h)
    ```

    ## Use instead
    ```python
    total = tf.reduce_sum(tf.cast(h * h, tf.float32))
    total = x.half().float().sum()   # torch: upcast before reducing
    ```
    """

    code = "NG114"
    name = "float16-reduction"
    message = "`{op}` accumulates in float16: overflows above 65504 and loses precision"
    fix_title = "Upcast first: `reduce_sum(cast(x, float32))` (or `dtype=float32`)"
    node_types = (ast.Call,)
    call_ops = _REDUCTIONS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        if is_float16_dtype(op.keywords.get("dtype")):
            self.report(ctx, node, op=op.spelling)
            return
        first = op.arg(0, "input_tensor", "x", "input", "a")
        if first is None:
            return
        target = first
        if isinstance(target, ast.BinOp):
            target = target.left  # h * h: the operands share a dtype
        if is_float16(target, ctx):
            self.report(ctx, node, op=op.spelling)
