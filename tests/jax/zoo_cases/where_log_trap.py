"""where(h > 0, log(h), 0): the forward is finite, the discarded branch's gradient is NaN."""
import jax.numpy as jnp

EXPECTED = {"phase": "backward", "op": "log", "cause": "where_gradient_trap", "line": "origin"}


def loss_fn(w, x):
    h = jnp.maximum(x @ w, 0.0)
    return jnp.sum(jnp.where(h > 0, jnp.log(h), 0.0))  # <- origin


def args():
    return jnp.array([1.0, -1.0]), jnp.array([[1.0, 1.0], [2.0, 1.0]])
