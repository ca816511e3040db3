"""Where inside the optimizer a non-finite update was born (finite loss and gradients).

``nanguard.jax.guard`` skips a step whose loss and gradients are finite but
whose inner optax update is not (trigger ``"hyperparameter"``): the NaN/Inf was
made by the optimizer's own arithmetic, e.g. ``optax.rmsprop(eps=0)`` on a
parameter whose gradient has always been 0 (``0 * rsqrt(0)``), or it came from
a non-finite scalar of its state (an injected learning rate). The Monitor's
``loss_fn`` replay finds nothing there, so this module replays the **update**:

* :func:`nonfinite_scalars` names the scalar float leaves of the inner state
  that are non-finite (a learning rate, a schedule's value): only they justify
  the words "hyperparameter non-finite";
* :func:`locate_update` evaluates the inner transformation's jaxpr equation by
  equation (the JAX trace evaluator, ``jax._trace._Interpreter``) on the
  captured gradients, inner state and parameters, and hands the neutral trace
  (phase ``"optimizer"``, targets: the non-finite update leaves) to the
  framework-free locator. The finding names the primitive, the optax function
  and ``file:line`` that ran it, the parameter whose update it spoiled and the
  user's line that built the optimizer.

It runs on the failure path only (op-by-op dispatch).
"""

from __future__ import annotations

import linecache
import os
from typing import Any

import jax
import numpy as np

from nanguard.core.incident import Finding, Origin, tensor_stats
from nanguard.core.localize import find_origin, finding_from_trace
from nanguard.core.origin_context import add_note
from nanguard.jax._trace import _Interpreter, _Recorder

__all__ = ["inner_of", "locate_update", "nonfinite_scalars", "scalar_reason"]

_JAX_DIR = os.path.join("jax", "_src", "")
_OWN_DIR = os.path.dirname(os.path.abspath(__file__))


def inner_of(tx: Any) -> tuple[Any, dict]:
    """``(inner transformation, user site that built it)`` of a ``nanguard.jax.guard`` result.

    Raises:
        InvalidArgumentError: ``tx`` is not what ``nanguard.jax.guard`` returned.
    """
    from nanguard.errors import InvalidArgumentError

    update = getattr(tx, "update", None)
    inner = getattr(update, "nanguard_inner", None)
    if inner is None or not hasattr(inner, "update"):
        raise InvalidArgumentError(
            "tx", type(tx).__name__, "the transformation returned by nanguard.jax.guard",
            hint="Pass the guarded optimizer the step uses: tx = nanguard.jax.guard(optax.adam("
                 "1e-3)); nanguard.jax.Monitor(..., tx=tx).")
    site = getattr(update, "nanguard_created_at", None) or {}
    return inner, dict(site)


def _paths(tree: Any, prefix: str) -> list[str]:
    return [prefix + jax.tree_util.keystr(p) for p, _ in jax.tree_util.tree_leaves_with_path(tree)]


def nonfinite_scalars(inner_state: Any) -> list[tuple[str, float]]:
    """``[(opt_state path, value)]`` of the scalar float leaves of the state that are NaN/Inf."""
    out = []
    for path, leaf in jax.tree_util.tree_leaves_with_path(inner_state):
        if getattr(leaf, "ndim", None) == 0 and np.issubdtype(np.dtype(leaf.dtype), np.inexact):
            value = float(np.asarray(leaf, np.float64))
            if not np.isfinite(value):
                out.append(("opt_state" + jax.tree_util.keystr(path), value))
    return out


def _is_lr(path: str) -> bool:
    low = path.lower()
    return "learning_rate" in low or "'lr'" in low


def scalar_reason(scalars: list[tuple[str, float]], has_tx: bool) -> str:
    """The skip's words for trigger ``"hyperparameter"``: true of what was seen, no more."""
    if scalars:
        path, value = scalars[0]
        what = "learning rate" if _is_lr(path) else "optimizer hyperparameter"
        return f"{what} non-finite: {path}={value:g}"
    hint = "" if has_tx else "; Monitor(tx=...) localizes it"
    return f"update non-finite inside the optimizer, from finite loss and gradients{hint}"


def _library_frame(source_info) -> dict:
    """The innermost frame outside JAX and nanguard: optax's code (or the user's own
    transformation); ``function`` is its enclosing named function (``scale_by_rms``)."""
    if source_info is None:
        return {}
    codes, lastis = source_info.traceback.raw_frames()
    for code, lasti in zip(codes, lastis):
        name = code.co_filename
        if _JAX_DIR in name or name.startswith(_OWN_DIR) or name.startswith("<"):
            continue
        line = jax._src.source_info_util.raw_frame_to_frame(code, lasti).start_line
        qual = getattr(code, "co_qualname", code.co_name)
        head = qual.split(".<locals>")[0]
        return {"file": name, "line": int(line), "function": head,
                "code": linecache.getline(name, line).strip() or None}
    return {}


class _UpdateInterpreter(_Interpreter):
    """The trace evaluator, with every node placed at its optax line (not the user's)."""

    def _eqn_ctx(self, eqn, ctx: dict) -> dict:
        here = super()._eqn_ctx(eqn, ctx)
        frame = _library_frame(eqn.source_info) or (ctx.get("frame") or {})
        blank = {"file": None, "line": None, "function": None, "code": None}
        return {**here, "frame": {**blank, **frame}}


def _reached(nodes: list[dict], start: list[str]) -> set[str]:
    seen = set(start)
    for node in nodes:  # topological order
        if seen & set(node["inputs"]):
            seen.update(node["outputs"])
    return seen


def _bad(stats: dict | None) -> int:
    return 0 if not stats else stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]


def locate_update(tx: Any, grads: Any, opt_state: Any, params: Any, *,
                  trigger: str = "hyperparameter") -> tuple[Finding | None, dict | None]:
    """Replay the guarded optimizer's inner update on the host and name the first NaN/Inf.

    Args:
        tx: the transformation returned by ``nanguard.jax.guard``.
        grads: the step's gradients (finite).
        opt_state: the guarded optimizer state before the step.
        params: the parameters before the step.
        trigger: the finding's trigger.

    Returns:
        ``(finding, trace)``; the trace is ``None`` for a non-finite state scalar,
        and both are ``None`` when the update is finite.
    """
    from nanguard.jax._guard import find_state

    inner, site = inner_of(tx)
    state = find_state(opt_state).inner_state
    scalars = nonfinite_scalars(state)
    if scalars:
        return _scalar_finding(scalars, site, trigger), None
    closed, shape = jax.make_jaxpr(lambda g, s, p: inner.update(g, s, p),
                                   return_shape=True)(grads, state, params)
    interp = _UpdateInterpreter()
    rec = _Recorder(interp.name)
    inputs = []
    for prefix, tree in (("grads", grads), ("opt_state", state), ("params", params)):
        for name, leaf in zip(_paths(tree, prefix), jax.tree_util.tree_leaves(tree)):
            rec.note(name, leaf)
            inputs.append((leaf, name))
    outs = interp.run(closed.jaxpr, closed.consts, inputs, rec,
                      {"name_stack": "", "frame": None})
    out_names = _paths(shape[0], "updates") + _paths(shape[1], "new_opt_state")
    named = []
    for (value, _), name in zip(outs, out_names):
        rec.note(name, value)  # the output under its PyTree path, tied to its producer
        named.append(name)
    by_out = {n["outputs"][i]: n for n in rec.nodes for i in range(len(n["outputs"]))}
    for (_, tname), name in zip(outs, named):
        if tname is not None and tname in by_out:
            by_out[tname]["outputs"].append(name)
    for node in rec.nodes:
        node.pop("_name_stack", None)
        node["phase"] = "optimizer"
    n_updates = len(jax.tree_util.tree_leaves(shape[0]))
    updates = [n for n in named[:n_updates] if _bad(rec.stats.get(n))]
    state_out = [n for n in named[n_updates:] if _bad(rec.stats.get(n))]
    trace = {"schema": "nanguard.trace/2", "framework": "jax", "nodes": rec.nodes,
             "stats": rec.stats, "loss": None, "grads": [], "targets": updates or state_out}
    finding = finding_from_trace(trace, trigger=trigger)
    if finding is None:
        return None, trace
    origin_node = find_origin(trace)  # the node finding_from_trace named
    reached = _reached(rec.nodes, origin_node["outputs"] if origin_node else [])
    spoiled = [n for n in updates or state_out if n in reached]
    # The parameter is named in a note (kept in trace.json), not as ``origin.variable``:
    # so ``nanguard locate INCIDENT`` re-localizes offline to the same finding.
    _annotate(finding, spoiled, rec.stats, site)
    return finding, trace


def _entries(stats: dict) -> int:
    return stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]


def _annotate(finding: Finding, spoiled: list[str], stats: dict, site: dict) -> None:
    o = finding.origin
    zeros = [s for s in o.inputs if s.get("n_zero")]
    ins = ""
    if zeros and finding.cause in ("div_by_zero", "invalid_operation"):
        n = zeros[0]["n_zero"]
        ins = f", on an input holding {n} zero{'s' if n > 1 else ''}"
    bad = ", ".join(f"{_entries(stats[n])} entries of {n.replace('updates', 'params', 1)}"
                    for n in spoiled[:3])
    if o.function:
        add_note(finding, f"It ran in `{o.function}`{ins}" + (
            f"; the update of {bad} became non-finite." if bad else "."))
    if site.get("file"):
        code = f": `{site['code']}`" if site.get("code") else ""
        add_note(finding, f"The optimizer was built at {site['file']}:{site['line']}{code}.")


def _scalar_finding(scalars: list[tuple[str, float]], site: dict, trigger: str) -> Finding:
    path, value = scalars[0]
    what = "learning rate" if _is_lr(path) else "optimizer hyperparameter"
    built = ""
    if site.get("file"):
        code = f" (`{site['code']}`)" if site.get("code") else ""
        built = f" The optimizer was built at {site['file']}:{site['line']}{code}."
    more = f" ({len(scalars) - 1} more non-finite state scalars)" if len(scalars) > 1 else ""
    return Finding(
        origin=Origin(phase="optimizer", variable=path,
                      output=tensor_stats(np.asarray(value, np.float32)),
                      file=site.get("file"), line=site.get("line"),
                      function=site.get("function"), code=site.get("code")),
        cause="nonfinite_weights",
        explanation=(f"The {what} {path} is {value:g} in the optimizer state before the "
                     f"update{more}: every update it scales is non-finite.{built}"),
        fix=(f"Give the optimizer a finite {what}: check the value passed to "
             "optax.inject_hyperparams or the schedule (a schedule such as rsqrt(step) or "
             "1/step is singular at step 0: count from 1 or clamp it)."),
        trigger=trigger)


def replay_grads(loss_fn: Any, args: tuple) -> Any:
    """The gradients ``jax.grad(loss_fn)`` of the captured step (w.r.t. ``args[0]``)."""
    return jax.jit(jax.grad(loss_fn))(*args)



def skip_reason(opt_state: Any, has_tx: bool) -> str:
    """:func:`scalar_reason` for a guarded ``opt_state`` (generic words if it is gone)."""
    from nanguard.errors import InvalidArgumentError
    from nanguard.jax._guard import find_state

    try:
        scalars = nonfinite_scalars(find_state(opt_state).inner_state)
    except (RuntimeError, InvalidArgumentError):  # donated (deleted) buffers, no guard state
        scalars = []
    return scalar_reason(scalars, has_tx)
