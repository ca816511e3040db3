"""NG103: division by a tensor expression that can be 0."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import DIV_OPS, Sign, const_value, sign
from nanguard.lint.calibration import Evidence
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import Confidence, sum_evidence
from nanguard.lint.patterns import is_count_like
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where


@register
class DivisionByTensor(Rule):
    """## What it does
    Flags `a / b`, `tf.math.divide(a, b)`, `ops.divide`, `torch.div`,
    `jnp.divide` and `reciprocal(b)` when the denominator is a reduction of a
    tensor (`reduce_sum`, `sum`, `mean`, `std`, `var`, `norm`, `count_nonzero`,
    `tensordot`; function or method form; through local names, `sqrt`, `cast`
    and sums such as `reduce_sum(y) + reduce_sum(p)`), the absolute value of a
    tensor (`abs(y - p) / abs(y)`, a relative error) or a trainable variable
    (`tf.Variable`, `torch.nn.Parameter`: a learned temperature), and is not
    provably positive. The confidence comes from what is summed: a norm, std or
    abs is high; a mask, a weight, a label or a loss input is medium; a sum of
    predicted probabilities, of an attribute or of a random sample is low.

    To stay precise, other tensor denominators are not flagged: on keras the
    broader "any tensor" version fired mostly on optimizer bias corrections
    (`1 - beta ** t`) and quantizer scales, which are positive by construction.
    Counts (`len(x)`, `batch_size`, `num_*`, `*_count`, `tf.shape(x)[0]`),
    literals and guarded denominators (`+ eps`, `maximum(x, eps)`,
    `sqrt(var + eps)`) are never flagged.

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
    value_rule = True
    call_ops = DIV_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, ast.Div):
                return
            denominator = node.right
            spelling = "`/`"
            if any(defines_op(ctx, name) for name in ("divide", "reciprocal", "rsqrt", "div")):
                return
        else:
            op = ctx.op(node)
            if defines_op(ctx, op):
                return
            if op.name == "reciprocal":
                denominator = op.arg(0, "x", "input")
            else:
                denominator = op.arg(1, "y", "other", "x2", "divisor")
            spelling = f"`{op.spelling}`"
        if denominator is None or not is_reduction(denominator, ctx):
            return
        if guarded_by_where(node, denominator, ctx):
            return
        if const_value(denominator) is not None or is_count_like(denominator, ctx):
            return
        if sign(denominator, ctx) == Sign.POSITIVE:
            return  # guarded; a clipped denominator is NG107's business
        level = sum_evidence(denominator, ctx)
        learned = ctx.op(ctx.resolve(denominator))
        if learned is not None and learned.name in _LEARNED:
            level = max(level, Evidence(Confidence.MEDIUM, "learned Variable or Parameter"))
        self.report(ctx, node, level, op=spelling)


_REDUCTIONS = frozenset(
    {
        "reduce_sum", "sum", "nansum", "reduce_mean", "mean", "nanmean", "std", "reduce_std",
        "var", "variance", "reduce_variance", "norm", "euclidean_norm", "vector_norm",
        "reduce_euclidean_norm", "count_nonzero", "tensordot", "einsum", "dot", "vdot",
    }
)  # fmt: skip
_SIGNED_DATA = frozenset({"abs", "absolute"})
_LEARNED = frozenset({"Variable", "Parameter"})
_TRANSPARENT = frozenset({"sqrt", "cast", "expand_dims", "reshape", "square"})


def is_reduction(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """A sum/mean/std/norm/count of a tensor, possibly in ``a + b`` or ``sqrt(...)``.

    These are the denominators that reach 0 in practice: an empty mask, all-zero
    weights or predictions, a constant row (std 0), identical vectors (norm 0).
    """
    if depth > 6:
        return False
    node = ctx.resolve(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        return is_reduction(node.left, ctx, depth + 1) or is_reduction(node.right, ctx, depth + 1)
    op = ctx.op(node)
    if op is None:
        return False
    if op.numpy and not ctx.in_graph:
        return False
    if op.name in _SIGNED_DATA and not op.method:
        return True  # x / tf.abs(y_true): a relative error, 0 wherever the target is
    if op.name in _LEARNED:
        return True  # a trainable denominator (a temperature, a scale) can reach 0
    if op.name in _REDUCTIONS:
        return not op.method or op.name in {"sum", "mean", "std", "var", "norm"}
    if op.name in _TRANSPARENT or op.name in {"add", "subtract", "multiply"}:
        return any(is_reduction(a, ctx, depth + 1) for a in op.args[:2])
    return False
