"""Healthy: the double-where idiom, log only of safe values."""
import jax.numpy as jnp

EXPECTED = None


def loss_fn(w, x):
    h = x * w
    safe = jnp.where(h > 0, h, 1.0)
    return jnp.sum(jnp.where(h > 0, jnp.log(safe), 0.0))


def args():
    return jnp.ones(3), jnp.array([0.0, 1.0, 2.0])
