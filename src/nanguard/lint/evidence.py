"""Evidence that a value can reach a rule's bad region, and how sure a finding is.

The rules used to fire whenever positivity (or an upper bound) could not be
proven. On real library code that was wrong three times in four: `log(self.scale)`
of a parameter constrained positive, `exp(log_prob)` of a log-probability. Now a
rule asks for *positive evidence* and grades it:

* ``HIGH``: the structure of the expression shows it, e.g. a sum of squares or a
  `relu`/`abs`/`norm`/`var` output that is exactly 0 for some inputs, a
  difference of two computed values, `1 - sigmoid(z)`, a logit-like name under
  `exp` (`logits`, `log_var`, `log_scale`).
* ``MEDIUM``: the value is an input of a loss or compiled function (a
  prediction or a label), a mask/weight/label-like name, a layer output, or a
  sum of such a value used as a denominator.
* ``LOW``: no evidence either way (the old "cannot prove it safe" finding), an
  attribute documented positive (`self.scale`, `self.rate`), or a finding in
  code that is never differentiated (a `no_grad` block, a property).

:func:`not_differentiated` recognises `torch.no_grad()`/`inference_mode()`
blocks and decorators, and properties; there a gradient-only hazard is ``LOW``
and a forward hazard loses one level.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import POSITIVE_ATTRS, Sign, sign
from nanguard.lint.calibration import Evidence
from nanguard.lint.confidence import DEFAULT_MIN_CONFIDENCE, Confidence
from nanguard.lint.norms import all_zero_evidence, norm_operand
from nanguard.lint.values import (
    DATA_NAME,
    is_attention_mask,
    is_difference,
    is_layer_output,
    only_shapes,
    strip_wrappers,
    surface,
)

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "Confidence",
    "in_log_probability_branch",
    "is_quantity_itself",
    "sum_evidence",
    "unbounded_evidence",
    "zero_evidence",
]


_QUANTITY_TARGET = re.compile(r"perplexity|ppl", re.IGNORECASE)
_UNBOUNDED_NAME = re.compile(
    r"(?:^|_)(?:logits?|log_?vars?|log_?variance|log_?std|log_?sigma|log_?scale|logs_?\w*"
    r"|log_?rate|log_?alpha|log_?temp\w*|pre_?act\w*|energy|energies)(?:_|\d|$)",
    re.IGNORECASE,
)


#: Attributes holding a learned log-scale (``self.logit_scale``, ``self.log_std``); a
#: distribution's ``self.logits`` is a parameter it was given, not learned here.
_LEARNED_LOG_SCALE = re.compile(
    r"(?:^|_)(?:logit_?scale\w*|log_?scale|log_?std|log_?sigma|log_?vars?|log_?temp\w*"
    r"|log_?alpha)(?:_|\d|$)",
    re.IGNORECASE,
)


def _input_names(node: ast.expr, ctx: FileContext) -> list[str]:
    """Loss/graph inputs and data-like names ``node`` is built from by arithmetic."""
    return [
        sub.id
        for sub in surface(node, ctx)
        if isinstance(sub, ast.Name) and (ctx.is_loss_input(sub.id) or DATA_NAME.search(sub.id))
    ]


def zero_evidence(node: ast.expr, ctx: FileContext, inputs: bool = True) -> Confidence:
    """How strongly the code shows that ``node`` can be 0 (or negative).

    Example:
        ``reduce_sum(square(a - b))`` is ``HIGH``; ``y_pred`` in a loss is
        ``MEDIUM``; ``self.scale`` or ``(p.rate / q.rate)`` is ``LOW``.
    """
    found = sign(node, ctx)
    if found == Sign.POSITIVE:
        return Evidence(Confidence.LOW, "proven positive")  # the rules never report it
    vector = norm_operand(node, ctx)
    if vector is not None:
        return all_zero_evidence(vector, ctx)
    if _positive_by_name(node, ctx):
        # positive if `scale`, `rate`, ... are, as documented
        return Evidence(Confidence.LOW, "positive-named attribute")
    operand = _zero_where_operand_is(node, ctx)
    if operand is not None:
        # sqrt(v) >= 0, but 0 only where v is 0, so the evidence is v's
        return zero_evidence(operand, ctx, inputs)
    if found == Sign.NONNEG and not only_shapes(node, ctx):
        return Evidence(Confidence.HIGH, "non-negative op output (relu, abs, square, var)")
    if is_difference(node, ctx):
        return Evidence(Confidence.HIGH, "difference of computed values")
    if _signed_op(node, ctx):
        return Evidence(Confidence.HIGH, "signed op output (tanh, sin, log)")
    if inputs and is_layer_output(node, ctx):
        return Evidence(Confidence.MEDIUM, "layer output")
    if inputs and _input_names(node, ctx):
        return Evidence(Confidence.MEDIUM, "loss/compiled-function input or data name")
    if not inputs and _summable_names(node, ctx):
        return Evidence(Confidence.MEDIUM, "sum of a mask, weight, label, count or loss input")
    return Evidence(Confidence.LOW, "no evidence")


def _zero_where_operand_is(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``v`` of ``sqrt(v)`` (through names): 0 exactly where ``v`` is.

    ``abs``/``square`` stay structural evidence: ``x / abs(x)``, ``abs(w) ** 0.5`` and
    ``/ abs(y)`` are the zoo's real bugs, written where the author assumed a sign.
    """
    node = ctx.resolve(node)
    op = ctx.op(node)
    if op is not None and op.name == "sqrt" and op.args:
        return op.args[0]
    return None


_PREDICTION_NAME = re.compile(
    r"^(?:y_pred|preds?|predictions?|outputs?|probs?|probabilities|p|q|y_hat)$", re.IGNORECASE
)


def _summable_names(node: ast.expr, ctx: FileContext) -> list[str]:
    """Names whose sum can be 0: masks, weights, labels, counts, and inputs of a loss or
    compiled function other than predicted probabilities (which sum to 1)."""
    return [
        sub.id
        for sub in surface(node, ctx)
        if isinstance(sub, ast.Name)
        and (
            DATA_NAME.search(sub.id)
            or (ctx.is_loss_input(sub.id) and not _PREDICTION_NAME.match(sub.id))
        )
        and not is_attention_mask(sub, ctx)
    ]


#: Ops whose output is <= 0 for part of their domain, whatever the input.
_SIGNED_OPS = frozenset({"tanh", "sin", "cos", "erf", "softsign", "atan", "arctan", "log", "log1p"})


def _signed_op(node: ast.expr, ctx: FileContext) -> bool:
    op = ctx.op(strip_wrappers(node, ctx))
    return op is not None and op.name in _SIGNED_OPS


def _positive_by_name(node: ast.expr, ctx: FileContext) -> bool:
    """Positive once attributes documented positive (``p.scale``, ``q.rate``) are."""
    ctx.assume_positive_attrs = True
    try:
        return sign(node, ctx) == Sign.POSITIVE
    finally:
        ctx.assume_positive_attrs = False


def sum_evidence(node: ast.expr, ctx: FileContext) -> Confidence:
    """A denominator that is a reduction: how strongly can the reduced value sum to 0?

    A mask, a weight, a label or an input of the loss summed can be all zeros
    (``MEDIUM``); a sum of a non-negative computed value is 0 when every term is
    (``HIGH``); a sum of an attribute such as ``self.concentration`` is ``LOW``.
    """
    # A norm, std or abs is 0 for some inputs. A sum of predictions is not evidence
    # (probabilities sum to 1); a sum of a mask, a weight or a label is.
    vector = norm_operand(node, ctx)
    if vector is not None and sign(node, ctx) != Sign.POSITIVE:
        return all_zero_evidence(vector, ctx)
    strength = zero_evidence(node, ctx, inputs=False)
    for sub in ast.walk(ctx.resolve(node)):
        if isinstance(sub, ast.Call):
            op = ctx.op(sub)
            if op is None or not op.args or op.name in _MATRIX_PRODUCTS:
                continue  # mv(weight, v): a learned matrix, not a sample weight
            first = op.args[0]
            if isinstance(first, ast.Attribute) and first.attr in POSITIVE_ATTRS:
                continue
            inner = ctx.resolve(first)
            if isinstance(inner, ast.Attribute):
                continue  # self.x: a field whose domain the class owns
            if is_attention_mask(first, ctx):
                continue  # every sequence keeps a token: the sum is >= 1
            if isinstance(inner, ast.Call) and ctx.op(inner) is not None:
                if ctx.op(inner).name in {"randn", "normal", "rand", "randn_like"}:
                    continue  # a random sample: 0 with probability 0
            strength = max(strength, zero_evidence(first, ctx, inputs=False))
    return strength


def unbounded_evidence(node: ast.expr, ctx: FileContext) -> Confidence:
    """How strongly the code shows that ``exp(node)`` can overflow.

    A logit-like name (``logits``, ``log_var``, ``log_scale``) is ``HIGH``; a layer
    output or an input of a loss/compiled function is ``MEDIUM``; anything else
    (a closed-form moment, ``exp(loss)`` as a perplexity) is ``LOW``.
    """
    parts = surface(node, ctx)
    if any(_UNBOUNDED_NAME.search(n.id) for n in parts if isinstance(n, ast.Name)):
        return Evidence(Confidence.HIGH, "logit or log-scale name")
    for sub in (node, *parts):
        # self.logit_scale.exp(): a learned log-scale, unbounded by construction
        if isinstance(sub, ast.Attribute) and _LEARNED_LOG_SCALE.search(sub.attr):
            return Evidence(Confidence.HIGH, "learned log-scale attribute")
    if any(is_layer_output(n, ctx) for n in parts):
        return Evidence(Confidence.MEDIUM, "layer output")
    for sub in parts:
        if isinstance(sub, ast.Name) and ctx.is_loss_input(sub.id):
            if not DATA_NAME.search(sub.id) and "loss" not in sub.id.lower():
                return Evidence(Confidence.MEDIUM, "loss/compiled-function input")
    return Evidence(Confidence.LOW, "no evidence")


_LOG_PROB_FLAG = re.compile(r"^(?:log_?probs?|log_?target|is_log\w*|log_space)$", re.IGNORECASE)


def in_log_probability_branch(node: ast.AST, ctx: FileContext) -> bool:
    """``if log_prob: ... p.exp() ...``: the branch runs when the values are log-probabilities.

    A flag named ``log_prob``/``log_target`` says the inputs are log-probabilities (<= 0),
    so an ``exp`` inside the branch it guards cannot overflow.
    """
    if "log" not in ctx.source:
        return False
    child, up = node, ctx.parent(node)
    for _ in range(30):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        if isinstance(up, ast.If | ast.IfExp) and child is not up.test:
            test = up.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            in_body = child in up.body if isinstance(up, ast.If) else child is up.body
            if name and _LOG_PROB_FLAG.match(name) and in_body:
                return True
        child, up = up, ctx.parent(up)
    return False


def is_quantity_itself(node: ast.AST, ctx: FileContext) -> bool:
    """``perplexity = exp(loss)``: the exponential is the reported quantity."""
    up = ctx.parent(node)
    for _ in range(3):
        if isinstance(up, ast.Assign):
            return any(
                isinstance(t, ast.Name) and _QUANTITY_TARGET.search(t.id) for t in up.targets
            )
        if up is None or isinstance(up, ast.stmt):
            return False
        up = ctx.parent(up)
    return False


#: Products with a matrix: their operands are parameters, not data to be summed.
_MATRIX_PRODUCTS = frozenset({"mv", "mm", "bmm", "matmul", "linear", "conv1d", "conv2d", "conv"})
