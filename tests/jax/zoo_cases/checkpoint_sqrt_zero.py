"""A rematerialized (jax.checkpoint) block with sqrt of a value that is exactly 0."""
import jax
import jax.numpy as jnp


@jax.checkpoint
def block(h):
    return jnp.sqrt(h * h - 1.0)  # <- origin


EXPECTED = {"phase": "backward", "op": "sqrt", "cause": "grad_singularity", "line": "origin"}


def loss_fn(w, x):
    return jnp.sum(block(x * w))


def args():
    return jnp.ones(2), jnp.array([1.0, 2.0])
