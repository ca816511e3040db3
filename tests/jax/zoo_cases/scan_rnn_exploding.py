"""A linear RNN in lax.scan with a recurrent gain of 1e12: the carry overflows at step 3."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "mul", "cause": "overflow", "line": "origin",
            "iteration": [3]}


def loss_fn(w, xs):
    def cell(h, x):
        h = h * w + x  # <- origin
        return h, h

    h, hs = jax.lax.scan(cell, jnp.ones(2), xs)
    return jnp.mean(hs)


def args():
    return jnp.full(2, 1e12), jnp.ones((6, 2))
