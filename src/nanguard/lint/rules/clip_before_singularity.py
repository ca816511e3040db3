"""NG107: clip/clamp feeding log, sqrt, a division or acos."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import (
    ACOS_OPS,
    DIV_OPS,
    LOG_OPS,
    SQRT_OPS,
    const_value,
    is_two_sided_clip,
)
from nanguard.lint.context import FileContext
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import clip_lower_positive, defines_op, is_handwritten_ce


def _strictly_inside_unit(node: ast.expr | None, ctx: FileContext) -> bool:
    """A clip bound strictly inside (-1, 1): a literal, or ``1 - eps`` / ``-1 + eps``."""
    if node is None:
        return False
    value = const_value(node)
    if value is not None:
        return abs(value) < 1
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub)


@register
class ClipBeforeSingularity(Rule):
    """## What it does
    Flags a two-sided `clip_by_value`/`clip`/`clamp` whose result feeds `log`,
    `sqrt`, a denominator, or `acos`/`asin` (for `acos`/`asin`: when the clip
    reaches ±1 exactly).

    Decision: a clip with a positive lower bound keeps `log` finite, so NG101
    stays quiet; this rule reports what clipping still gets wrong. When the
    clipped log is a hand-written cross-entropy term (`y * log(clip(p, ...))`)
    NG113 reports it instead. A one-sided guard (`maximum(x, eps)`,
    `torch.clamp(x, min=eps)`) is not flagged.

    ## Why is this bad?
    Outside `[lo, hi]` the gradient of `clip` is exactly 0: a prediction that
    saturates stops learning, silently. For `acos`/`asin`, clipping to exactly
    ±1 lands on the singularity: the derivative `1/sqrt(1 - x²)` is infinite
    there, so every clipped element gives an `inf` gradient.

    ## Example
    ```python
    p = tf.clip_by_value(p, 1e-7, 1.0)
    nll = -tf.math.log(p)
    angle = tf.acos(tf.clip_by_value(cos, -1.0, 1.0))
    ```

    ## Use instead
    ```python
    from nanguard.ops import log_softmax, safe_acos, safe_log

    nll = -log_softmax(logits)[..., label]   # work in log space from logits
    nll = -safe_log(p)
    angle = safe_acos(cos)
    ```
    """

    code = "NG107"
    name = "clip-before-singularity"
    message = "`{clip}` feeding `{op}`: {why}"
    fix_title = "Use `nanguard.ops.safe_log` / `safe_sqrt` / `safe_div` / `safe_acos` (or logits)"
    node_types = (ast.Call, ast.BinOp)
    call_ops = LOG_OPS | SQRT_OPS | DIV_OPS | ACOS_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Div) and clip_lower_positive(node.right, ctx):
                self._report(ctx, node, node.right, "/", "the gradient is 0 outside the range")
            return
        op = ctx.op(node)
        if defines_op(ctx, op):
            return
        if op.name in DIV_OPS:
            arg = op.arg(0, "x") if op.name == "reciprocal" else op.arg(1, "y", "other", "x2")
        else:
            arg = op.arg(0, "x", "input")
        if arg is None:
            return
        if op.name in ACOS_OPS:
            clipped = ctx.resolve(arg)
            if not is_two_sided_clip(clipped, ctx):
                return
            clip = ctx.op(clipped)
            lower = clip.arg(1, "clip_value_min", "x_min", "a_min", "min")
            upper = clip.arg(2, "clip_value_max", "x_max", "a_max", "max")
            if _strictly_inside_unit(lower, ctx) and _strictly_inside_unit(upper, ctx):
                return
            self._report(ctx, node, arg, op.spelling, "the derivative is infinite at ±1")
            return
        if not clip_lower_positive(arg, ctx):
            return
        if op.name in LOG_OPS and is_handwritten_ce(node, arg, ctx):
            return  # NG113
        self._report(ctx, node, arg, op.spelling, "the gradient is 0 outside the clip range")

    def _report(self, ctx: FileContext, node: ast.AST, arg: ast.expr, op: str, why: str) -> None:
        clip = ctx.op(ctx.resolve(arg))
        # Its claim (a zero or infinite derivative) is about the gradient alone.
        self.report(
            ctx, node, gradient_only=True, clip=clip.spelling if clip else "clip", op=op, why=why
        )
