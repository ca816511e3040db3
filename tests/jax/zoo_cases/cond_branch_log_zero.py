"""lax.cond takes the branch that computes log of a zero probability."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "log", "cause": "log_of_zero", "line": "origin"}


def loss_fn(w, p, use_log):
    q = p * w
    return jax.lax.cond(
        use_log,
        lambda q: -jnp.sum(jnp.log(q)),  # <- origin
        lambda q: jnp.sum(q),
        q,
    )


def args():
    return jnp.ones(2), jnp.array([0.0, 1.0]), True
