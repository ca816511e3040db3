"""A Newton solve in lax.while_loop whose slope becomes 0 at iteration 2: x / 0."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "div", "cause": "div_by_zero", "line": "origin",
            "iteration": [2]}


def loss_fn(w, x0):
    def body(state):
        i, x = state
        slope = 2.0 * x * (i != 2)
        return i + 1, x - (x * x - 2.0) / slope  # <- origin

    _, root = jax.lax.while_loop(lambda s: s[0] < 4, body, (0, x0))
    return jnp.sum(w * root)


def args():
    return jnp.ones(1), jnp.array([1.0])
