"""Healthy: a partially masked attention row (-inf on padding) -- no finding."""
import jax
import jax.numpy as jnp

EXPECTED = None


def loss_fn(w, q, mask):
    scores = jnp.where(mask, (q * w) @ q.T, -jnp.inf)
    return jnp.sum(jax.nn.softmax(scores, axis=-1) @ q)


def args():
    q = jnp.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    mask = jnp.array([[True, False, True], [True, True, False], [True, True, True]])
    return jnp.ones(2), q, mask
