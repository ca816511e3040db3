"""NG111: -inf used as a mask value."""

from __future__ import annotations

import ast
import re

from nanguard.lint.analysis import WHERE_OPS
from nanguard.lint.bounds import is_log_probability
from nanguard.lint.calibration import Evidence
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


#: Logical plumbing a mask is passed through: followed to find where it comes from.
_MASK_PLUMBING = frozenset(
    {
        "logical_not", "logical_and", "logical_or", "equal", "not_equal", "eq", "ne",
        "cast", "astype", "to", "bool", "float", "int", "long", "type", "reshape", "view",
        "unsqueeze", "expand", "expand_as", "squeeze", "expand_dims", "broadcast_to",
        "repeat", "tile", "flatten", "all", "any", "transpose", "permute",
    }
)  # fmt: skip
#: Constructors of a mask's structure: what they keep does not depend on the data.
_STRUCTURE = frozenset(
    {
        "eye", "identity", "arange", "range", "tril", "triu", "band_part", "matrix_band_part",
        "ones", "ones_like", "zeros", "zeros_like", "full", "full_like", "one_hot", "argmax",
        "argmin", "topk", "top_k", "argsort", "sort", "linspace", "meshgrid", "rand", "randn",
        "uniform", "bernoulli", "make_causal_mask", "diag", "diagonal", "fill_diagonal",
    }
)  # fmt: skip
_DATA_LEAF = re.compile(r"(?:^|_)(?:labels?|targets?|y_true|batch|inputs?)(?:_|$)", re.IGNORECASE)


def mask_evidence(mask: ast.expr, ctx: FileContext) -> Evidence:
    """How strongly the code shows that a mask can empty a whole row.

    A mask passed in by the caller (a parameter, an input batch) or built from
    labels (also by a helper: ``build_masks(y_true)``) can be anything, a row with no
    entry included: evidence (high). A mask
    the function builds from structure (``eye``, ``arange`` comparisons, ``one_hot``
    of an ``argmax``, a buffer ``self.mask``) keeps what it was built to keep: no
    evidence (low). Followed through names, negation, comparisons, casts and reshapes.
    """
    stack, seen = [mask], 0
    while stack and seen < 40:
        node = stack.pop()
        seen += 1
        if isinstance(node, ast.Name):
            found, bound = ctx.binding(node)
            if bound is not None:
                stack.append(bound)
            elif found and (ctx.scopes and _is_param(node.id, ctx)):
                return Evidence(2, "mask from an argument or data")
            elif _DATA_LEAF.search(node.id):
                return Evidence(2, "mask from an argument or data")
        elif isinstance(node, ast.Subscript):
            stack.append(node.value)
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        elif isinstance(node, ast.Compare):
            stack.extend([node.left, *node.comparators])
        elif isinstance(node, ast.BoolOp):
            stack.extend(node.values)
        elif isinstance(node, ast.BinOp) and isinstance(
            node.op, ast.BitAnd | ast.BitOr | ast.BitXor | ast.Sub | ast.Mult
        ):
            stack.extend([node.left, node.right])
        elif isinstance(node, ast.Call):
            op = ctx.op(node)
            if op is not None and op.name in _MASK_PLUMBING:
                stack.extend(op.args)
            elif op is None or op.name not in _STRUCTURE:
                # a helper given the labels (`build_pos_neg_masks(y_true, ...)`)
                args = op.args if op is not None else node.args
                stack.extend([*args, *(kw.value for kw in node.keywords)])
    return Evidence(0, "mask built from structure")


def _is_param(name: str, ctx: FileContext) -> bool:
    for scope in ctx.scopes:
        args = scope.node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if any(a is not None and a.arg == name for a in every):
            return True
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
            mask = None
            if is_where and op.args:
                mask = op.args[0]
            elif op.name.startswith("masked_fill"):
                mask = op.arg(1, "mask")
            for value in values:
                if check(value, ctx):
                    # the mask's origin is the evidence: one passed in can empty a row
                    level = mask_evidence(mask, ctx) if mask is not None else 2
                    # `return where(x < 0, -inf, f(x))`: -inf is the function's value;
                    # `where(outside, -inf, log_probs)`: the log-probability of an
                    # impossible event, not a mask before a softmax
                    if is_where and is_returned_value(node, ctx):
                        level = 0
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
            targets = [t for t in node.targets if isinstance(t, ast.Subscript)]
            if targets and _neg_inf(node.value, ctx):
                level = mask_evidence(targets[0].slice, ctx)
                self.report(ctx, node.value, level, True, extra="")
