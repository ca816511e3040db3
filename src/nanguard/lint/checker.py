"""The single visitor pass, ``# noqa`` handling and the file-level entry points."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from nanguard.lint._diagnostic import Diagnostic
from nanguard.lint._walk import child_fields
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import DEFAULT_MIN_CONFIDENCE, Confidence
from nanguard.lint.files import iter_python_files
from nanguard.lint.registry import Rule, all_rules, select_rules

SYNTAX_ERROR = "NG001"
INTERNAL_ERROR = "NG002"
_NOQA = re.compile(
    r"#\s*noqa(?::[\s]*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class _Dispatch:
    """Which rule checks run for which node type (and, for calls, which op)."""

    def __init__(self, codes: Iterable[str]) -> None:
        rules = all_rules()
        self.by_type: dict[type[ast.AST], list[Rule]] = {}
        self.calls_any: list[Rule] = []
        self.calls_by_op: dict[str, list[Rule]] = {}
        for code in codes:
            rule = rules[code]()
            for node_type in rule.node_types:
                if node_type is ast.Call:
                    if rule.call_ops:
                        for op in rule.call_ops:
                            self.calls_by_op.setdefault(op, []).append(rule)
                    else:
                        self.calls_any.append(rule)
                else:
                    self.by_type.setdefault(node_type, []).append(rule)
        self.wants_calls = bool(self.calls_any or self.calls_by_op)


_DISPATCH_CACHE: dict[tuple[str, ...], _Dispatch] = {}


def _dispatch_for(codes: Sequence[str]) -> _Dispatch:
    key = tuple(codes)
    found = _DISPATCH_CACHE.get(key)
    if found is None:
        found = _DISPATCH_CACHE[key] = _Dispatch(codes)
    return found


def _visit(tree: ast.Module, ctx: FileContext, dispatch: _Dispatch) -> None:
    """Walk the tree once, depth-first in source order, waking interested rules.

    This loop is the linter's hot path (a million nodes for keras), so it avoids
    per-node allocations: child fields come pre-reversed from a per-type cache,
    and a call is resolved to an op only when its spelled name is one a rule wants.
    """
    by_type = dispatch.by_type
    calls_by_op = dispatch.calls_by_op
    calls_any = dispatch.calls_any
    wants_calls = dispatch.wants_calls
    aliases = ctx.aliases
    field_cache = _REVERSED_FIELDS
    ast_type = ast.AST
    call_type, attribute_type, name_type = ast.Call, ast.Attribute, ast.Name
    exit_marker = object()
    class_exit = object()
    class_type = ast.ClassDef
    classes = ctx.classes
    stack: list[object] = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        if node is None:
            continue  # `Dict.keys` holds None for `**mapping`
        if node is exit_marker:
            ctx.pop()
            continue
        if node is class_exit:
            classes.pop()
            continue
        node_type = type(node)
        if node_type is call_type:
            if wants_calls:
                for rule in calls_any:
                    rule.check(node, ctx)
                func = node.func  # type: ignore[attr-defined]
                func_type = type(func)
                if func_type is attribute_type:
                    key = func.attr
                elif func_type is name_type:
                    qualified = aliases.get(func.id)
                    key = qualified.rpartition(".")[2] if qualified else None
                else:
                    key = None
                if key in calls_by_op:
                    op = ctx.op(node)
                    if op is not None:
                        targets = calls_by_op.get(op.name)
                        # NumPy calls are array code (data pipelines, tests) unless they
                        # run on tensors, i.e. inside a loss or a compiled function.
                        if targets and (not op.numpy or ctx.in_graph):
                            for rule in targets:
                                rule.check(node, ctx)
        else:
            rules = by_type.get(node_type)
            if rules:
                for rule in rules:
                    rule.check(node, ctx)
            if node_type is ast.Import or node_type is ast.ImportFrom:
                ctx.add_import(node)  # type: ignore[arg-type]
            elif node_type in _FUNCTIONS:
                ctx.push(node)  # type: ignore[arg-type]
                push(exit_marker)
            elif node_type is class_type:
                classes.append(node)  # type: ignore[arg-type]
                push(class_exit)
        fields = field_cache.get(node_type)
        if fields is None:
            fields = field_cache[node_type] = child_fields(node_type)[::-1]
        # Push in reverse source order so the stack pops in source order.
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                extend(reversed(value))
            elif isinstance(value, ast_type):
                push(value)


_REVERSED_FIELDS: dict[type, tuple[str, ...]] = {}


def _noqa_allows(line_text: str, code: str) -> bool:
    """Whether ``line_text`` suppresses ``code`` with ``# noqa`` or ``# noqa: CODE``."""
    if "noqa" not in line_text.lower():
        return False
    for match in _NOQA.finditer(line_text):
        codes = match.group("codes")
        if codes is None:
            return True
        if code in {c.upper() for c in re.split(r"[,\s]+", codes) if c}:
            return True
    return False


def lint_source(
    source: str | bytes,
    filename: str = "<string>",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    min_confidence: str | Confidence = DEFAULT_MIN_CONFIDENCE,
) -> list[Diagnostic]:
    """Lint one module's source text without importing or running it.

    Args:
        source: the module's text (bytes are decoded honouring an encoding cookie).
        filename: the path printed in diagnostics.
        select: rule codes or prefixes to enable (default: all).
        ignore: rule codes or prefixes to disable.
        min_confidence: ``"low"``, ``"medium"`` (default) or ``"high"``: keep only
            findings whose evidence is at least this strong.

    Returns:
        The diagnostics, sorted by line and column. A file that does not parse
        gives one ``NG001`` diagnostic.

    Example:
        >>> src = "import tensorflow as tf\\nloss = tf.math.log(tf.nn.relu(p))\\n"
        >>> [d.code for d in lint_source(src, "loss.py")]
        ['NG101']
    """
    codes = select_rules(select, ignore)
    return _lint_source(source, filename, codes, Confidence.parse(min_confidence))


def _lint_source(
    source: str | bytes,
    filename: str,
    codes: Sequence[str],
    min_confidence: Confidence = DEFAULT_MIN_CONFIDENCE,
) -> list[Diagnostic]:
    try:
        tree = ast.parse(source, filename=filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        if SYNTAX_ERROR not in codes:
            return []
        line = getattr(exc, "lineno", None) or 1
        col = getattr(exc, "offset", None) or 1
        msg = getattr(exc, "msg", None) or str(exc)
        return [
            Diagnostic(
                filename, line, col, SYNTAX_ERROR, f"SyntaxError: {msg}", "Fix the syntax error"
            )
        ]
    text = source if isinstance(source, str) else source.decode("utf-8", errors="replace")
    ctx = FileContext(filename, text, tree)
    try:
        _visit(tree, ctx, _dispatch_for(codes))
    except RecursionError as exc:  # pathologically nested expressions
        return [Diagnostic(filename, 1, 1, INTERNAL_ERROR, f"internal error: {exc!r}", None)]
    lines = text.splitlines()
    seen: set[tuple[int, int, str]] = set()
    out: list[Diagnostic] = []
    for code, node, message, fix_title, confidence in ctx.reports:
        if confidence < min_confidence:
            continue
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0) + 1
        if (line, col, code) in seen:
            continue
        seen.add((line, col, code))
        if 0 < line <= len(lines) and _noqa_allows(lines[line - 1], code):
            continue
        level = Confidence(int(confidence)).label
        evidence = getattr(confidence, "kind", "")
        out.append(Diagnostic(filename, line, col, code, message, fix_title, level, evidence))
    out.sort(key=lambda d: (d.line, d.col, d.code))
    return out


def lint_paths(
    paths: Iterable[str | os.PathLike[str]],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    *,
    extend_select: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    min_confidence: str | Confidence = DEFAULT_MIN_CONFIDENCE,
) -> list[Diagnostic]:
    """Lint every Python file under ``paths`` (files or folders).

    Files that do not parse are reported as ``NG001`` and the others are still
    checked. An unexpected exception inside a rule is reported as ``NG002`` for
    that file rather than stopping the run.

    Raises:
        InvalidArgumentError: an unknown rule code, or a path that does not exist.

    Example:
        >>> diagnostics = lint_paths(["src/"], select=["NG1"])
    """
    codes = select_rules(select, ignore, extend_select)
    level = Confidence.parse(min_confidence)
    out: list[Diagnostic] = []
    for path in iter_python_files(paths, exclude=exclude):
        out.extend(lint_file(path, codes, level))
    return out


def lint_file(
    path: Path, codes: Sequence[str], min_confidence: Confidence = DEFAULT_MIN_CONFIDENCE
) -> list[Diagnostic]:
    """Lint one file with already-resolved rule ``codes``."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Diagnostic(name, 1, 1, INTERNAL_ERROR, f"cannot read file: {exc}", None)]
    try:
        return _lint_source(data, name, codes, min_confidence)
    except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
        return [Diagnostic(name, 1, 1, INTERNAL_ERROR, f"internal error: {exc!r}", None)]
