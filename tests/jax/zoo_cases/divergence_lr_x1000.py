"""Linear regression trained with SGD at 1000x its working learning rate (0.05 -> 50).

Every step multiplies the error; after a few steps the squared error overflows
float32. No op is wrong on its own: the run diverged. A training case: the guarded
loop (``nanguard.jax.guard`` + ``Monitor``) is run, and its first incident is scored.
"""

import jax.numpy as jnp
import numpy as np

# Each squared error is still finite when their sum overflows: the first Inf is the mean's sum.
EXPECTED = {"phase": "forward", "op": "reduce_sum", "cause": "divergence", "line": "origin"}

LEARNING_RATE = 0.05 * 1000
STEPS = 60


def loss_fn(params, x, y):
    pred = x @ params["w"] + params["b"]
    return jnp.mean((pred - y) ** 2)  # <- origin


def args():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(32, 4)).astype(np.float32)
    y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32)
    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros(1)}
    return params, jnp.asarray(x), jnp.asarray(y)
