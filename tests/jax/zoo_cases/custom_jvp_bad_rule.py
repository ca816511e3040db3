"""A hand-written custom_jvp rule for softplus: exp(x) / (1 + exp(x)) overflows at x = 100."""
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "backward", "cause": "overflow", "line": "origin"}


@jax.custom_jvp
def my_log1pexp(x):
    return jnp.logaddexp(x, 0.0)


@my_log1pexp.defjvp
def my_log1pexp_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    slope = jnp.exp(x) / (1.0 + jnp.exp(x))  # <- origin
    return my_log1pexp(x), t * slope


def loss_fn(w, x):
    return jnp.sum(my_log1pexp(x * w))


def args():
    return jnp.ones(3), jnp.array([1.0, 100.0, -1.0])
