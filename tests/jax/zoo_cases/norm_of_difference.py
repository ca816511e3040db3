"""A distance loss ||a - b|| where a == b: sqrt at 0 has an infinite derivative."""
import jax.numpy as jnp

EXPECTED = {"phase": "backward", "op": "sqrt", "cause": "grad_singularity", "line": "origin"}


def loss_fn(w, x, y):
    pred = x * w
    return jnp.mean(jnp.linalg.norm(pred - y, axis=-1))  # <- origin


def args():
    x = jnp.array([[1.0, 2.0], [3.0, 4.0]])
    return jnp.ones(2), x, x
