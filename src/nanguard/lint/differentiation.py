"""Code whose values are never differentiated: there a gradient-only hazard cannot happen.

``no_grad``/``inference_mode`` blocks and decorators, properties, optimizer and
metric classes, decoding and sampling functions, functions that receive gradients,
and code reverse mode never enters (:func:`nanguard.lint.reach.no_reverse_mode`).
Also *evaluation code* (:func:`evaluation_module`): a module of metrics, whose forward
value is reported (a NaN there is a real bug) but whose gradient is rarely taken.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from nanguard.lint.reach import no_reverse_mode

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = ["GRADIENT_PARAMS", "evaluation_module", "not_differentiated", "on_training_path"]

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
    return any(_OPTIMIZER_OR_METRIC.search(name) or _INFERENCE_CLASS.search(name) for name in names)


#: ``Adam(Optimizer)``, ``BinaryMetric``, ``metric_fn``, but not ``SoftAsymmetricLaplace``:
#: the word, as a CamelCase part or after an underscore, not a substring of another word.
_OPTIMIZER_OR_METRIC = re.compile(r"Optimizer|Metric|(?:^|_)(?:optimizer|metric)")


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


def evaluation_module(path: str) -> bool:
    """``path`` is a module of metrics: a folder or file named ``*metrics``.

    ``torchmetrics/``, ``keras/metrics/``, ``metrics/functional.py``,
    ``regression_metrics.py``: code that computes reported scores. Their forward value
    matters (a 0/0 there is a NaN in the report), but they are evaluated, not trained
    through, so a gradient-only hazard (``sqrt`` at exactly 0, a ``where`` trap, a
    clip's zero gradient) is not worth reading there: on the labelled development set
    1 of 14 such findings at medium was true. ``metric_learning`` is not a metrics
    module (its losses are trained).

    Example:
        >>> evaluation_module("src/torchmetrics/functional/image/psnr.py")
        True
        >>> evaluation_module("pytorch_metric_learning/losses/ntxent_loss.py")
        False
    """
    parts = path.replace("\\", "/").lower().split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0]
    return any(part.endswith("metrics") for part in parts)


#: Construction code: run once from constants and hyperparameters, not per training step.
_SETUP_NAMES = frozenset({"__init__", "__post_init__", "setup", "build", "reset_parameters"})


def on_training_path(ctx: FileContext) -> bool:
    """The code runs in a training step for sure: inside a loss or a layer's forward.

    A loss-like function or the forward pass of a class (``forward``, ``call``,
    ``__call__``, ``train_step``), or a function nested in one, and not inside
    construction code (``__init__``, ``build``, ``setup``). Elsewhere (a helper, a
    schedule, a sampler, a numerical library's internals) the same evidence was true
    less often on the labelled corpus, so a finding there is never ``high`` (see
    :func:`nanguard.lint.calibration.ceiling`).
    """
    if any(getattr(s.node, "name", "") in _SETUP_NAMES for s in ctx.scopes):
        return False
    return any(s.training for s in ctx.scopes)


def not_differentiated(node: ast.AST, ctx: FileContext) -> bool:
    """``node`` is in code whose values are never differentiated.

    That is a ``no_grad``/``inference_mode`` block or function, a property, a
    method of an optimizer or metric class or of a class that declares
    ``is_differentiable = False`` (torchmetrics), a function that receives gradients
    (``gradient``, ``grads``, ``updates``): an optimizer's update step, a function
    that returns an optax ``GradientTransformation`` (and its helpers), code
    reverse mode never enters (:func:`nanguard.lint.reach.no_reverse_mode`), or a
    private helper (``_name``) that the file calls only from such code.
    """
    if any(_class_not_differentiated(c) for c in ctx.classes):
        return True
    if no_reverse_mode(ctx):
        return True  # custom_jvp/vjp primal or rule, jax while_loop body
    if any(_function_not_differentiated(scope.node) for scope in ctx.scopes):
        return True
    if ctx.scopes:
        helpers = ctx.undifferentiated_helpers
        if helpers is None:
            helpers = ctx.undifferentiated_helpers = _helpers_called_undifferentiated(ctx)
        if any(getattr(scope.node, "name", None) in helpers for scope in ctx.scopes):
            return True
    if "no_grad" not in ctx.source and "inference_mode" not in ctx.source:
        return False  # no `with torch.no_grad():` block in the file: skip the parent map
    up = ctx.parent(node)
    for _ in range(40):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        if _is_no_grad_block(up):
            return True
        up = ctx.parent(up)
    return False


def _is_no_grad_block(node: ast.AST) -> bool:
    if isinstance(node, ast.With):
        for item in node.items:
            call = item.context_expr
            target = call.func if isinstance(call, ast.Call) else call
            if isinstance(target, ast.Attribute) and target.attr in _NO_GRAD:
                return True
    return False


def _class_not_differentiated(node: ast.ClassDef) -> bool:
    """An optimizer, metric or inference class, or one declaring ``is_differentiable = False``."""
    if _is_optimizer_class(node):
        return True
    for stmt in node.body:
        target = value = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
        if (
            isinstance(target, ast.Name)
            and target.id == "is_differentiable"
            and isinstance(value, ast.Constant)
            and value.value is False
        ):
            return True
    return False


def _function_not_differentiated(node: ast.AST) -> bool:
    """Decorated ``no_grad``/property/optimizer, named for inference, or receiving gradients."""
    if _INFERENCE_NAME.search(getattr(node, "name", "")):
        return True
    if _builds_optimizer(node):
        return True
    args = node.args
    if any(_GRADIENT_PARAM.match(a.arg) for a in (*args.posonlyargs, *args.args)):
        return True
    for deco in getattr(node, "decorator_list", ()):
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _NO_GRAD or name in _PROPERTIES or "optimizer" in name.lower():
            return True  # `@optimizer def adam(...)`: builds an optimizer's update
    return False


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _helpers_called_undifferentiated(ctx: FileContext) -> frozenset[str]:
    """Private functions of the file that are only ever called from undifferentiated code.

    A private function (``_name``, not a dunder) is called from outside its module
    rarely; when every use of its name in the file is a call made under ``no_grad``,
    in a metric class, a property or another such helper, its body is never
    differentiated either. A use that is not a call (``map(_f, xs)``, ``grad(_f)``)
    or no use at all keeps it differentiated. Computed to a fixed point.
    """
    private = {
        n.name
        for n in ast.walk(ctx.tree)
        if isinstance(n, _FUNCTIONS) and n.name.startswith("_") and not n.name.endswith("__")
    }
    if not private:
        return frozenset()
    uses: dict[str, list[ast.AST]] = {name: [] for name in private}
    for sub in ast.walk(ctx.tree):
        name = sub.id if isinstance(sub, ast.Name) else getattr(sub, "attr", None)
        if name in uses and isinstance(getattr(sub, "ctx", None), ast.Load):
            uses[name].append(sub)
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, refs in uses.items():
            if name in found or all(_inside(ref, name, ctx) for ref in refs):
                continue  # no use at all, or only its own recursive calls
            if all(_called_undifferentiated(ref, name, ctx, found) for ref in refs):
                found.add(name)
                changed = True
    return frozenset(found)


def _inside(node: ast.AST, name: str, ctx: FileContext) -> bool:
    up = ctx.parent(node)
    while up is not None:
        if isinstance(up, _FUNCTIONS) and up.name == name:
            return True
        up = ctx.parent(up)
    return False


def _called_undifferentiated(ref: ast.AST, name: str, ctx: FileContext, found: set[str]) -> bool:
    """``ref`` is the callee of a call made in undifferentiated code (or in ``name`` itself)."""
    call = ctx.parent(ref)
    if not (isinstance(call, ast.Call) and call.func is ref):
        return False
    up = ctx.parent(call)
    while up is not None:
        if _is_no_grad_block(up):
            return True
        if isinstance(up, _FUNCTIONS):
            if up.name == name or up.name in found or _function_not_differentiated(up):
                return True
        elif isinstance(up, ast.ClassDef) and _class_not_differentiated(up):
            return True
        up = ctx.parent(up)
    return False
