"""A Flax Linen model whose head takes log of a ReLU output: the layer path is named."""
import flax.linen as nn
import jax
import jax.numpy as jnp

EXPECTED = {"phase": "forward", "op": "log", "cause": "log_of_zero", "line": "origin",
            "layer": "Model/head"}


class Head(nn.Module):
    @nn.compact
    def __call__(self, h):
        h = nn.relu(nn.Dense(2)(h))
        return jnp.log(h)  # <- origin


class Model(nn.Module):
    @nn.compact
    def __call__(self, x):
        h = nn.Dense(4, name="body")(x)
        return Head(name="head")(h)


def loss_fn(params, x):
    return jnp.mean(Model().apply(params, x))


def args():
    x = jnp.ones((2, 3))
    params = Model().init(jax.random.PRNGKey(0), x)
    params = jax.tree_util.tree_map(lambda p: p, params)
    head = params["params"]["head"]["Dense_0"]
    head["kernel"] = -jnp.abs(head["kernel"])
    head["bias"] = jnp.zeros_like(head["bias"])
    params["params"]["body"]["kernel"] = jnp.abs(params["params"]["body"]["kernel"])
    return params, x
