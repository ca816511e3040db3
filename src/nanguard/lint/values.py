"""What a value is built from: names and wrappers followed, differences, layer outputs.

The evidence modules ask these structural questions of an expression before they
grade it: is it a difference of two computed values, a raw layer output, built from
shapes only, an attention mask; which names and calls it is built from by arithmetic.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import SIGN_PRESERVING, const_value

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = [
    "DATA_NAME",
    "is_attention_mask",
    "is_difference",
    "is_layer_output",
    "only_shapes",
    "strip_wrappers",
    "surface",
]

DATA_NAME = re.compile(
    r"(?:^|_)(?:mask|masks|weight|weights|label|labels|target|targets|y_true|count|counts"
    r"|valid|lengths?)(?:_|\d|$)",
    re.IGNORECASE,
)
_LAYER_ATTR = re.compile(
    r"fc|dense|linear|conv|proj|head|encoder|decoder|layer|mlp|embed|net|lstm|gru|rnn|attn"
    r"|attention|out|classifier|model|block",
    re.IGNORECASE,
)


def strip_wrappers(node: ast.expr, ctx: FileContext) -> ast.expr:
    """Follow names and sign-preserving wrappers (`cast`, `sum`, `gather`, `[...]`)."""
    for _ in range(8):
        node = ctx.resolve(node)
        if isinstance(node, ast.Subscript):
            node = node.value
            continue
        op = ctx.op(node)
        if op is not None and op.name in SIGN_PRESERVING:
            first = op.arg(0, "x", "input", "input_tensor", "a", "tensor")
            if first is not None:
                node = first
                continue
        break
    return node


def is_difference(node: ast.expr, ctx: FileContext) -> bool:
    """``a - b`` of two computed values, following names and wrappers.

    Not evidence: a constant side, a shape or count (``n + 1 - arange(n)``), or two
    attributes (``self.high - self.low``: a domain the class validates).
    """
    node = strip_wrappers(node, ctx)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        if const_value(node.left) is not None or const_value(node.right) is not None:
            return False
        if isinstance(node.left, ast.Attribute) and isinstance(node.right, ast.Attribute):
            return False
        return not only_shapes(node, ctx)
    op = ctx.op(node)
    return op is not None and op.name in {"subtract", "sub"} and len(op.args) == 2


def is_layer_output(node: ast.expr, ctx: FileContext) -> bool:
    """``self.fc(x)``, ``model(x)``, ``nn.Dense(n)(x)``: a raw layer output."""
    node = ctx.resolve(node)
    if not isinstance(node, ast.Call) or ctx.op(node) is not None:
        return False
    func = node.func
    if isinstance(func, ast.Call):  # nn.Dense(3)(x): a layer class, instantiated and called
        inner = func.func
        name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "")
        return name[:1].isupper()
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id == "self" and _LAYER_ATTR.search(func.attr) is not None
    return isinstance(func, ast.Name) and func.id in {"model", "net", "network", "encoder"}


_ATTENTION_MASK = re.compile(r"(?:^|_)(?:attention|attn)_?mask(?:_|$)", re.IGNORECASE)


def is_attention_mask(node: ast.expr, ctx: FileContext) -> bool:
    """An attention (padding) mask, through names and reshapes (``flat = mask.reshape(-1)``).

    Every sequence keeps at least one token, so a sum of an attention mask over a
    sequence or a batch is >= 1: unlike a loss mask, it is no evidence of a zero sum.
    """
    for _ in range(6):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if _ATTENTION_MASK.search(name):
                return True
        if isinstance(node, ast.Name):
            _, bound = ctx.binding(node)
            if bound is None:
                return False
            node = bound
            continue
        if isinstance(node, ast.Subscript):
            node = node.value
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {
                "reshape",
                "view",
                "to",
                "float",
                "flatten",
                "type",
                "bool",
                "long",
                "int",
                "unsqueeze",
                "expand",
                "squeeze",
                "astype",
            }:
                node = node.func.value
                continue
        op = ctx.op(node)
        if op is not None and op.name in {"reshape", "cast", "expand_dims", "squeeze"} and op.args:
            node = op.args[0]
            continue
        return False
    return False


def only_shapes(node: ast.expr, ctx: FileContext) -> bool:
    text = ast.dump(ctx.resolve(node))
    return "attr='shape'" in text or "attr='size'" in text or "id='len'" in text


def surface(node: ast.expr, ctx: FileContext, depth: int = 0) -> list[ast.expr]:
    """The names and calls ``node`` is built from by arithmetic, through local names.

    Arguments of other calls are not followed: ``exp(cross_entropy(logits, y))``
    is the exponential of a loss, not of the logits.
    """
    if depth > 6:
        return []
    d = depth + 1
    if isinstance(node, ast.Name):
        bound = ctx.resolve(node, depth=1)
        return [node] + (surface(bound, ctx, d) if bound is not node else [])
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            return surface(node.left, ctx, d)  # the exponent does not set the sign or scale
        return surface(node.left, ctx, d) + surface(node.right, ctx, d)
    if isinstance(node, ast.UnaryOp):
        return surface(node.operand, ctx, d)
    if isinstance(node, ast.Subscript):
        return surface(node.value, ctx, d)
    if isinstance(node, ast.Attribute):
        return [node]
    if isinstance(node, ast.Call):
        op = ctx.op(node)
        if op is not None and (op.name in SIGN_PRESERVING or op.name in _LINEAR) and op.args:
            return [node] + [s for a in op.args[:2] for s in surface(a, ctx, d)]
        return [node]
    return []


_LINEAR = frozenset({"add", "subtract", "multiply", "matmul", "dot", "einsum", "negative"})
