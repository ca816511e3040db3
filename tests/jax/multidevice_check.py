"""Run in a subprocess by test_jax_multidevice.py: 2 host CPU devices, every device decides alike.

Prints one JSON object of observations; the test asserts on them. XLA_FLAGS must be
set before JAX is imported, which a pytest session that already imported JAX cannot do.
"""

from __future__ import annotations

import json
import os

os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from jax.sharding import Mesh, NamedSharding  # noqa: E402
from jax.sharding import PartitionSpec as P  # noqa: E402

import nanguard.jax as ngj  # noqa: E402


def bits(tree):
    return [np.asarray(x).tobytes() for x in jax.tree_util.tree_leaves(tree)]


def shard_bits(arr):
    return [np.asarray(s.data).tobytes() for s in arr.addressable_shards]


def jit_with_shardings(mesh):
    """A column-sharded weight; NaN only in the column that lives on device 1."""
    tx = ngj.guard(optax.adam(1e-2))
    col = NamedSharding(mesh, P(None, "d"))
    w = jax.device_put(jnp.arange(8.0).reshape(2, 4) / 8, col)
    state = tx.init(w)

    @jax.jit
    def step(w, state, x):
        loss, g = jax.value_and_grad(lambda w: jnp.mean((x @ w) ** 2))(w)
        u, state = tx.update(g, state, w, loss=loss)
        return ngj.apply_updates(w, u), state

    x_ok = jnp.ones((3, 2))
    w, state = step(w, state, x_ok)
    before = shard_bits(w) + bits(state.inner_state)
    # The poison sits in device 1's column only: that gradient column is NaN.
    grads_only = jax.device_put(jnp.ones((2, 4)).at[:, 3].set(jnp.nan), col)
    u, state2 = jax.jit(lambda g, s, w: tx.update(g, s, w, loss=jnp.float32(1.0)))(
        grads_only, state, w)
    w2 = jax.jit(ngj.apply_updates)(w, u)
    applied_shards = [bool(s.data) for s in state2.applied.addressable_shards]
    return {
        "devices": len(jax.devices()),
        "w_sharded_over": len({s.device for s in w.addressable_shards}),
        "applied_per_device": applied_shards,
        "unchanged": shard_bits(w2) + bits(state2.inner_state) == before,
    }


def shard_map_case(mesh, axis_name, poison):
    """Data sharded over devices; gradients sharded too (each device owns half of w)."""
    tx = ngj.guard(optax.sgd(0.1), axis_name=axis_name)
    w = jnp.ones((2, 4))
    x = jnp.ones((2, 2))
    bad = jnp.zeros((2, 2, 2)).at[1].set(poison[0])  # device 1's slice only
    lbad = jnp.zeros((2,)).at[1].set(poison[1])

    def local(w, x, bad, lbad, state):
        loss, g = jax.value_and_grad(lambda w: jnp.mean((x @ w) ** 2))(w)
        g = g + bad[0, 0, 0]
        loss = loss + lbad[0]
        u, state = tx.update(g, state, w, loss=loss)
        return ngj.apply_updates(w, u), state.applied[None]

    state = tx.init(jnp.ones((2, 2)))
    specs_state = jax.tree_util.tree_map(lambda _: P(), state)
    fn = jax.jit(jax.shard_map(
        local, mesh=mesh,
        in_specs=(P(None, "d"), P(), P("d"), P("d"), specs_state),
        out_specs=(P(None, "d"), P("d")), check_vma=False))
    w2, applied = fn(w, x, bad, lbad, state)
    cols = np.asarray(w2)
    return {
        "applied_per_device": [bool(a) for a in np.asarray(applied)],
        "device0_changed": bool((cols[:, :2] != 1).any()),
        "device1_changed": bool((cols[:, 2:] != 1).any()),
    }


def main():
    mesh = Mesh(np.array(jax.devices()[:2]), ("d",))
    out = {"jit": jit_with_shardings(mesh)}
    out["shard_map_grad_psum"] = shard_map_case(mesh, "d", (np.nan, 0.0))
    out["shard_map_grad_local"] = shard_map_case(mesh, None, (np.nan, 0.0))
    out["shard_map_loss_psum"] = shard_map_case(mesh, "d", (0.0, np.inf))
    out["shard_map_healthy"] = shard_map_case(mesh, "d", (0.0, 0.0))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
