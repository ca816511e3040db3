"""Self-attention with a padding mask that masks a whole row: softmax of all -inf is NaN."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "cause": "invalid_operation", "line": "origin"}


def loss_fn(w, q, mask):
    scores = (q * w) @ q.T
    scores = jnp.where(mask, scores, -jnp.inf)
    attn = jax.nn.softmax(scores, axis=-1)  # <- origin
    return jnp.sum(attn @ q)


def args():
    q = jnp.array([[1.0, 0.0], [0.0, 1.0]])
    mask = jnp.array([[True, True], [False, False]])
    return jnp.ones(2), q, mask
