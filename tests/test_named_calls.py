"""Every nanguard call a user is told to make exists and binds to the real signature.

Fix texts (``core.causes``, lint fix titles, any string constant of the modules
that hold advice) and the docs (``README.md``, ``docs/*.md``) name calls such as
``nanguard.keras.Guard(clipnorm=1.0)``. A fix text once told users to pass
``Guard(rollback=True)``, which does not exist. Here each named call is parsed
(``ast``), resolved by import, and its arguments are bound with
``inspect.signature(...).bind``: a renamed argument or a removed function fails.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from nanguard.core import causes

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "nanguard"
#: Modules whose string constants are advice shown to users.
ADVICE_MODULES = ["core/causes.py", "core/layer_fixes.py", "core/render.py", *sorted(
    str(p.relative_to(SRC)) for p in (SRC / "lint" / "rules").glob("*.py"))]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Bare names in prose resolve here (``safe_log`` means ``nanguard.ops.safe_log``).
BARE_HOMES = ("nanguard.ops", "nanguard.losses")
_SPAN = re.compile(r"`([^`\n]+)`")
_FENCE = re.compile(r"```(?:python|py)\n(.*?)```", re.S)


def _advice_texts() -> list[tuple[str, str]]:
    texts = []
    for fw in (*causes.FRAMEWORKS, None):
        for cause in causes.CAUSES:
            for kind in (None, *causes.SAFE_OP_FOR_KIND):
                texts.append((f"fix_for({cause!r}, {kind!r}, framework={fw!r})",
                              causes.fix_for(cause, kind, framework=fw)))
    for rel in ADVICE_MODULES:
        path = SRC / rel
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append((f"{rel}:{node.lineno}", node.value))
    return texts


def _snippets() -> list[tuple[str, str]]:
    """(where, python source) for every backtick span and fenced python block."""
    out = []
    for where, text in _advice_texts():
        out += [(where, span) for span in _SPAN.findall(text)]
    for doc in DOCS:
        text = doc.read_text()
        for block in _FENCE.findall(text):
            out.append((doc.name, block))
        prose = _FENCE.sub("", text)
        out += [(doc.name, span) for span in _SPAN.findall(prose)]
    return out


def _parse(source: str) -> list[ast.AST]:
    try:
        return [ast.parse(source)]
    except SyntaxError:
        trees = []
        for line in source.splitlines():  # a doc block with prose or `...` in it
            try:
                trees.append(ast.parse(line.strip()))
            except SyntaxError:
                pass
        return trees


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _resolve(name: str):
    """The object a dotted ``nanguard...`` name denotes; ``KeyError`` when it does not exist."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError as exc:
            if exc.name and not exc.name.startswith("nanguard"):
                pytest.skip(f"{name} needs {exc.name}")
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                raise KeyError(name)
            obj = getattr(obj, attr)
        return obj
    raise KeyError(name)


def _named_calls() -> list[tuple[str, str, str, ast.AST | None]]:
    """(where, snippet, dotted nanguard name, Call node or None for a bare reference)."""
    found = []
    for where, source in _snippets():
        for tree in _parse(source):
            aliases = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nanguard"):
                    for a in node.names:
                        aliases[a.asname or a.name] = f"{node.module}.{a.name}"
                elif isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name.startswith("nanguard") and a.asname:
                            aliases[a.asname] = a.name
            called = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = _canonical(_dotted(node.func), aliases)
                    if name:
                        found.append((where, source, name, node))
                        called.add(id(node.func))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and id(node) not in called:
                    name = _dotted(node)
                    if name and name.startswith("nanguard.") and name.count(".") >= 2:
                        found.append((where, source, name, None))
    return found


def _canonical(name: str | None, aliases: dict[str, str]) -> str | None:
    if not name:
        return None
    head, _, rest = name.partition(".")
    if head in aliases:
        name = aliases[head] + (f".{rest}" if rest else "")
    if name.startswith("nanguard."):
        return name
    if "." not in name:
        for home in BARE_HOMES:
            module = importlib.import_module(home)
            if name in getattr(module, "__all__", ()):
                return f"{home}.{name}"
    return None


def _unique(calls):
    seen, out = set(), []
    for where, source, name, call in calls:
        key = (name, None if call is None else ast.unparse(call))
        if key not in seen:
            seen.add(key)
            out.append((where, source, name, call))
    return out


CALLS = _unique(_named_calls())


def test_the_scan_finds_the_calls_fix_texts_make():
    names = {name for _, _, name, _ in CALLS}
    assert {"nanguard.keras.Guard", "nanguard.keras.Recovery", "nanguard.ops.safe_log",
            "nanguard.ops.safe_reciprocal"} <= names
    assert len(CALLS) > 30


@pytest.mark.parametrize(
    "where, source, name, call", CALLS,
    ids=[f"{w}:{n}" for w, _, n, _ in CALLS],
)
def test_a_named_nanguard_call_exists_and_binds(where, source, name, call):
    try:
        target = _resolve(name)
    except KeyError:
        pytest.fail(f"{where} names `{name}`, which does not exist (in: {source[:120]!r})")
    if call is None or any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return  # a builtin without a signature: existence is all we can check
    try:
        # bind_partial: prose may leave out the tensors (`binary_crossentropy(from_logits=True)`);
        # an unknown keyword or too many positionals still fails.
        signature.bind_partial(*[None] * len(call.args), **{k.arg: None for k in call.keywords})
    except TypeError as exc:
        pytest.fail(f"{where}: `{ast.unparse(call)}` does not fit {name}{signature}: {exc}")
