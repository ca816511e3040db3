"""A masked-mean loss on a batch where every label is masked: sum(0) / sum(0) = 0/0."""
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "div", "cause": "div_by_zero", "line": "origin"}


def loss_fn(w, x, mask):
    per_example = (x @ w) ** 2
    return jnp.sum(per_example * mask) / jnp.sum(mask)  # <- origin


def args():
    return jnp.ones(2), jnp.array([[1.0, 2.0], [3.0, 4.0]]), jnp.zeros(2)
