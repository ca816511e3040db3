"""Cross-entropy as log(softmax(z)): the softmax underflows to 0 for a far-off class."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "log", "cause": "log_of_zero", "line": "origin"}


def loss_fn(w, x, y):
    logits = x @ w
    probs = jax.nn.softmax(logits)
    return -jnp.mean(jnp.sum(y * jnp.log(probs), axis=-1))  # <- origin


def args():
    w = jnp.array([[1.0, -1.0], [0.5, 0.5]])
    x = jnp.array([[400.0, 0.0], [1.0, 2.0]])
    y = jnp.array([[0.0, 1.0], [1.0, 0.0]])
    return w, x, y
