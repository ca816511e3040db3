"""Code whose values are never differentiated: there a gradient-only hazard cannot happen.

``no_grad``/``inference_mode`` blocks and decorators, properties, optimizer and
metric classes, decoding and sampling functions, functions that receive gradients,
and code reverse mode never enters (:func:`nanguard.lint.reach.no_reverse_mode`).
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.reach import no_reverse_mode

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = ["GRADIENT_PARAMS", "is_data_name", "not_differentiated"]

_NO_GRAD = frozenset({"no_grad", "inference_mode", "stop_gradient"})
#: Inference-only functions: decoding, search, sampling (``rsample`` is differentiated).
_INFERENCE_NAME = re.compile(
    r"(?:^|_)(?:decode|decoding|beam|beam_search|greedy_search|generate|sample)(?:_|$)",
    re.IGNORECASE,
)
_PROPERTIES = frozenset({"property", "lazy_property", "cached_property", "dependent_property"})


#: Parameters that carry gradients into a function: an optimizer's update
#: (``update_step(self, gradient, variable)``, optax ``update_fn(updates, state)``).
GRADIENT_PARAMS = frozenset({"gradient", "gradients", "grads", "grad", "updates"})


#: ``grads``, ``grad_tree``, ``updates``: a parameter carrying gradients.
_GRADIENT_PARAM = re.compile(r"^(?:gradients?|grads?|updates)(?:_\w+)?$")


def _is_optimizer_class(node: ast.ClassDef) -> bool:
    names = [node.name]
    for base in node.bases:
        names.append(base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", ""))
    # An optimizer's update, a metric's state/result and a generation-time logits
    # processor (`class TopKLogitsWarper(LogitsProcessor)`) are never differentiated.
    return any(
        "optimizer" in name.lower() or "metric" in name.lower() or _INFERENCE_CLASS.search(name)
        for name in names
    )


_INFERENCE_CLASS = re.compile(r"Logits(?:Processor|Warper)|BeamScorer|StoppingCriteria|Sampler$")


def _builds_optimizer(function: ast.AST) -> bool:
    """The function returns an optax ``GradientTransformation``: its helpers are optimizer code."""
    body = getattr(function, "body", ())
    for stmt in body if isinstance(body, list) else ():  # a lambda's body is an expression
        if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("GradientTransformation"):
                return True
    return False


def not_differentiated(node: ast.AST, ctx: FileContext) -> bool:
    """``node`` is in code whose values are never differentiated.

    That is a ``no_grad``/``inference_mode`` block or function, a property, a
    method of an optimizer class, a function that receives gradients
    (``gradient``, ``grads``, ``updates``): an optimizer's update step, a function
    that returns an optax ``GradientTransformation`` (and its helpers), or code
    reverse mode never enters (:func:`nanguard.lint.reach.no_reverse_mode`).
    """
    if ctx.classes and _is_optimizer_class(ctx.classes[-1]):
        return True
    if no_reverse_mode(ctx):
        return True  # custom_jvp/vjp primal or rule, jax while_loop body
    for scope in ctx.scopes:
        if _INFERENCE_NAME.search(getattr(scope.node, "name", "")):
            return True
        if _builds_optimizer(scope.node):
            return True
        args = scope.node.args
        if any(_GRADIENT_PARAM.match(a.arg) for a in (*args.posonlyargs, *args.args)):
            return True
    for scope in ctx.scopes:
        for deco in getattr(scope.node, "decorator_list", ()):
            target = deco.func if isinstance(deco, ast.Call) else deco
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in _NO_GRAD or name in _PROPERTIES or "optimizer" in name.lower():
                return True  # `@optimizer def adam(...)`: builds an optimizer's update
    if "no_grad" not in ctx.source and "inference_mode" not in ctx.source:
        return False  # no `with torch.no_grad():` block in the file: skip the parent map
    up = ctx.parent(node)
    for _ in range(40):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        if isinstance(up, ast.With):
            for item in up.items:
                call = item.context_expr
                target = call.func if isinstance(call, ast.Call) else call
                name = target.attr if isinstance(target, ast.Attribute) else ""
                if name in _NO_GRAD:
                    return True
        up = ctx.parent(up)
    return False


_LABEL_NAME = re.compile(
    r"^(?:y|y_true|labels?|targets?|log_targets|ground_truth|gt)$", re.IGNORECASE
)


def is_data_name(node: ast.expr) -> bool:
    """``targets``, ``labels``, ``y_true``: values that are never differentiated."""
    return isinstance(node, ast.Name) and _LABEL_NAME.match(node.id) is not None
