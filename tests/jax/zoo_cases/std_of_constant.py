"""Standardizing by the batch std of a constant feature: x / 0."""
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "div", "cause": "div_by_zero", "line": "origin"}


def loss_fn(w, x):
    z = (x - jnp.mean(x, axis=0)) / jnp.std(x, axis=0)  # <- origin
    return jnp.mean((z @ w) ** 2)


def args():
    return jnp.ones(2), jnp.array([[1.0, 3.0], [2.0, 3.0], [4.0, 3.0]])
