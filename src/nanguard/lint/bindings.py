"""Name bindings of a scope: what each local name was assigned, and on which line.

:meth:`nanguard.lint.context.FileContext.resolve` follows plain local assignments
(``p = softmax(z); log(p)``) through these tables, built once per function on demand.
"""

from __future__ import annotations

import ast

from nanguard.lint.names import import_aliases

__all__ = ["collect_bindings", "last_before"]


def last_before(entries: list[tuple[int, ast.expr | None]], line: int) -> ast.expr | None:
    """The value of the last binding before ``line`` (``None``: not a plain assignment)."""
    best = None
    best_line = -1
    for lineno, value in entries:
        if best_line < lineno < line:
            best, best_line = value, lineno
    return best


_SCOPE_BREAKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def collect_bindings(scope: ast.AST) -> dict[str, list[tuple[int, ast.expr | None]]]:
    """Map each name assigned directly in ``scope`` to ``(line, value)`` pairs."""
    out: dict[str, list[tuple[int, ast.expr | None]]] = {}

    def bind(target: ast.expr, value: ast.expr | None, line: int) -> None:
        if isinstance(target, ast.Name):
            out.setdefault(target.id, []).append((line, value))
        elif isinstance(target, ast.Tuple | ast.List):
            starred = any(isinstance(e, ast.Starred) for e in target.elts)
            # `c1, c2 = 0.01**2, 0.03**2` binds each name to its own element
            literal = isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(
                target.elts
            )
            literal = literal and not any(isinstance(e, ast.Starred) for e in value.elts)
            for i, elt in enumerate(target.elts):
                # `_, _, k, h = key.shape` binds h to `key.shape[3]`
                item = None
                if literal and not starred:
                    item = value.elts[i]
                elif value is not None and not starred:
                    item = ast.Subscript(value=value, slice=ast.Constant(i), ctx=ast.Load())
                bind(elt, item, line)
        elif isinstance(target, ast.Starred):
            bind(target.value, None, line)

    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        a = scope.args
        for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
            if arg is not None:
                out.setdefault(arg.arg, []).append((scope.lineno - 1, None))
        body: list[ast.AST] = list(scope.body) if isinstance(scope.body, list) else []
    else:
        body = list(getattr(scope, "body", []))
    stack = body[::-1]
    while stack:
        node = stack.pop()
        node_type = type(node)
        if node_type is ast.Assign:
            for target in node.targets:
                bind(target, node.value, _end(node))
        elif node_type is ast.AnnAssign:
            if node.value is not None:
                bind(node.target, node.value, _end(node))
        elif node_type is ast.AugAssign:
            bind(node.target, None, node.lineno)
        elif node_type is ast.For or node_type is ast.AsyncFor:
            bind(node.target, None, node.lineno)
        elif node_type is ast.With or node_type is ast.AsyncWith:
            for item in node.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, None, node.lineno)
        elif node_type in _SCOPE_BREAKS:
            if node_type is not ast.Lambda:
                out.setdefault(node.name, []).append((node.lineno, None))
            continue
        elif node_type is ast.Import or node_type is ast.ImportFrom:
            for local, _ in import_aliases(node):
                out.setdefault(local, []).append((node.lineno, None))
            continue
        # Only statements bind names (walrus targets are ignored): descend into the
        # bodies of compound statements, never into expressions.
        for body_field in _BODY_FIELDS:
            block = getattr(node, body_field, None)
            if block:
                stack.extend(reversed(block))
    return out


def _end(node: ast.AST) -> int:
    """A binding counts from the statement's last line (its value may span lines)."""
    return getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]


_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
