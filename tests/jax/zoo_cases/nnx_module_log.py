"""A Flax NNX model whose head takes log of a ReLU output: the module path is named."""
import jax
import jax.numpy as jnp
from flax import nnx

EXPECTED = {"phase": "forward", "op": "log", "cause": "log_of_zero", "line": "origin",
            "layer": "blocks_1.head"}


class Head(nnx.Module):
    def __init__(self, rngs):
        self.proj = nnx.Linear(4, 2, rngs=rngs)

    def __call__(self, h):
        return jnp.log(jax.nn.relu(self.proj(h)))  # <- origin


class Block(nnx.Module):
    def __init__(self, rngs, head):
        self.body = nnx.Linear(4, 4, rngs=rngs)
        self.head = Head(rngs) if head else None

    def __call__(self, h):
        h = self.body(h)
        return self.head(h) if self.head is not None else h


class Model(nnx.Module):
    def __init__(self, rngs):
        self.blocks = nnx.List([Block(rngs, False), Block(rngs, True)])

    def __call__(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def loss_fn(model, x):
    return jnp.mean(model(x))


def args():
    model = Model(nnx.Rngs(0))
    for block in model.blocks:  # positive activations into a head that maps them to <= 0
        block.body.kernel.value = jnp.abs(block.body.kernel.value)
        block.body.bias.value = jnp.zeros(4)
    head = model.blocks[1].head.proj
    head.kernel.value = -jnp.abs(head.kernel.value)
    head.bias.value = jnp.zeros(2)
    return model, jnp.ones((2, 4))
