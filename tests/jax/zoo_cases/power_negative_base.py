"""A fractional power of a signed value: (-1) ** 0.5 is NaN."""
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "pow", "cause": "domain_error", "line": "origin"}


def loss_fn(w, x):
    h = x @ w
    return jnp.mean(jnp.power(h, 0.5))  # <- origin


def args():
    return jnp.array([1.0, -2.0]), jnp.array([[1.0, 1.0], [3.0, 1.0]])
