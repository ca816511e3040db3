"""Flax NNX module paths for the jaxpr replay: which module did an equation run in?

Linen writes module paths into the name stack; NNX writes none, so a finding in
an NNX model would name the op and line but not ``encoder.layers_0.attn``. While
the replay traces the loss, every NNX module reachable from the differentiated
argument (an ``nnx.Module`` is a pytree in Flax 0.12) or from a model rebuilt
with ``nnx.merge`` inside the loss has its class's ``__call__`` run under a
``jax.named_scope`` naming that module; the interpreter turns the innermost such
scope into the node's ``layer`` and keeps the module's class (``LayerNorm``) and
whether it is Flax's own, for ``core.layer_fixes``.

Everything is restored when the trace ends; modules are matched by ``id`` only
while the trace keeps them alive.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from typing import Any

import jax

__all__ = ["SCOPE_PREFIX", "ModuleScopes", "path_text"]

SCOPE_PREFIX = "nanguard_nnx_"
_MISSING = object()


def path_text(path: tuple) -> str:
    """``('encoder', 'layers', 0, 'attn')`` -> ``'encoder.layers_0.attn'``."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int) and parts:
            parts[-1] = f"{parts[-1]}_{key}"
        else:
            parts.append(str(key))
    return ".".join(parts)


def _nnx():
    if "flax" not in sys.modules:  # never import Flax for a program that does not use it
        return None
    try:
        from flax import nnx
    except ImportError:  # pragma: no cover - flax without nnx
        return None
    return nnx


class ModuleScopes:
    """Context manager: NNX module calls run under scopes; ``info`` maps them back."""

    def __init__(self) -> None:
        self.info: dict[str, tuple[str, str, bool]] = {}  # scope -> (path, class, builtin)
        self._scope_of: dict[int, str] = {}
        self._alive: list[Any] = []  # ids stay unique while the modules are referenced
        self._originals: dict[type, Any] = {}
        self._merges: list[tuple[Any, str, Any]] = []
        self._nnx = _nnx()

    # -- registration -----------------------------------------------------------
    def register(self, root: Any) -> None:
        """Name every module reachable from ``root`` (a module, or a pytree holding some)."""
        nnx = self._nnx
        if nnx is None:
            return
        roots = jax.tree_util.tree_leaves(root, is_leaf=lambda x: isinstance(x, nnx.Module))
        for top in roots:
            if not isinstance(top, nnx.Module):
                continue
            for path, node in nnx.iter_graph(top):
                if not isinstance(node, nnx.Module) or not path or id(node) in self._scope_of:
                    continue
                scope = f"{SCOPE_PREFIX}{len(self.info)}"
                cls = type(node)
                builtin = (cls.__module__ or "").startswith("flax.")
                self.info[scope] = (path_text(tuple(path)), cls.__name__, builtin)
                self._scope_of[id(node)] = scope
                self._alive.append(node)
                self._patch(cls)

    def _patch(self, cls: type) -> None:
        if cls in self._originals or not any(
                "__call__" in k.__dict__ for k in cls.__mro__ if k is not object):
            return
        self._originals[cls] = cls.__dict__.get("__call__", _MISSING)
        original = cls.__call__
        scope_of = self._scope_of

        @functools.wraps(original)
        def call(module, *args, **kwargs):
            scope = scope_of.get(id(module)) if type(module) is cls else None
            if scope is None:
                return original(module, *args, **kwargs)
            with jax.named_scope(scope):
                return original(module, *args, **kwargs)

        cls.__call__ = call

    # -- context ----------------------------------------------------------------------
    def __enter__(self) -> ModuleScopes:
        nnx = self._nnx
        if nnx is None:
            return self
        from flax.nnx import graph

        original = graph.merge

        @functools.wraps(original)
        def merge(*args, **kwargs):
            out = original(*args, **kwargs)
            self.register(out)
            return out

        for owner in (graph, nnx):
            if getattr(owner, "merge", None) is original:
                self._merges.append((owner, "merge", original))
                owner.merge = merge
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, original in self._merges:
            setattr(owner, name, original)
        self._merges.clear()
        for cls, original in self._originals.items():
            if original is _MISSING:
                with contextlib.suppress(AttributeError):
                    delattr(cls, "__call__")
            else:
                cls.__call__ = original
        self._originals.clear()

    def layer_of(self, scopes: list[str]) -> tuple[str, str, bool] | None:
        """The innermost NNX module among a node's name-stack scopes, if any."""
        for scope in reversed(scopes):
            if scope in self.info:
                return self.info[scope]
        return None
