"""Differentiating eigh of a matrix with a repeated eigenvalue: 1 / (l_i - l_j) = 1 / 0."""
import jax.numpy as jnp

EXPECTED = {"phase": "backward", "cause": "grad_singularity", "line": "origin"}


def loss_fn(w, a):
    m = a * w
    vals, vecs = jnp.linalg.eigh(m)  # <- origin
    return jnp.sum(vecs[:, 0] ** 3) + jnp.sum(vals)


def args():
    return jnp.ones((3, 3)), jnp.diag(jnp.array([1.0, 1.0, 2.0]))
