"""Value facts established by earlier statements of a function.

``x.clamp_(min=eps)`` (in place, often under ``no_grad``) makes ``x`` positive for
the lines after it; ``if (x <= 0).any(): raise ...`` proves it positive and
``if (x < 0).any(): raise ...`` non-negative. An early exit counts as a raise:
``if min(numerator) == 0: return 0`` leaves ``numerator`` positive after it. The values are
:class:`~nanguard.lint.analysis.Sign` numbers (2 positive, 1 non-negative), kept as
ints so this module does not import the analysis that uses it.
"""

from __future__ import annotations

import ast
import re

__all__ = ["DECLARED_POSITIVE", "collect_facts"]

#: ``"rate": constraints.positive`` in an ``arg_constraints`` mapping.
DECLARED_POSITIVE = re.compile(r"[\"'](\w+)[\"']\s*:\s*constraints\.positive\b")
_INPLACE_CLAMPS = frozenset({"clamp_", "clamp_min_", "clip_"})


def collect_facts(scope: ast.AST) -> dict[str, list[tuple[int, int]]]:
    """In-place clamps and raise-guards in ``scope``: name -> [(line, Sign value)]."""
    out: dict[str, list[tuple[int, int]]] = {}
    body = getattr(scope, "body", None)
    if not isinstance(body, list):
        return out
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if node.func.attr in _INPLACE_CLAMPS and isinstance(receiver, ast.Name):
                lower = node.args[0] if node.args else None
                for kw in node.keywords:
                    if kw.arg == "min":
                        lower = kw.value
                if lower is not None and _is_positive_literal_or_eps(lower):
                    out.setdefault(receiver.id, []).append((node.lineno, 2))
        elif isinstance(node, ast.If) and _exits(node.body):
            if any(
                isinstance(sub, ast.BoolOp) and isinstance(sub.op, ast.And)
                for sub in ast.walk(node.test)
            ):
                continue  # `if a <= 0 and b: return`: a may still be 0 after it
            for sub in ast.walk(node.test):
                if not (isinstance(sub, ast.Compare) and len(sub.ops) == 1):
                    continue
                bound = sub.comparators[0]
                if not (isinstance(bound, ast.Constant) and bound.value == 0):
                    continue
                name = _guarded_name(sub.left)
                if name is None:
                    continue
                if isinstance(sub.ops[0], ast.LtE | ast.Eq):
                    # `== 0`: nonzero after it; the values guarded so are counts and
                    # norms (`if min(numerator) == 0: return 0`), so taken as positive
                    out.setdefault(name, []).append((node.lineno, 2))
                elif isinstance(sub.ops[0], ast.Lt):
                    out.setdefault(name, []).append((node.lineno, 1))
    return out


def _exits(body: list[ast.stmt]) -> bool:
    """The block leaves the code after the ``if``: it raises, returns, continues or breaks."""
    if any(isinstance(s, ast.Raise) for s in body):
        return True
    return bool(body) and isinstance(body[-1], ast.Return | ast.Continue | ast.Break)


def _guarded_name(node: ast.expr) -> str | None:
    """``x``, ``min(x)``, ``x.min()``, ``torch.min(x)``: the name a comparison bounds."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in {"min", "amin", "reduce_min"}:
            return None
        if node.args and isinstance(node.args[0], ast.Name):
            return node.args[0].id
        if not node.args and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return func.value.id
    return None


def _is_positive_literal_or_eps(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value > 0
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return bool(re.search(r"eps|tiny", name or "", re.IGNORECASE))
