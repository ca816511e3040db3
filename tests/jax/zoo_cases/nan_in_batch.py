"""One row of the batch holds NaN (a corrupt record)."""
import jax.numpy as jnp
import numpy as np

EXPECTED = {"phase": "data", "cause": "nonfinite_input", "input": "x", "rows": [1]}


def loss_fn(w, x, y):
    return jnp.mean((x @ w - y) ** 2)


def args():
    x = np.ones((3, 2), np.float32)
    x[1, 0] = np.nan
    return jnp.ones(2), jnp.asarray(x), jnp.zeros(3)
