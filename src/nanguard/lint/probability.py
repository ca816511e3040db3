"""Probability distributions: a sum over one is positive.

A softmax output, or a value named as a distribution (``probs``, ``preds_distribution``,
``p_dist``), sums to 1 over its support, so at least one entry is ``>= 1/n``: its sum
is positive, and so is the sum of a positive power of it (``sum(p ** alpha)``) or of
a product of such powers of two distributions with full support
(``sum(t ** a * p ** b)`` of two softmax outputs), which information measures
(Renyi, alpha-beta divergences) take the log of.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = ["is_distribution", "sums_to_positive"]

_DISTRIBUTION_NAME = re.compile(
    r"(?:^|_)(?:probs|probabilities|distributions?|dist|pmf)(?:_|\d|$)", re.IGNORECASE
)
_POWERS = frozenset({"pow", "power", "float_power"})


def is_distribution(node: ast.expr, ctx: FileContext) -> bool:
    """A softmax output or a value named as a probability distribution."""
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    if name and _DISTRIBUTION_NAME.search(name):
        return True
    op = ctx.op(ctx.resolve(node))
    return op is not None and op.name in {"softmax", "softmax_v2"}


def sums_to_positive(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """The summand of a positive sum: a distribution, a power of one, or their product."""
    if depth > 4:
        return False
    if is_distribution(node, ctx):
        return True
    node = ctx.resolve(node)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            return sums_to_positive(node.left, ctx, depth + 1)
        if isinstance(node.op, ast.Mult):
            return sums_to_positive(node.left, ctx, depth + 1) and sums_to_positive(
                node.right, ctx, depth + 1
            )
        return False
    op = ctx.op(node)
    if op is not None and op.name in _POWERS and op.args:
        return sums_to_positive(op.args[0], ctx, depth + 1)
    return False
