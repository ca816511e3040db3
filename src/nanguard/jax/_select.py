"""The guard's ``where`` select, placed where XLA can keep plain optax's memory traffic.

Why this exists: the guard writes ``where(ok, new, old)`` for every inner-state
leaf, and the update is computed from ``new``. ``new`` itself is then an
intermediate nobody stores, so XLA fuses its (cheap, elementwise) computation
into *both* consumers: the select, and the parameter update, which so reads the
*old* moments and the gradient again instead of the new moments. That costs one
extra read per parameter; and when the step donates ``opt_state``
(``donate_argnums``), the select writes the new moments in place over the old
ones that the parameter update still reads, so XLA copies every moment first
(the bench MLP on CPU: 68.8 MB per step against plain optax's 57.1 MB, from
``compile().cost_analysis()``).

Here the inner transformation is traced to a jaxpr once and evaluated equation by
equation, and each state leaf is selected right where it is computed: every later
use inside the transformation (the update) reads the *selected* leaf. On a
healthy step the selected leaf is the new one, so the update is the same value
(bit for bit: the same operations on the same inputs); on a skipped step the
update is thrown away (``-0.0``). XLA then stores the selected moments once and
the parameter update reads them, as in plain optax, and nothing is copied.

The decision ``ok`` must not depend on the selected leaves (it would be
circular): the guard computes it from a first, ordinary call of the inner
update, whose unused parts XLA removes and whose shared parts it merges.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import jax
import jax.numpy as jnp
from jax.extend import core as jcore

__all__ = ["update_selecting_state"]


def _select(ok, new, old):
    return jnp.where(ok, new, old)


def _select_tree(ok, new_state, old_state):
    return jax.tree_util.tree_map(lambda new, old: _select(ok, new, old), new_state, old_state)


def update_selecting_state(update, args: tuple, old_state: Any, ok,
                           computed: tuple[Any, Any]) -> tuple[Any, Any]:
    """``update(*args)`` with each state leaf replaced by ``where(ok, new, old)`` where made.

    Args:
        update: the inner transformation's step, ``update(*args) -> (updates, state)``.
        args: its arguments (PyTrees; leaves without a dtype are passed as they are).
        old_state: the state before the step (the structure ``update`` returns).
        ok: a boolean scalar: apply the step.
        computed: ``update(*args)`` already computed by the caller (for the decision):
            used as it is outside ``jit`` (nothing to fuse there) and when the state's
            structure is not the old one.

    Returns:
        ``(updates, state)``: ``state`` is bitwise ``old_state`` when ``ok`` is false and
        the new state otherwise; ``updates`` is the plain update when ``ok`` is true
        (the same operations on the same values; the caller discards it otherwise).
    """
    new_updates, new_state = computed
    old_leaves, state_tree = jax.tree_util.tree_flatten(old_state)
    if (not isinstance(ok, jax.core.Tracer)
            or jax.tree_util.tree_structure(new_state) != state_tree):
        return new_updates, _select_tree(ok, new_state, old_state)
    flat_args, in_tree = jax.tree_util.tree_flatten(args)
    dynamic = [i for i, a in enumerate(flat_args) if hasattr(a, "dtype") and hasattr(a, "shape")]

    def flat_update(*arrays):
        leaves = list(flat_args)
        for i, a in zip(dynamic, arrays):
            leaves[i] = a
        return update(*jax.tree_util.tree_unflatten(in_tree, leaves))

    dyn_args = [flat_args[i] for i in dynamic]
    closed = jax.make_jaxpr(flat_update)(*dyn_args)
    jaxpr = closed.jaxpr
    n_updates = len(jax.tree_util.tree_leaves(new_updates))
    state_vars = jaxpr.outvars[n_updates:]
    if len(state_vars) != len(old_leaves):
        return new_updates, _select_tree(ok, new_state, old_state)
    # A state leaf computed by an equation (not a literal, not an input passed through,
    # not one value returned as two leaves) is selected right where it is computed.
    inputs = set(jaxpr.invars) | set(jaxpr.constvars)
    counts = Counter(v for v in state_vars if isinstance(v, jcore.Var))
    at_eqn = {v: old for v, old in zip(state_vars, old_leaves)
              if isinstance(v, jcore.Var) and counts[v] == 1 and v not in inputs}

    env: dict = {}

    def read(v):
        return v.val if isinstance(v, jcore.Literal) else env[v]

    env.update(zip(jaxpr.constvars, closed.consts))
    env.update(zip(jaxpr.invars, dyn_args))
    for eqn in jaxpr.eqns:
        bind_params = eqn.primitive.get_bind_params(eqn.params)
        # JAX < 0.7 returned (subfuns, params); newer releases return the params only.
        subfuns, params = bind_params if isinstance(bind_params, tuple) else ((), bind_params)
        with eqn.ctx.manager:
            outs = eqn.primitive.bind(*subfuns, *map(read, eqn.invars), **params)
        if not eqn.primitive.multiple_results:
            outs = [outs]
        for v, val in zip(eqn.outvars, outs):
            if isinstance(v, jcore.DropVar):
                continue
            env[v] = _select(ok, val, at_eqn[v]) if v in at_eqn else val
    out = [read(v) for v in jaxpr.outvars]
    state_leaves = [val if isinstance(v, jcore.Var) and v in at_eqn else _select(ok, val, old)
                    for v, val, old in zip(state_vars, out[n_updates:], old_leaves)]
    updates = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(new_updates),
                                           out[:n_updates])
    return updates, jax.tree_util.tree_unflatten(state_tree, state_leaves)
