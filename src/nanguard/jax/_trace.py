"""Replay ``value_and_grad`` of a JAX function equation by equation into a neutral trace.

``jax.make_jaxpr(jax.value_and_grad(fn))`` holds the forward pass, the
linearization coefficients and the transposed (backward) pass as one flat
program. This interpreter evaluates it eagerly, one equation at a time
(``primitive.bind``), and writes every equation as a node of the neutral trace
(schema ``nanguard.trace/2``, see ``nanguard.core.localize``) with summary
statistics of every floating value:

* call-like equations (``jit``, ``checkpoint``, ``custom_jvp_call``...) are
  entered, their inner variables named after the outer ones, so the graph does
  not break at every ``jit``-wrapped ``jnp.where``;
* ``cond`` enters the taken branch; ``scan`` and ``while`` run as Python loops
  and keep the nodes of the first iteration that produced a NaN/Inf, tagged
  with its ``iteration``;
* phase: an equation under ``transpose(...)`` in its name stack is backward
  work, and so is a forward (``jvp``) equation whose output never reaches the
  loss -- a derivative coefficient such as ``0.5 / sqrt(x)``;
* a backward node names its ``forward_op``: the forward equation of the same
  user line that feeds it or shares its operands;
* a ``custom_vjp`` backward is user code: during the replay each
  ``custom_vjp``'s ``bwd`` runs under a named scope, so its nodes carry the bwd
  function's own file and line and no ``forward_op``.

It runs only on the failure path (op-by-op dispatch, like ``jax_debug_nans``'
de-optimized re-run): seconds, never a healthy step.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import linecache
import os
import re
from collections.abc import Callable
from typing import Any

import jax
import numpy as np
from jax._src import core as jcore
from jax._src import custom_derivatives
from jax._src import source_info_util as siu

from nanguard.core.incident import tensor_stats
from nanguard.core.user_frames import no_frame
from nanguard.jax._kinds import CALL_PRIMITIVES, kind_of
from nanguard.jax._nnx_scopes import SCOPE_PREFIX, ModuleScopes

__all__ = ["trace_value_and_grad"]

_BWD_SCOPE = "nanguard_bwd_"
_MAX_WHILE_ITERATIONS = 100_000
_bwd_functions: dict[str, tuple[str, int, int, str]] = {}  # scope: file, first/last line, name


def _register_exclusions() -> None:
    """Library files are never "the user's line": nanguard's own, optax's, equinox's."""
    import importlib.util

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = [os.path.join(root, "jax"), os.path.join(root, "numerics"),
             os.path.join(root, "ops.py"), os.path.join(root, "losses.py")]
    for name in ("optax", "equinox", "haiku", "chex", "flax"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            paths.append(os.path.dirname(spec.origin))
    for p in paths:
        if p not in siu._exclude_paths:
            siu.register_exclusion(p)
    # nanguard's own example program plays the user's part: its lines are the ones to show.
    demo = os.path.join(root, "jax", "demo.py")
    if demo not in siu._include_paths:
        siu.register_inclusion(demo)


_register_exclusions()


def _is_float(x: Any) -> bool:
    dtype = getattr(x, "dtype", None)
    return dtype is not None and (np.issubdtype(dtype, np.inexact) or dtype.name == "bfloat16")


# Library functions that lower to several primitives, none of which the user wrote: an op
# inside one is shown as the function the user's line called (core.localize ``api``).
# Keyed by (library root, file under it, function name) of the frame the user's line called.
_JAX_SRC = os.path.join("jax", "_src", "")
_OPTAX = os.path.join("optax", "")
_APIS = {
    (_JAX_SRC, os.path.join("nn", "functions.py"), "softmax"): ("jax.nn.softmax", "softmax"),
    (_JAX_SRC, os.path.join("nn", "functions.py"), "log_softmax"):
        ("jax.nn.log_softmax", "log_softmax"),
    (_JAX_SRC, os.path.join("ops", "special.py"), "logsumexp"): ("jax.nn.logsumexp", "logsumexp"),
    **{(_OPTAX, os.path.join("losses", "_classification.py"), name): (f"optax.{name}", kind)
       for name, kind in (("softmax_cross_entropy", "log_softmax"),
                          ("softmax_cross_entropy_with_integer_labels", "log_softmax"))},
}
# One function, two public names: the one the user's line (or its imports) spelled.
_ALIASES = {"jax.nn.logsumexp": ("jax.scipy.special.logsumexp", ("special", "scipy"))}


def _api_of(path: str, function: str) -> dict:
    for root in (_JAX_SRC, _OPTAX):
        at = path.rfind(root)
        hit = _APIS.get((root, path[at + len(root):], function)) if at >= 0 else None
        if hit:
            return {"api": hit[0], "api_kind": hit[1]}
    return {}


def _as_written(frame: dict) -> dict:
    """``frame`` with its ``api`` spelled as the user's code spells it: ``logsumexp`` is
    both ``jax.nn.logsumexp`` and ``jax.scipy.special.logsumexp``."""
    api, code, file = frame.get("api"), frame.get("code") or "", frame.get("file")
    alias = _ALIASES.get(api)
    if alias is None:
        return frame
    name = api.rpartition(".")[2]
    called = re.search(rf"([\w.]*?)\b{name}\s*\(", code)
    prefix = called.group(1) if called else ""
    if not prefix and file:  # a bare name: what did the file import it from?
        source = "".join(linecache.getlines(file))
        imported = re.search(rf"^\s*from\s+([\w.]+)\s+import[^\n]*\b{name}\b", source,
                             re.MULTILINE)
        prefix = imported.group(1) if imported else ""
    if any(word in prefix for word in alias[1]):
        return {**frame, "api": alias[0]}
    return frame


def _api(traceback) -> dict:
    """``{"api", "api_kind"}`` when the user's line called one of ``_APIS``, else ``{}``."""
    codes, _ = traceback.raw_frames()
    for i, code in enumerate(codes):
        if siu.is_user_filename(code.co_filename):
            return _api_of(codes[i - 1].co_filename, codes[i - 1].co_name) if i else {}
    return {}


def _jitted_api(jaxpr) -> dict:
    """``_api`` for a jitted library function (``jax.nn.log_softmax`` is ``@jax.jit``): the
    user's frame calls jit's machinery, so the function is read from the jaxpr's debug info
    (``"log_softmax at .../jax/_src/nn/functions.py:612"``)."""
    info = getattr(getattr(jaxpr, "debug_info", None), "func_src_info", None) or ""
    name, _, where = info.partition(" at ")
    return _api_of(where.rpartition(":")[0], name) if where else {}


def _frame(source_info) -> dict:
    frame = siu.user_frame(source_info.traceback) if source_info is not None else None
    if frame is None:
        return no_frame()
    code = linecache.getline(frame.file_name, frame.start_line).strip() or None
    return _as_written({"file": frame.file_name, "line": int(frame.start_line),
                        "function": frame.function_name, "code": code,
                        **_api(source_info.traceback)})


def _strip_transforms(token: str) -> str:
    while "(" in token and token.endswith(")"):
        token = token[token.index("(") + 1:-1]
    return token


def _scopes(name_stack: str) -> list[str]:
    return [s for s in (_strip_transforms(t) for t in name_stack.split("/")) if s]


@contextlib.contextmanager
def _live_traceback():
    """Trace under the live Python stack: JAX traces a ``custom_vjp`` rule under the
    traceback of the call that defined it, so every op of the user's bwd would name that
    call's line. With the live stack they name the bwd's own lines (``_finish_nodes``
    keeps them within the rule's span). Private JAX state: without it, the old lines."""
    ctx = getattr(siu, "_source_info_context", None)
    prev = getattr(ctx, "context", None)
    if not isinstance(prev, siu.SourceInfo):
        yield
        return
    ctx.context = siu.SourceInfo(None, prev.name_stack)
    try:
        yield
    finally:
        ctx.context = prev


@contextlib.contextmanager
def _named_custom_vjp_bwds():
    """Run every ``custom_vjp``'s ``bwd`` under a scope naming it (restored afterwards)."""
    original = custom_derivatives.custom_vjp.__call__

    def call(self, *args, **kwargs):
        bwd = self.bwd
        code = getattr(bwd, "__code__", None)
        scope = f"{_BWD_SCOPE}{getattr(bwd, '__name__', 'bwd')}_{id(bwd)}"
        if code is not None:
            last = max((ln for *_, ln in code.co_lines() if ln), default=code.co_firstlineno)
            _bwd_functions[scope] = (code.co_filename, code.co_firstlineno, last, bwd.__name__)

        @functools.wraps(bwd)
        def scoped(*a):
            with _live_traceback(), jax.named_scope(scope):
                return bwd(*a)

        self.bwd = scoped
        try:
            return original(self, *args, **kwargs)
        finally:
            self.bwd = bwd

    custom_derivatives.custom_vjp.__call__ = call
    try:
        yield
    finally:
        custom_derivatives.custom_vjp.__call__ = original


class _Recorder:
    """Nodes and statistics of one replay (or of one loop iteration, kept or dropped)."""

    def __init__(self, names: Callable[[], str]):
        self.new_name = names
        self.nodes: list[dict] = []
        self.stats: dict[str, dict] = {}
        self.bad = False
        self.bad_values: dict[str, Any] = {}  # non-finite values only: rows at fault

    def note(self, name: str, value: Any) -> None:
        if _is_float(value) and name not in self.stats:
            s = tensor_stats(np.asarray(value))
            self.stats[name] = s
            if s["n_nan"] + s["n_posinf"] + s["n_neginf"]:
                self.bad = True
                self.bad_values[name] = value

    def absorb(self, other: _Recorder, iteration: int) -> None:
        for node in other.nodes:
            node["iteration"] = [iteration, *(node.get("iteration") or [])]
            self.nodes.append(node)
        self.stats.update(other.stats)
        self.bad_values.update(other.bad_values)
        self.bad = self.bad or other.bad


class _Interpreter:
    def __init__(self):
        self._counter = itertools.count()

    def name(self) -> str:
        return f"t{next(self._counter)}"

    # -- environment --------------------------------------------------------
    def _read(self, env, v, rec: _Recorder | None = None):
        if isinstance(v, jcore.Literal):
            # A non-finite constant (a -inf mask fill) is an input with stats, so the
            # op reading it is not taken for the origin of that -inf.
            if rec is not None and _is_float(v.val) and not np.isfinite(np.asarray(v.val)).all():
                name = self.name()
                rec.note(name, v.val)
                return v.val, name
            return v.val, None
        return env[v]

    def run(self, jaxpr, consts, args, rec: _Recorder, ctx: dict) -> list:
        """Evaluate ``jaxpr`` on ``args`` (pairs ``(value, name)``); return output pairs."""
        env: dict = {}
        for v, c in zip(jaxpr.constvars, consts):
            name = self.name()  # closed-over constants: a -inf table is an input too
            rec.note(name, c)
            env[v] = (c, name)
        for v, a in zip(jaxpr.invars, args):
            env[v] = a
        for eqn in jaxpr.eqns:
            ins = [self._read(env, v, rec) for v in eqn.invars]
            outs = self._eqn(eqn, ins, rec, ctx)
            for v, o in zip(eqn.outvars, outs):
                if not isinstance(v, jcore.DropVar):
                    env[v] = o
        return [self._read(env, v) for v in jaxpr.outvars]

    # -- one equation ---------------------------------------------------------
    def _eqn_ctx(self, eqn, ctx: dict) -> dict:
        own = str(eqn.source_info.name_stack)
        stack = "/".join(s for s in (ctx.get("name_stack", ""), own) if s)
        frame = _frame(eqn.source_info)
        if frame["file"] is None:
            frame = ctx.get("frame") or frame
        return {"name_stack": stack, "frame": frame}

    def _eqn(self, eqn, ins, rec: _Recorder, ctx: dict) -> list:
        prim = eqn.primitive.name
        here = self._eqn_ctx(eqn, ctx)
        if prim in ("cond",):
            return self._cond(eqn, ins, rec, here)
        if prim == "scan":
            return self._scan(eqn, ins, rec, here)
        if prim == "while":
            return self._while(eqn, ins, rec, here)
        key = CALL_PRIMITIVES.get(prim)
        sub = eqn.params.get(key) if key else None
        if sub is not None:
            closed = sub if hasattr(sub, "consts") else None
            inner = closed.jaxpr if closed is not None else sub
            consts = closed.consts if closed is not None else []
            if len(inner.invars) == len(ins):
                api = {} if "api" in here["frame"] else _jitted_api(inner)
                if api:  # its equations have no user frame: they take the call's
                    here = {**here, "frame": _as_written({**here["frame"], **api})}
                return self.run(inner, consts, ins, rec, here)
        return self._leaf(eqn, ins, rec, here)

    def _leaf(self, eqn, ins, rec: _Recorder, here: dict) -> list:
        values = [v for v, _ in ins]
        with eqn.ctx.manager:
            out = eqn.primitive.bind(*values, **eqn.params)
        outs = list(out) if eqn.primitive.multiple_results else [out]
        pairs = [(o, self.name()) for o in outs]
        for v, name in ins:
            if name is not None:
                rec.note(name, v)
        for o, name in pairs:
            rec.note(name, o)
        in_names = [n for _, n in ins]
        prim = eqn.primitive.name
        if prim == "select_n" and len(in_names) == 3:
            # select_n(pred, on_false, on_true): the schema wants [cond, true, false].
            in_names = [in_names[0], in_names[2], in_names[1]]
        node = {
            "name": f"{prim}_{pairs[0][1] if pairs else self.name()}",
            "type": prim,
            "kind": kind_of(prim),
            "phase": None,
            "inputs": [n for n in in_names if n is not None],
            "outputs": [n for _, n in pairs],
            "forward_op": None,
            "layer": None,
            "iteration": None,
            "_name_stack": here["name_stack"],
            **here["frame"],
        }
        rec.nodes.append(node)
        return pairs

    # -- control flow ------------------------------------------------------------
    def _cond(self, eqn, ins, rec, here) -> list:
        branches = eqn.params["branches"]
        index = int(np.clip(int(np.asarray(ins[0][0])), 0, len(branches) - 1))
        branch = branches[index]
        return self.run(branch.jaxpr, branch.consts, ins[1:], rec, here)

    def _link(self, rec: _Recorder, sources: list, outer: list, here: dict, kind: str) -> list:
        """A synthetic node tying a loop's kept iteration (or its inputs) to its outputs."""
        pairs = [(v, self.name()) for v, _ in outer]
        for v, name in pairs:
            rec.note(name, v)
        rec.nodes.append({
            "name": f"loop_{pairs[0][1] if pairs else self.name()}", "type": "loop",
            "kind": kind, "phase": None,
            "inputs": [n for _, n in sources if n is not None],
            "outputs": [n for _, n in pairs], "forward_op": None, "layer": None,
            "iteration": None, "_name_stack": here["name_stack"], **here["frame"],
        })
        return pairs

    def _iterate(self, body, consts, carry, xs_i, rec, here, i, kept):
        sub = _Recorder(self.name)
        outs = self.run(body.jaxpr, body.consts, consts + carry + xs_i, sub, here)
        if sub.bad and kept is None:
            rec.absorb(sub, i)
            kept = outs
        return outs, kept

    def _scan(self, eqn, ins, rec, here) -> list:
        p = eqn.params
        body, n_consts, n_carry, length = p["jaxpr"], p["num_consts"], p["num_carry"], p["length"]
        consts = ins[:n_consts]
        carry, xs = ins[n_consts:n_consts + n_carry], ins[n_consts + n_carry:]
        ys_steps, kept = [], None
        order = range(length - 1, -1, -1) if p["reverse"] else range(length)
        for i in order:
            xs_i = [(x[i], None) for x, _ in xs]
            outs, kept = self._iterate(body, consts, carry, xs_i, rec, here, i, kept)
            carry = [(v, None) for v, _ in outs[:n_carry]]
            ys_steps.append([v for v, _ in outs[n_carry:]])
        if p["reverse"]:
            ys_steps.reverse()
        n_ys = len(eqn.outvars) - n_carry
        ys = [jax.numpy.stack([s[j] for s in ys_steps]) if ys_steps else None for j in range(n_ys)]
        outer = [(v, None) for v, _ in carry] + [(y, None) for y in ys]
        return self._link(rec, kept or ins, outer, here, "identity" if kept else "call")

    def _while(self, eqn, ins, rec, here) -> list:
        p = eqn.params
        cond, body = p["cond_jaxpr"], p["body_jaxpr"]
        n_c, n_b = p["cond_nconsts"], p["body_nconsts"]
        cond_consts, body_consts, carry = ins[:n_c], ins[n_c:n_c + n_b], ins[n_c + n_b:]
        kept = None
        for i in range(_MAX_WHILE_ITERATIONS):
            scratch = _Recorder(self.name)
            (go, _), = self.run(cond.jaxpr, cond.consts, cond_consts + carry, scratch, here)
            if not bool(np.asarray(go)):
                break
            outs, kept = self._iterate(body, body_consts, carry, [], rec, here, i, kept)
            carry = [(v, None) for v, _ in outs]
        return self._link(rec, kept or ins, carry, here, "identity" if kept else "call")


def _finish_nodes(nodes: list[dict], producer: dict, loss: str | None,
                  modules: ModuleScopes | None = None) -> None:
    """Phase, layer and forward op of every node, from the name stacks and the graph.

    The layer is the Linen path of the name stack, or, for Flax NNX, the path of
    the innermost module the equation ran in (``modules``).
    """
    reaches_loss: set[str] = set()
    stack = [loss] if loss else []
    while stack:
        t = stack.pop()
        if t in reaches_loss:
            continue
        reaches_loss.add(t)
        node = producer.get(t)
        if node is not None:
            stack.extend(node["inputs"])
    by_line: dict[tuple, list[dict]] = {}
    for node in nodes:
        ns = node.pop("_name_stack")
        scopes = _scopes(ns)
        bwd_scope = next((s for s in scopes if s.startswith(_BWD_SCOPE)), None)
        scopes = [s for s in scopes if not s.startswith(_BWD_SCOPE)]
        module = modules.layer_of(scopes) if modules is not None else None
        scopes = [s for s in scopes if not s.startswith(SCOPE_PREFIX)]
        node["layer"] = module[0] if module else "/".join(scopes) or None
        transposed = "transpose(" in ns
        forward = not transposed and any(o in reaches_loss for o in node["outputs"])
        node["phase"] = "forward" if forward else "backward"
        if bwd_scope is not None:
            node["phase"] = "backward"
            file, line, last, function = _bwd_functions.get(bwd_scope, (None,) * 4)
            if file is not None and node["file"] == file and line <= (node["line"] or 0) <= last:
                line = node["line"]  # the bwd's own line that made it
            if file is not None:
                code = linecache.getline(file, line).strip() or None
                node.update(file=file, line=line, function=function, code=code)
            node["_user_backward"] = True
        elif node["phase"] == "forward" and node["line"] is not None:
            by_line.setdefault((node["file"], node["line"]), []).append(node)
    for node in nodes:
        if node["phase"] != "backward" or node.pop("_user_backward", False):
            continue
        node["forward_op"] = _forward_twin(node, by_line.get((node["file"], node["line"]), []),
                                           producer)


def _forward_twin(node: dict, candidates: list[dict], producer: dict) -> str | None:
    """The forward node a backward node differentiates: same user line, sharing operands."""
    if not candidates:
        return None
    from nanguard.core.op_kinds import SINGULAR_GRAD_KINDS

    inputs = set(node["inputs"])
    feeding = [c for c in candidates
               if inputs & set(c["outputs"]) or inputs & set(c["inputs"])]
    for pool in (feeding, candidates):
        singular = [c for c in pool if c["kind"] in SINGULAR_GRAD_KINDS]
        if singular:
            return singular[-1]["name"]
    return (feeding or candidates)[-1]["name"]


def trace_value_and_grad(
    fn: Callable, args: tuple, kwargs: dict | None = None
) -> tuple[dict, dict]:
    """Trace ``value_and_grad(fn)(*args)`` (gradients w.r.t. ``args[0]``) equation by equation.

    Returns:
        ``(trace, values)``: the neutral trace and ``{"loss": ndarray, "grads": [ndarray],
        "tensors": {name: value}, "layers": {path: (class, builtin)}}`` (tensors: the
        non-finite intermediate values only; layers: the Flax NNX modules seen).
    """
    kwargs = kwargs or {}
    modules = ModuleScopes()

    def scoped(p, *a):
        modules.register(p)  # an nnx.Module argument (rebuilt from tracers by grad)
        return fn(p, *a, **kwargs)

    vg = jax.value_and_grad(scoped)
    with _named_custom_vjp_bwds(), modules:
        closed = jax.make_jaxpr(vg)(*args)
    interp = _Interpreter()
    rec = _Recorder(interp.name)
    flat_args = jax.tree_util.tree_leaves_with_path(args)
    inputs = []
    for path, leaf in flat_args:
        name = "input" + jax.tree_util.keystr(path)
        rec.note(name, leaf)
        inputs.append((leaf, name))
    outs = interp.run(closed.jaxpr, closed.consts, inputs, rec, {"name_stack": "", "frame": None})
    producer = {o: n for n in rec.nodes for o in n["outputs"]}
    loss_name = outs[0][1]
    grad_names = [n for _, n in outs[1:] if n is not None]
    for v, n in outs:
        if n is not None:
            rec.note(n, v)
    _finish_nodes(rec.nodes, producer, loss_name, modules)
    trace = {
        "schema": "nanguard.trace/2",
        "framework": "jax",
        "nodes": rec.nodes,
        "stats": rec.stats,
        "loss": loss_name,
        "grads": grad_names,
    }
    values = {"loss": np.asarray(outs[0][0]), "grads": [np.asarray(v) for v, _ in outs[1:]],
              "tensors": rec.bad_values,
              "layers": {path: (cls, builtin) for path, cls, builtin in modules.info.values()}}
    return trace, values
