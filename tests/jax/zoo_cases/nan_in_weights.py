"""A parameter was already NaN (a bad checkpoint)."""
import jax.numpy as jnp
import numpy as np

EXPECTED = {"phase": "weights", "cause": "nonfinite_weights", "variable": "params['b']"}


def loss_fn(params, x):
    return jnp.mean(x @ params["w"] + params["b"])


def args():
    return {"w": jnp.ones(2), "b": jnp.asarray(np.nan, jnp.float32)}, jnp.ones((3, 2))
