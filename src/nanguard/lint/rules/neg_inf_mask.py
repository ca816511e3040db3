"""NG111: -inf used as a mask value."""

from __future__ import annotations

import ast
import re

from nanguard.lint.analysis import WHERE_OPS
from nanguard.lint.bounds import is_log_probability
from nanguard.lint.context import FileContext
from nanguard.lint.patterns import is_neg_inf
from nanguard.lint.reach import is_returned_value
from nanguard.lint.registry import Rule, register

#: ``full``/``fill`` are left out on purpose: they initialise running maxima and
#: beam-search scores with -inf, which never reaches a softmax unmasked.
_MASK_OPS = WHERE_OPS | frozenset({"masked_fill", "masked_fill_", "add", "multiply"})
_FILLS = frozenset({"fill", "full", "full_like", "constant"})
_NAN_TESTS = frozenset({"isnan", "is_nan", "isinf", "is_inf", "isfinite", "is_finite"})
_TRIANGLES = frozenset({"tril", "triu", "band_part", "matrix_band_part", "make_causal_mask"})


def _is_causal(cond: ast.expr, ctx: FileContext) -> bool:
    """A causal mask (``tril(ones)``): it always keeps the diagonal, so no row is empty."""
    for _ in range(4):
        cond = ctx.resolve(cond)
        if isinstance(cond, ast.Subscript):
            cond = cond.value
            continue
        if isinstance(cond, ast.Compare) and len(cond.ops) == 1:
            cond = cond.left  # band_part(ones((t, t)), -1, 0) > 0
            continue
        op = ctx.op(cond)
        if op is None:
            return False
        if op.name in _TRIANGLES:
            return True
        if op.name in {"astype", "cast", "to", "bool", "asarray", "array"} and op.args:
            cond = op.args[0]
            continue
        return False
    return False


#: Functions that return a log-probability or log-density (``logpdf``, ``log_prob``,
#: ``_log_cdf``): a ``where(..., -inf)`` there is the value of an impossible event.
_LOG_DENSITY_FUNCTION = re.compile(
    r"^_*(?:log_?(?:pdf|pmf|cdf|sf|prob|probs|density|likelihood|survival\w*)|log_?p)$",
    re.IGNORECASE,
)


def _log_probability(node: ast.expr, ctx: FileContext) -> bool:
    """A log-probability/log-density by name (``log_probs``, ``logpdf``) or by its call."""
    for _ in range(4):
        if is_log_probability(node):
            return True
        if not isinstance(node, ast.Name):
            return False
        _, bound = ctx.binding(node)
        if bound is None:
            return False
        node = bound
    return False


def _neg_inf(node: ast.expr, ctx: FileContext) -> bool:
    return is_neg_inf(node, ctx) or is_neg_inf(ctx.resolve(node), ctx)


def _neg_inf_or_fill(node: ast.expr, ctx: FileContext) -> bool:
    """-inf itself, or a tensor filled with it (``tf.fill(shape, -inf)``) used as a branch."""
    if _neg_inf(node, ctx):
        return True
    op = ctx.op(ctx.resolve(node))
    if op is None or op.name not in _FILLS:
        return False
    values = list(op.args[1:]) + [
        op.keywords[k] for k in ("value", "fill_value") if k in op.keywords
    ]
    return any(_neg_inf(v, ctx) for v in values)


@register
class NegInfMask(Rule):
    """## What it does
    Flags `-inf` (`float('-inf')`, `-np.inf`, `-math.inf`, `-torch.inf`,
    `np.NINF`) used as a mask value: a branch of `where`/`select` (also a
    tensor filled with it, `tf.fill(shape, -inf)`), the value of
    `masked_fill`, a factor of `*` (`mask * -np.inf`), or a value stored into
    a tensor slice (`scores[mask] = -float('inf')`). Not flagged: a large
    finite negative value (`-1e9`, `tf.float32.min`), `full(shape, -inf)` /
    `ones(n) * -inf` initialisers (running maxima, beam scores) and
    `where(isnan(x), -inf, x)`.

    ## Why is this bad?
    A row that is entirely masked becomes `softmax([-inf, -inf])`, which is
    `exp(-inf - (-inf)) = exp(NaN)`: NaN, and NaN gradients for the whole
    batch. `mask * -inf` is NaN wherever the mask is 0 (`0 * inf`).

    ## Example
    ```python
    scores = tf.where(mask, scores, float("-inf"))
    attn = tf.nn.softmax(scores, axis=-1)
    ```

    ## Use instead
    ```python
    from nanguard.ops import masked_softmax

    attn = masked_softmax(scores, mask, axis=-1)    # all-masked rows give zeros
    scores = tf.where(mask, scores, scores.dtype.min)  # or a finite minimum
    ```
    """

    code = "NG111"
    name = "neg-inf-mask"
    message = "-inf as a mask value: an all-masked row gives NaN after softmax{extra}"
    fix_title = "Use `nanguard.ops.masked_softmax`, or a finite minimum (`dtype.min`, -1e9)"
    node_types = (ast.Call, ast.BinOp, ast.Assign)
    call_ops = _MASK_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if not ctx.has_inf:
            return  # no spelling of infinity anywhere in the file
        if isinstance(node, ast.Call):
            op = ctx.op(node)
            values = list(op.args) + list(op.keywords.values())
            is_where = op.name in WHERE_OPS and not op.method
            if is_where:
                cond = ctx.op(op.args[0]) if op.args else None
                if cond is not None and cond.name in _NAN_TESTS:
                    return  # replacing NaN by -inf for a max/top-k, not masking
                if op.args and _is_causal(op.args[0], ctx):
                    return
                values = values[1:]
            check = _neg_inf_or_fill if is_where else _neg_inf
            for value in values:
                if check(value, ctx):
                    # `return where(x < 0, -inf, f(x))`: -inf is the function's value;
                    # `where(outside, -inf, log_probs)`: the log-probability of an
                    # impossible event, not a mask before a softmax
                    level = 0 if is_where and is_returned_value(node, ctx) else 2
                    if is_where and any(_log_probability(v, ctx) for v in values if v is not value):
                        level = 0
                    if is_where and _LOG_DENSITY_FUNCTION.search(ctx.function_name()):
                        level = 0  # `def logpmf(k, p)`: -inf is the log-probability of k
                    # gradient_only (here and below): in decoding/search/generation code
                    # (never differentiated) -inf is the usual score of an impossible path
                    self.report(ctx, value, level, True, extra="")
                    return
        elif isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Mult):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    other_op = ctx.op(other)
                    if other_op is not None and other_op.name in {"ones", "ones_like"}:
                        continue  # ones(shape) * -inf: an initialiser, no 0 * inf
                    if _neg_inf(side, ctx):
                        self.report(ctx, side, 2, True, extra=", and `0 * -inf` is NaN")
                        return
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Subscript) for t in node.targets) and _neg_inf(
                node.value, ctx
            ):
                self.report(ctx, node.value, 2, True, extra="")
