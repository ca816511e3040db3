"""exp in float16 (mixed precision): exp(12) = 162755 is beyond float16's 65504."""
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "exp", "cause": "overflow", "line": "origin"}


def loss_fn(w, x):
    h = (x * w).astype(jnp.float16)
    e = jnp.exp(h)  # <- origin
    return jnp.mean(e.astype(jnp.float32))


def args():
    return jnp.ones(3), jnp.array([1.0, 5.0, 12.0])
