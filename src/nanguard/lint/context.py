"""Per-file state shared by the rules during the single visitor pass.

It answers the questions rules ask about a node's surroundings: what a call
resolves to (:meth:`FileContext.op`), what a local name was last bound to
(:meth:`FileContext.resolve`), which function encloses the node, and whether that
function runs as a compiled graph or computes a loss (decided by
:mod:`nanguard.lint.scopes`, whose :class:`Scope` and ``GRAPH_METHODS`` are
importable from here as before).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from nanguard.lint._walk import children
from nanguard.lint.bindings import collect_bindings, last_before
from nanguard.lint.facts import DECLARED_POSITIVE, collect_facts
from nanguard.lint.names import CallOp, call_op, import_aliases, is_framework, resolve_qualname
from nanguard.lint.scopes import (
    GRAPH_METHODS,
    FunctionNode,
    Scope,
    class_framework,
    make_scope,
    module_framework,
    names_a_loss,
    tensor_params,
)

__all__ = ["GRAPH_METHODS", "FileContext", "FunctionNode", "Scope"]

_LOSS_KWARG = re.compile(r"\bloss\s*=\s*([A-Za-z_]\w*)\b")
_WRAPPED = re.compile(
    r"\b(?:tf\.function|jax\.jit|jit|torch\.compile|pjit)\(\s*([A-Za-z_]\w*)\s*[,)]"
)


@dataclass
class FileContext:
    """State for one file; rules read it and call :meth:`report`."""

    path: str
    source: str
    tree: ast.Module
    aliases: dict[str, str] = field(default_factory=dict)
    scopes: list[Scope] = field(default_factory=list)
    reports: list[tuple[str, ast.AST, str, str | None, int]] = field(default_factory=list)
    _ops: dict[int, CallOp | None] = field(default_factory=dict)
    _bindings: dict[int, dict[str, list[tuple[int, ast.expr | None]]]] = field(default_factory=dict)
    loss_names: frozenset[str] = frozenset()
    wrapped_names: frozenset[str] = frozenset()
    methods: bool = False
    #: Inside a loss, a compiled function or a graph-traced method (kept current by push/pop).
    in_graph: bool = False
    has_inf: bool = False
    #: While set, :func:`~nanguard.lint.analysis.sign` takes attributes documented
    #: positive (``scale``, ``rate``, ...) as positive (see ``evidence``).
    assume_positive_attrs: bool = False
    #: Attributes a class declares positive (``arg_constraints``).
    declared_positive: frozenset[str] = frozenset()
    _facts: dict[int, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)
    #: The enclosing classes (kept current by the visitor).
    classes: list[ast.ClassDef] = field(default_factory=list)
    _parents: dict[int, ast.AST] | None = None
    _numpy_only: dict[int, bool] = field(default_factory=dict)
    _passed: dict[str, frozenset[str]] | None = None
    _passed_params: dict[int, frozenset[str]] = field(default_factory=dict)
    _frameworks: dict[int, str | None] = field(default_factory=dict)
    _eager: frozenset[int] | None = None
    #: Private functions every call of which is in never-differentiated code (lazy; see
    #: :func:`nanguard.lint.differentiation.not_differentiated`).
    undifferentiated_helpers: frozenset[str] | None = None
    #: Calls in the file by callee name (lazy; see :mod:`nanguard.lint.callers`).
    call_sites: dict[str, list[ast.Call]] | None = None

    def __post_init__(self) -> None:
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Import | ast.ImportFrom):
                self.add_import(stmt)
        source = self.source
        self.has_inf = "inf" in source or "INF" in source
        if "loss" in source:
            self.loss_names = frozenset(_LOSS_KWARG.findall(source))
        if "constraints.positive" in source:
            self.declared_positive = frozenset(DECLARED_POSITIVE.findall(source))
        if "jit" in source or "function(" in source or "compile(" in source:
            self.wrapped_names = frozenset(_WRAPPED.findall(source))

    # -- imports and calls --------------------------------------------------
    def add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        for local, qualified in import_aliases(node):
            self.aliases[local] = qualified
        self.methods = any(is_framework(q) for q in self.aliases.values())

    def op(self, node: ast.AST) -> CallOp | None:
        """The framework op ``node`` calls, or ``None`` (memoised per node)."""
        if not isinstance(node, ast.Call):
            return None
        key = id(node)
        try:
            return self._ops[key]
        except KeyError:
            result = self._ops[key] = call_op(node, self.aliases, self.methods)
            return result

    def qualname(self, node: ast.expr) -> str | None:
        return resolve_qualname(node, self.aliases)

    def report(
        self,
        code: str,
        node: ast.AST,
        message: str,
        fix_title: str | None = None,
        confidence: int = 2,
    ) -> None:
        self.reports.append((code, node, message, fix_title, confidence))

    # -- scopes -------------------------------------------------------------
    @property
    def function(self) -> FunctionNode | None:
        return self.scopes[-1].node if self.scopes else None

    def numpy_only_loss(self) -> bool:
        """The enclosing scopes are plain loss functions that call no tensor framework.

        Such a function is a NumPy reference implementation (common in test
        suites): its NumPy calls run on arrays, not on tensors.
        """
        if any(s.graph for s in self.scopes):
            return False
        for scope in self.scopes:
            if not scope.loss:
                continue
            key = id(scope.node)
            cached = self._numpy_only.get(key)
            if cached is None:
                cached = self._numpy_only[key] = not any(
                    (op := self.op(sub)) is not None and not op.numpy and not op.method
                    for sub in ast.walk(scope.node)
                    if isinstance(sub, ast.Call)
                )
            if not cached:
                return False
        return True

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The parent of ``node`` (a map built on first use: few files need it)."""
        if self._parents is None:
            parents: dict[int, ast.AST] = {}
            stack: list[ast.AST] = [self.tree]
            while stack:
                current = stack.pop()
                for child in children(current):
                    parents[id(child)] = current
                    stack.append(child)
            self._parents = parents
        return self._parents.get(id(node))

    @property
    def in_loss(self) -> bool:
        """The innermost function computes a loss."""
        return bool(self.scopes) and self.scopes[-1].loss

    def function_name(self) -> str:
        node = self.function
        return getattr(node, "name", "") if node is not None else ""

    def push(self, node: FunctionNode) -> None:
        scope = make_scope(self, node)
        self.scopes.append(scope)
        self.in_graph = self.in_graph or scope.graph or scope.loss

    def pop(self) -> None:
        self.scopes.pop()
        self.in_graph = any(s.graph or s.loss for s in self.scopes)

    def passed_evidence(self) -> dict[str, frozenset[str]]:
        """Parameters that receive evidence from a call in this file, by function name.

        Seeds are the inputs of loss-like functions, of a Keras layer's ``call`` (not
        of a method of a PyTorch class: see :func:`~nanguard.lint.scopes.class_framework`)
        and of functions the file wraps (``tf.function(f)``); a call ``f(a, b)`` whose
        argument is a seeded parameter of its caller seeds ``f``'s parameter in that
        position (``poisson_nll(y_true, y_pred)`` -> ``poisson_term(y, rate)`` ->
        ``log_rate(rate)``), until nothing changes.
        """
        if self._passed is None:
            self._passed = _propagate_evidence(
                self.tree, self.wrapped_names, self.loss_names, self._eager_methods
            )
        return self._passed

    def _eager_methods(self) -> frozenset[int]:
        """Ids of the methods of the file's PyTorch classes (lazy: few files ask)."""
        if self._eager is None:
            self._eager = frozenset(
                id(stmt)
                for cls in ast.walk(self.tree)
                if isinstance(cls, ast.ClassDef) and class_framework(cls, self) == "torch"
                for stmt in cls.body
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
            )
        return self._eager

    def framework(self) -> str | None:
        """The framework of the innermost class, else of the module (see :mod:`.scopes`)."""
        if not self.classes:
            return module_framework(self.aliases)
        cls = self.classes[-1]
        key = id(cls)
        if key not in self._frameworks:
            self._frameworks[key] = class_framework(cls, self)
        return self._frameworks[key]

    def is_tensor_param(self, name: str) -> bool:
        return any(name in s.tensor_params for s in self.scopes)

    def is_loss_input(self, name: str) -> bool:
        """An input of a loss, of a layer's ``call``, or a parameter a call passes one to."""
        for scope in self.scopes:
            if name in scope.loss_inputs or name in self._passed_to(scope):
                return True
        return False

    def _passed_to(self, scope: Scope) -> frozenset[str]:
        """Parameters of ``scope`` that a call in this file passes evidence to (lazy: only
        findings ask, so the file's call graph is built for few files)."""
        key = id(scope.node)
        found = self._passed_params.get(key)
        if found is None:
            node = scope.node
            passed = self.passed_evidence().get(getattr(node, "name", ""), frozenset())
            if passed:
                is_method = bool(node.args.args) and node.args.args[0].arg == "self"
                passed = passed & tensor_params(node, skip_first=is_method)
            found = self._passed_params[key] = passed
        return found

    # -- name bindings --------------------------------------------------------
    def _scope_bindings(self, node: ast.AST) -> dict[str, list[tuple[int, ast.expr | None]]]:
        key = id(node)
        found = self._bindings.get(key)
        if found is None:
            found = self._bindings[key] = collect_bindings(node)
        return found

    def binding(self, name: ast.Name) -> tuple[bool, ast.expr | None]:
        """The value ``name`` was last bound to before its line.

        Returns ``(found, value)``; ``value`` is ``None`` when the name is bound
        by something other than a plain assignment (a parameter, a loop, a tuple).
        """
        for scope in reversed(self.scopes):
            entries = self._scope_bindings(scope.node).get(name.id)
            if entries:
                return True, last_before(entries, name.lineno)
        entries = self._scope_bindings(self.tree).get(name.id)
        if entries:
            return True, last_before(entries, name.lineno)
        return False, None

    def name_fact(self, name: ast.Name) -> int | None:
        """A :class:`~nanguard.lint.analysis.Sign` proven for ``name`` by an earlier line.

        ``x.clamp_(min=eps)`` makes ``x`` positive; ``if (x <= 0).any(): raise``
        proves it positive, ``if (x < 0).any(): raise`` non-negative.
        """
        if not self.scopes:
            return None
        scope = self.scopes[-1].node
        facts = self._facts.get(id(scope))
        if facts is None:
            facts = self._facts[id(scope)] = collect_facts(scope)
        best = None
        for line, fact in facts.get(name.id, ()):
            if line < name.lineno:
                best = fact
        return best

    def resolve(self, node: ast.expr, depth: int = 4) -> ast.expr:
        """Follow plain local assignments: ``p = softmax(z); log(p)`` -> ``softmax(z)``."""
        while depth and isinstance(node, ast.Name):
            found, value = self.binding(node)
            if value is None:
                return node
            node = value
            depth -= 1
        return node


def _params(node: FunctionNode) -> list[str]:
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _propagate_evidence(
    tree: ast.Module,
    wrapped: frozenset[str],
    loss_names: frozenset[str],
    eager_methods: Callable[[], frozenset[int]] = frozenset,
) -> dict[str, frozenset[str]]:
    """See :meth:`FileContext.passed_evidence`; ``eager_methods()`` gives the ids of the
    methods of PyTorch classes, where a Keras method name seeds nothing."""
    defs: dict[str, list[FunctionNode]] = {}
    for sub in ast.walk(tree):
        if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
            defs.setdefault(sub.name, []).append(sub)
    seeded: dict[str, set[str]] = {}
    for name, nodes in defs.items():
        for node in nodes:
            params = _params(node)
            is_method = len(params) < len(node.args.posonlyargs) + len(node.args.args)
            loss_like = not name.startswith("test") and (names_a_loss(name) or name in loss_names)
            keras_method = is_method and name in GRAPH_METHODS and id(node) not in eager_methods()
            if params and (loss_like or name in wrapped or keras_method):
                seeded.setdefault(name, set()).update(params)
    if not seeded:
        return {}
    out: dict[str, set[str]] = {}
    for _ in range(4):
        changed = False
        for name in list(seeded) + list(out):
            known = seeded.get(name, set()) | out.get(name, set())
            for node in defs.get(name, ()):
                for call in ast.walk(node):
                    if not isinstance(call, ast.Call):
                        continue
                    func = call.func
                    callee = (
                        func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    )
                    if callee not in defs or callee == name:
                        continue
                    for target in defs[callee]:
                        params = _params(target)
                        hits = {
                            params[i]
                            for i, arg in enumerate(call.args[: len(params)])
                            if isinstance(arg, ast.Name) and arg.id in known
                        }
                        hits |= {
                            kw.arg
                            for kw in call.keywords
                            if kw.arg in params
                            and isinstance(kw.value, ast.Name)
                            and kw.value.id in known
                        }
                        new = hits - out.get(callee, set()) - seeded.get(callee, set())
                        if new:
                            out.setdefault(callee, set()).update(new)
                            changed = True
        if not changed:
            break
    return {name: frozenset(v) for name, v in out.items()}
