"""Healthy: logsumexp over -inf padding."""
import jax
import jax.numpy as jnp

EXPECTED = None


def loss_fn(w, x):
    logits = jnp.concatenate([x * w, jnp.full((2,), -jnp.inf)])
    return jax.nn.logsumexp(logits)


def args():
    return jnp.ones(3), jnp.array([1.0, 2.0, 3.0])
