"""A faster ``ast.iter_child_nodes``: per-type field lists, skipping scalar fields.

``ast.iter_child_nodes`` goes through ``iter_fields`` and visits every ``ctx``
(``Load``/``Store``) and operator node; the linter never needs those, and the
walk dominates its run time after parsing.
"""

from __future__ import annotations

import ast

_SKIP = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "kind",
        "level",
        "module",
        "conversion",
        "is_async",
        "type_comment",
        "n",
        "s",
        "lineno",
        "col_offset",
        "end_lineno",
        "end_col_offset",
        "type_ignores",
        "tag",
        "kwd_attrs",
        "names",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}
AST = ast.AST


def child_fields(node_type: type) -> tuple[str, ...]:
    """The fields of ``node_type`` that can hold child nodes."""
    fields = _FIELDS.get(node_type)
    if fields is None:
        if node_type is ast.Constant:
            fields = ()
        elif node_type in (ast.alias, ast.Global, ast.Nonlocal):
            fields = ()
        else:
            fields = tuple(
                f
                for f in getattr(node_type, "_fields", ())
                if f not in _SKIP and not (f == "name" and node_type is not ast.ExceptHandler)
            )
        _FIELDS[node_type] = fields
    return fields


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in source order (no contexts or operators)."""
    out: list[ast.AST] = []
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        if value is None:
            continue
        if type(value) is list:
            for item in value:
                if isinstance(item, AST):
                    out.append(item)
        elif isinstance(value, AST):
            out.append(value)
    return out
