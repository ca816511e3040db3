"""Healthy: jax.nn.dot_product_attention with a causal mask."""
import jax
import jax.numpy as jnp

EXPECTED = None


def loss_fn(w, q):
    q = q * w
    out = jax.nn.dot_product_attention(q, q, q, is_causal=True)
    return jnp.mean(out**2)


def args():
    q = jnp.linspace(-1.0, 1.0, 2 * 4 * 1 * 8).reshape(2, 4, 1, 8)
    return jnp.ones(8), q
