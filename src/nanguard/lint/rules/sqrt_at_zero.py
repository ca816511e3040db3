"""NG102: sqrt or norm of an expression that can be 0 (infinite gradient)."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import NORM_OPS, SQRT_OPS, Sign, sign
from nanguard.lint.calibration import Evidence
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import Confidence, zero_evidence
from nanguard.lint.patterns import is_count_like
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where


def _is_difference(node: ast.expr, ctx: FileContext) -> bool:
    node = ctx.resolve(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        return True
    op = ctx.op(node)
    return op is not None and op.name in {"subtract", "sub"}


@register
class SqrtAtZero(Rule):
    """## What it does
    Flags `sqrt`/`rsqrt` of an expression that is not provably positive, and
    `norm` of a difference (`tf.norm(a - b)`, `torch.linalg.norm(x - y)`).

    An argument that is non-negative but can be 0 (sums of squares, `abs`,
    `square`, a variance) is high confidence; an argument of unknown sign takes
    its evidence inside a loss or compiled function and is low outside. Not
    flagged: torch's `norm` (its backward is 0 at 0).

    ## Why is this bad?
    The derivative of `sqrt(x)` is `1 / (2 sqrt(x))`: infinite at 0. A squared
    distance `reduce_sum(square(a - b))` is exactly 0 whenever two embeddings
    coincide (a triplet loss at initialisation, a point compared with itself),
    so the forward value is a harmless 0 and the backward pass is NaN. `norm` is
    `sqrt(sum(square(x)))` and has the same singularity at `x = 0`. A negative
    argument gives NaN in the forward pass as well.

    ## Example
    ```python
    dist = tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=-1))
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_norm, safe_sqrt

    dist = safe_sqrt(tf.reduce_sum(tf.square(a - b), axis=-1))
    dist = safe_norm(a - b, axis=-1)
    # or keep the argument away from 0:
    dist = tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=-1) + 1e-12)
    ```
    """

    code = "NG102"
    name = "sqrt-at-zero"
    message = "`{op}` of an expression that can be 0{extra}: the gradient there is infinite"
    fix_title = "Use `nanguard.ops.safe_sqrt` / `nanguard.ops.safe_norm`, or add `+ eps` inside"
    node_types = (ast.Call,)
    value_rule = True
    call_ops = SQRT_OPS | NORM_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input", "tensor", "a")
        if arg is None or defines_op(ctx, op):
            return
        if op.name in NORM_OPS:
            if op.name == "norm" and op.qualname is None and not op.method:
                return
            if op.method or (op.qualname or "").startswith("torch."):
                return  # torch's norm backward is 0 at 0 (measured, torch 2.13)
            if _is_difference(arg, ctx):
                self.report(
                    ctx,
                    node,
                    Evidence(Confidence.HIGH, "norm of a difference"),
                    True,
                    op=op.spelling,
                    extra=" (a difference)",
                )
            return
        if guarded_by_where(node, arg, ctx) or is_count_like(arg, ctx):
            return  # `sqrt(head_dim)`: a count is not differentiated
        found = sign(arg, ctx)
        if found == Sign.POSITIVE:
            return
        if found == Sign.NONNEG:
            level = zero_evidence(arg, ctx)
            self.report(ctx, node, level, True, op=op.spelling, extra="")
            return
        # Outside a loss/compiled function an unknown argument is most often a
        # variance or a second moment (optimizers, normalisation): not
        # differentiated, or positive by construction: low confidence there.
        outside = Evidence(Confidence.LOW, "unknown sign outside a loss or compiled function")
        level = zero_evidence(arg, ctx) if ctx.in_graph else outside
        self.report(ctx, node, level, op=op.spelling, extra=" or negative")
