"""What the callers in a file say about a helper's parameter.

``_ssim(x, y, c1=max_val ** 2 * 1e-4)`` or ``_kl(softplus(a) + eps, b)``: a private
function (``_name``) or a nested one is called only from its own module (a nested
one only from its enclosing function), so when every call in the file passes a
positive value for a parameter (and its default, if some call leaves it out, is
positive too), the parameter is positive inside the helper. A public function may
be called from anywhere, so its parameters learn nothing from the file's calls.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from nanguard.lint.context import Scope

if TYPE_CHECKING:
    from collections.abc import Callable

    from nanguard.lint.context import FileContext

__all__ = ["caller_sign"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
#: (function, parameter) pairs being evaluated: a recursive helper proves nothing.
_ACTIVE: set[tuple[int, str]] = set()


def caller_sign(name: ast.Name, ctx: FileContext, sign: Callable[..., int]) -> int | None:
    """The weakest sign the file's calls pass for parameter ``name``, or ``None``.

    ``sign`` is :func:`nanguard.lint.analysis.sign` (passed in: this module is below it).
    """
    if not ctx.scopes:
        return None
    function = ctx.scopes[-1].node
    if not isinstance(function, _FUNCTIONS):
        return None
    nested = len(ctx.scopes) > 1 and isinstance(ctx.scopes[-2].node, _FUNCTIONS)
    if not (nested or (function.name.startswith("_") and not function.name.endswith("__"))):
        return None
    key = (id(function), name.id)
    if key in _ACTIVE:
        return None
    index, default = _parameter(function, name.id)
    if index is None and default is None:
        return None
    sites = _call_sites(ctx).get(function.name, [])
    if not sites:
        return None
    _ACTIVE.add(key)
    try:
        weakest = 2
        for call in sites:
            arg = _argument(call, index, name.id, default)
            if arg is None:
                return None
            weakest = min(weakest, _sign_at(arg, call, ctx, sign))
            if weakest == 0:
                return 0
        return weakest
    finally:
        _ACTIVE.discard(key)


def _parameter(function: ast.AST, param: str) -> tuple[int | None, ast.expr | None]:
    """(position among the positional parameters after ``self``, default value)."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    with_default = positional[len(positional) - len(args.defaults) :]
    defaults = {a.arg: value for a, value in zip(with_default, args.defaults)}
    for arg, value in zip(args.kwonlyargs, args.kw_defaults):
        if value is not None:
            defaults[arg.arg] = value
    names = [a.arg for a in positional]
    if names and names[0] in {"self", "cls"}:
        names = names[1:]
    index = names.index(param) if param in names else None
    if index is None and param not in {a.arg for a in args.kwonlyargs}:
        return None, None
    return index, defaults.get(param)


def _argument(call: ast.Call, index: int | None, param: str, default: ast.expr | None):
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    for kw in call.keywords:
        if kw.arg == param:
            return kw.value
        if kw.arg is None:
            return None  # **kwargs
    if index is not None and index < len(call.args):
        return call.args[index]
    return default


def _call_sites(ctx: FileContext) -> dict[str, list[ast.Call]]:
    """Calls ``f(...)``, ``self.f(...)``, ``cls.f(...)`` in the file, by callee name."""
    found = ctx.call_sites
    if found is None:
        found = {}
        for sub in ast.walk(ctx.tree):
            if isinstance(sub, ast.Call):
                func = sub.func
                if isinstance(func, ast.Name):
                    found.setdefault(func.id, []).append(sub)
                elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    if func.value.id in {"self", "cls"}:
                        found.setdefault(func.attr, []).append(sub)
        ctx.call_sites = found
    return found


def _sign_at(arg: ast.expr, call: ast.Call, ctx: FileContext, sign: Callable[..., int]) -> int:
    """``sign(arg)`` evaluated in the scopes of the call, then the current ones restored."""
    chain: list[ast.AST] = []
    up = ctx.parent(call)
    while up is not None:
        if isinstance(up, (*_FUNCTIONS, ast.Lambda)):
            chain.append(up)
        up = ctx.parent(up)
    saved = ctx.scopes
    ctx.scopes = [Scope(f, False, False, frozenset()) for f in reversed(chain)]
    try:
        return int(sign(arg, ctx))
    finally:
        ctx.scopes = saved
