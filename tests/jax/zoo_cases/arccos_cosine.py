"""Angle loss arccos(cosine): identical vectors give cosine 1, where arccos' slope is infinite."""
import jax.numpy as jnp

EXPECTED = {"phase": "backward", "op": "acos", "cause": "grad_singularity", "line": "origin"}


def loss_fn(w, x):
    a = x * w
    cos = jnp.sum(a * x) / (jnp.linalg.norm(a) * jnp.linalg.norm(x))
    cos = jnp.minimum(cos, 1.0)
    return jnp.arccos(cos)  # <- origin


def args():
    return jnp.ones(3), jnp.array([1.0, 2.0, 2.0])
