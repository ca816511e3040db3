"""Norms: a norm, ``sqrt(sum(square(v)))`` or ``v.pow(2).sum()`` is 0 only where all of ``v`` is.

So how sure a finding on a norm is depends on the vector ``v``: a difference of two
computed values or a gradient is often exactly 0, dense learned features almost never.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import Sign, const_value, sign
from nanguard.lint.calibration import Evidence
from nanguard.lint.confidence import Confidence
from nanguard.lint.differentiation import GRADIENT_PARAMS
from nanguard.lint.values import is_difference, is_layer_output, strip_wrappers

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = ["all_zero_evidence", "norm_operand"]


_NORMS = frozenset(
    {"norm", "euclidean_norm", "reduce_euclidean_norm", "vector_norm", "global_norm", "l2_norm"}
)
_SUMS = frozenset({"sum", "reduce_sum", "mean", "reduce_mean", "nansum"})
_ROOTS = frozenset({"sqrt", "cast", "expand_dims", "reshape"})
#: Dense learned features: a projection's output, an embedding, a pooled state.
_FEATURE_NAME = re.compile(
    r"(?:^|_)(?:embeds?|embeddings?|features?|hidden|hidden_states?|pooled\w*|pooler_output"
    r"|last_hidden_state)(?:_|\d|$)",
    re.IGNORECASE,
)


def _power(node: ast.expr, ctx: FileContext) -> tuple[ast.expr, float | None] | None:
    """``v ** p``, ``pow(v, p)``, ``v.pow(p)``: (v, p)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return node.left, const_value(node.right)
    op = ctx.op(node)
    if op is not None and op.name in {"pow", "power"} and len(op.args) == 2:
        return op.args[0], const_value(op.args[1])
    return None


def _squared(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``square(v)``, ``abs(v)``, ``v ** 2``, ``v * v``: v."""
    node = ctx.resolve(node)
    power = _power(node, ctx)
    if power is not None and power[1] == 2:
        return power[0]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        if ast.dump(node.left) == ast.dump(node.right):
            return node.left
    op = ctx.op(node)
    if op is not None and op.name in {"square", "abs", "absolute"} and op.args:
        return op.args[0]
    return None


def norm_operand(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """The vector ``v`` of ``norm(v)``, ``sqrt(sum(square(v)))``, ``v.pow(2).sum()``.

    Such a value is 0 only where the whole vector ``v`` is 0, so how sure a finding
    is depends on ``v`` (:func:`all_zero_evidence`), not on the norm being >= 0.
    """
    for _ in range(6):
        node = ctx.resolve(node)
        power = _power(node, ctx)
        if power is not None and power[1] == 0.5:
            node = power[0]
            continue
        op = ctx.op(node)
        if op is None or not op.args:
            return None
        if op.name in _ROOTS:
            node = op.args[0]
            continue
        if op.name in _NORMS:
            if isinstance(op.args[0], ast.Attribute) and len(op.args) > 1:
                return op.args[1]  # optax.tree.norm(x) read as a method of `optax.tree`
            return op.args[0]
        if op.name in _SUMS:
            return _squared(op.args[0], ctx)
        return None
    return None


def all_zero_evidence(vector: ast.expr, ctx: FileContext) -> Confidence:
    """How strongly the code shows that a whole vector can be exactly 0.

    ``HIGH`` for a difference of two computed values (identical points), a
    gradient, or a non-negative value that is often all 0 (a `relu` output); ``LOW`` for dense
    learned features (a layer or projection output, an embedding, a pooled
    output, an attribute such as a weight): those are all-zero only in a
    degenerate model. Anything else (an argument, data, a gradient, an STFT) is
    ``MEDIUM``: it is all-zero when its input is (a silent clip, a zero gradient).
    """
    if is_difference(vector, ctx):
        return Evidence(Confidence.HIGH, "norm of a difference")
    if isinstance(vector, ast.Name) and vector.id in GRADIENT_PARAMS:
        # a gradient is all 0 at a flat point or for a frozen layer
        return Evidence(Confidence.HIGH, "norm of a gradient")
    found = sign(vector, ctx)
    if found == Sign.POSITIVE:
        return Evidence(Confidence.LOW, "norm of a positive value")
    if found == Sign.NONNEG:
        return Evidence(Confidence.HIGH, "norm of a non-negative value (relu)")
    inner = strip_wrappers(vector, ctx)
    if is_layer_output(inner, ctx) or isinstance(inner, ast.Attribute):
        return Evidence(Confidence.LOW, "norm of a layer output or attribute")
    for sub in (vector, inner):
        if isinstance(sub, ast.Name) and _FEATURE_NAME.search(sub.id):
            return Evidence(Confidence.LOW, "norm of learned features")
    return Evidence(Confidence.MEDIUM, "norm of another value (argument, data)")
