"""Whether a hazard can reach a differentiated training value.

Round 1 graded *whether the value can be bad*; held-out library code showed that
this is not enough. Most false findings there were real singular points that
never reach a loss or a gradient:

* the result only feeds a comparison (``abs(term) / abs(total) > tol`` as a
  series' loop condition): a NaN or Inf there changes a boolean, not a tensor
  that is trained (:func:`only_compared`);
* the forward value is replaced right after (``t = a / n`` then
  ``t = where(n == 0, 0, t)``, or ``minimum(1, 1 / norm)``): only the gradient
  can still be poisoned (:func:`forward_guarded`);
* the code is never differentiated by reverse mode: the primal of a
  ``custom_jvp``/``custom_vjp`` function (its derivative is the hand-written
  rule), a ``defjvp``/``defvjp`` rule itself, and the body or condition of
  ``jax.lax.while_loop``, which JAX cannot reverse-differentiate
  (:func:`no_reverse_mode`);
* ``-inf`` that is the value a function returns (``entr(x < 0) = -inf``,
  ``Ci(0) = -inf``, ``log_softmax`` of an excluded entry), not a mask fed to a
  softmax in the same function (:func:`is_returned_value`).

These are facts about the code around the finding, shared by every rule through
:meth:`nanguard.lint.registry.Rule.report` (and NG111 for the last one).
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = [
    "forward_guarded",
    "is_data_name",
    "is_returned_value",
    "no_reverse_mode",
    "only_compared",
    "only_data",
]

#: Wrappers a value passes through unchanged in kind (still the same hazard).
_PASS_THROUGH = (ast.BinOp, ast.UnaryOp)
_CAPS = frozenset({"minimum", "clip", "clip_by_value", "clamp", "clamp_max", "fmin"})
_WHERE = frozenset({"where", "select"})
_CUSTOM_RULES = frozenset({"custom_jvp", "custom_vjp", "custom_gradient_jax"})
_RULE_DECORATORS = frozenset({"defjvp", "defvjp", "defjvps"})
#: Consumers that turn a ``-inf`` mask into NaN when a whole row is masked.
_MASK_CONSUMERS = frozenset(
    {
        "softmax",
        "log_softmax",
        "logsumexp",
        "reduce_logsumexp",
        "max",
        "amax",
        "reduce_max",
        "exp",
        "sort",
        "top_k",
        "topk",
        "argmax",
        "masked_softmax",
    }
)


def _climb(node: ast.AST, ctx: FileContext) -> tuple[ast.AST, ast.AST | None]:
    """The outermost arithmetic expression containing ``node``, and its parent."""
    current: ast.AST = node
    up = ctx.parent(current)
    for _ in range(12):
        if isinstance(up, _PASS_THROUGH):
            current, up = up, ctx.parent(up)
            continue
        if isinstance(up, ast.Call):
            op = ctx.op(up)
            if op is not None and op.name in {"abs", "absolute", "negative", "cast"}:
                current, up = up, ctx.parent(up)
                continue
        break
    return current, up


def only_compared(node: ast.AST, ctx: FileContext) -> bool:
    """``node``'s value (through arithmetic) is an operand of a comparison only.

    Example:
        ``lax.abs(term) / lax.abs(serie) > precision`` in a loop condition.
    """
    _, up = _climb(node, ctx)
    return isinstance(up, ast.Compare)


def forward_guarded(node: ast.AST, ctx: FileContext) -> bool:
    """The forward value of ``node`` is capped or replaced before it is used.

    ``minimum(1.0, 1.0 / norm)`` (an Inf is capped), and ``t = <node>`` followed
    later in the function by ``t = where(cond, safe, t)``. What remains is a
    gradient hazard (``0 * inf`` in the backward pass of the cap or the where).
    """
    top, up = _climb(node, ctx)
    if isinstance(up, ast.Call):
        op = ctx.op(up)
        if op is not None and op.name in _CAPS:
            return True
    stmt = up
    for _ in range(6):
        if stmt is None or isinstance(stmt, ast.stmt):
            break
        stmt = ctx.parent(stmt)
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return False
    target = stmt.targets[0]
    function = ctx.function
    if not isinstance(target, ast.Name) or function is None:
        return False
    for later in ast.walk(function):
        if not (isinstance(later, ast.Call) and later.lineno > stmt.lineno):
            continue
        op = ctx.op(later)
        if op is not None and op.name in _WHERE and len(op.args) == 3:
            branches = op.args[1:]
            if any(isinstance(b, ast.Name) and b.id == target.id for b in branches):
                # `t = where(c, 0, t)` or `out += where(c, 0, t)`: the condition must
                # test a value the hazard is computed from
                if _names(op.args[0], ctx) & _names(node, ctx):
                    return True
    return False


def only_data(node: ast.AST, ctx: FileContext) -> bool:
    """Every value in ``node`` is a label/target or a constant: nothing is trained.

    ``log(targets)``, ``log(two_pi * targets)``: a hazard there whose forward value
    is replaced has no gradient to poison.
    """
    seen = False
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Name) or sub.id in ctx.aliases:
            continue
        if is_data_name(sub):
            seen = True
            continue
        bound = ctx.resolve(sub, depth=1)
        if bound is sub or any(
            isinstance(n, ast.Name) and n.id not in ctx.aliases and not is_data_name(n)
            for n in ast.walk(bound)
        ):
            return False
    return seen


def _names(node: ast.AST, ctx: FileContext) -> set[str]:
    """Names in ``node`` and, one level down, in what those names were assigned."""
    found = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    for sub in list(ast.walk(node)):
        if isinstance(sub, ast.Name):
            bound = ctx.resolve(sub, depth=1)
            if bound is not sub:
                found |= {n.id for n in ast.walk(bound) if isinstance(n, ast.Name)}
    return found


def _decorator_names(node: ast.AST) -> list[str]:
    names = []
    for deco in getattr(node, "decorator_list", ()):
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(deco, ast.Call) and getattr(target, "id", getattr(target, "attr", "")) in {
            "partial"
        }:
            target = deco.args[0] if deco.args else target
        names.append(
            target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        )
    return names


def _while_loop_functions(ctx: FileContext) -> frozenset[str]:
    """Names of functions passed to ``jax.lax.while_loop`` in this file (memoised)."""
    cached = getattr(ctx, "_while_bodies", None)
    if cached is not None:
        return cached
    found: set[str] = set()
    if "while_loop" in ctx.source:
        for sub in ast.walk(ctx.tree):
            if not isinstance(sub, ast.Call):
                continue
            qual = ctx.qualname(sub.func) or ""
            if not (qual.startswith("jax") and qual.endswith("while_loop")):
                continue
            for arg in sub.args[:2]:
                if isinstance(arg, ast.Call) and arg.args:  # partial(body, ...)
                    arg = arg.args[0]
                if isinstance(arg, ast.Name):
                    found.add(arg.id)
    result = frozenset(found)
    ctx._while_bodies = result  # type: ignore[attr-defined]
    return result


def no_reverse_mode(ctx: FileContext) -> bool:
    """The enclosing code is never reverse-differentiated (see the module docs)."""
    if not ctx.scopes:
        return False
    bodies = _while_loop_functions(ctx)
    for scope in ctx.scopes:
        names = _decorator_names(scope.node)
        if any(n in _CUSTOM_RULES or n in _RULE_DECORATORS for n in names):
            return True
        if getattr(scope.node, "name", None) in bodies:
            return True
    return False


def is_returned_value(call: ast.Call, ctx: FileContext) -> bool:
    """The ``where(..., -inf)`` result is what the function returns, unmasked.

    The condition must be a comparison of a value (``x < 0``, ``x == 0``), not a
    mask: a helper returning ``where(mask, s, -inf)`` hands a mask to its caller.
    True when the call is returned directly (or through the name it is assigned
    to) and the function applies no softmax, logsumexp, max or exp to that name: ``-inf``
    is then the function's value (``log_softmax`` of an excluded entry,
    ``Ci(0)``), not a mask that can empty a row.
    """
    function = ctx.function
    if function is None or not call.args or not _is_comparison(call.args[0], ctx):
        return False  # `where(mask, s, -inf)` of a mask: a caller may softmax it
    node: ast.AST = call
    up = ctx.parent(node)
    names: set[str] = set()
    for _ in range(4):
        if isinstance(up, ast.Return):
            break
        if isinstance(up, ast.Assign) and len(up.targets) == 1:
            target = up.targets[0]
            if isinstance(target, ast.Name):
                names.add(target.id)
            break
        if isinstance(up, ast.Tuple | ast.List) or (
            isinstance(up, ast.Call) and ctx.op(up) is not None and ctx.op(up).name in _WHERE
        ):
            node, up = up, ctx.parent(up)
            continue
        return False
    else:
        return False
    if not names:
        return True  # `return where(mask, x, -inf)`: the function's value itself
    returned = False
    for sub in ast.walk(function):
        if isinstance(sub, ast.Return) and sub.value is not None:
            values = sub.value.elts if isinstance(sub.value, ast.Tuple) else [sub.value]
            returned = returned or any(isinstance(v, ast.Name) and v.id in names for v in values)
        elif isinstance(sub, ast.Call):
            op = ctx.op(sub)
            if op is not None and op.name in _MASK_CONSUMERS:
                used = (n for a in sub.args for n in ast.walk(a) if isinstance(n, ast.Name))
                if any(n.id in names for n in used):
                    return False
    return returned


_COMPARE_OPS = frozenset(
    {
        "less",
        "lt",
        "greater",
        "gt",
        "equal",
        "eq",
        "less_equal",
        "le",
        "ge",
        "greater_equal",
        "not_equal",
        "ne",
        "isinf",
        "isnan",
        "isfinite",
    }
)


def _is_comparison(node: ast.expr, ctx: FileContext) -> bool:
    if isinstance(node, ast.Compare):
        return True
    op = ctx.op(node)
    return op is not None and op.name in _COMPARE_OPS


_LABEL_NAME = re.compile(
    r"^(?:y|y_true|labels?|targets?|log_targets|ground_truth|gt)$", re.IGNORECASE
)


def is_data_name(node: ast.expr) -> bool:
    """``targets``, ``labels``, ``y_true``: values that are never differentiated."""
    return isinstance(node, ast.Name) and _LABEL_NAME.match(node.id) is not None
