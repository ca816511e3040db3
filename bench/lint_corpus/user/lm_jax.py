"""A small causal language model trained with JAX/Flax/Optax (written for this corpus)."""

import flax.linen as nn
import jax
import jax.numpy as jnp
import optax


class CausalSelfAttention(nn.Module):
    n_head: int
    d_model: int

    @nn.compact
    def __call__(self, x):
        b, t, _ = x.shape
        qkv = nn.Dense(3 * self.d_model)(x)
        q, k, v = jnp.split(qkv, 3, axis=-1)
        head = self.d_model // self.n_head
        q = q.reshape(b, t, self.n_head, head).transpose(0, 2, 1, 3)
        k = k.reshape(b, t, self.n_head, head).transpose(0, 2, 1, 3)
        v = v.reshape(b, t, self.n_head, head).transpose(0, 2, 1, 3)
        scores = q @ k.transpose(0, 1, 3, 2) / jnp.sqrt(head)
        causal = jnp.tril(jnp.ones((t, t), dtype=bool))
        scores = jnp.where(causal, scores, -jnp.inf)
        attn = jax.nn.softmax(scores, axis=-1)
        out = (attn @ v).transpose(0, 2, 1, 3).reshape(b, t, self.d_model)
        return nn.Dense(self.d_model)(out)


class RMSNorm(nn.Module):
    @nn.compact
    def __call__(self, x):
        scale = self.param("scale", nn.initializers.ones, (x.shape[-1],))
        ms = jnp.mean(jnp.square(x), axis=-1, keepdims=True)
        return x * jax.lax.rsqrt(ms) * scale


class LayerNormNoEps(nn.Module):
    @nn.compact
    def __call__(self, x):
        mean = jnp.mean(x, axis=-1, keepdims=True)
        var = jnp.var(x, axis=-1, keepdims=True)
        return (x - mean) / jnp.sqrt(var)


def cross_entropy(logits, targets):
    probs = jax.nn.softmax(logits, axis=-1)
    logp = jnp.log(probs)
    return -jnp.mean(jnp.take_along_axis(logp, targets[..., None], axis=-1))


def cross_entropy_stable(logits, targets, mask):
    losses = optax.softmax_cross_entropy_with_integer_labels(logits, targets)
    return jnp.sum(losses * mask) / jnp.sum(mask)


def label_smoothing_loss(logits, targets, alpha=0.1):
    n = logits.shape[-1]
    onehot = jax.nn.one_hot(targets, n)
    smoothed = onehot * (1 - alpha) + alpha / n
    return -jnp.mean(jnp.sum(smoothed * jax.nn.log_softmax(logits), axis=-1))


def z_loss(logits):
    return 1e-4 * jnp.mean(jnp.square(jax.scipy.special.logsumexp(logits, axis=-1)))


@jax.jit
def train_step(state, batch):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, batch["inputs"])
        loss = cross_entropy_stable(logits, batch["targets"], batch["mask"])
        return loss + z_loss(logits)

    loss, grads = jax.value_and_grad(loss_fn)(state.params)
    state = state.apply_gradients(grads=grads)
    return state, loss, jnp.exp(loss)


@jax.jit
def eval_step(state, batch):
    logits = state.apply_fn({"params": state.params}, batch["inputs"])
    loss = cross_entropy_stable(logits, batch["targets"], batch["mask"])
    perplexity = jnp.exp(loss)
    return loss, perplexity


def temperature_sample(rng, logits, temperature):
    return jax.random.categorical(rng, logits / temperature)


def entropy_bonus(logits):
    p = jax.nn.softmax(logits)
    return -jnp.sum(p * jnp.log(p + 1e-9), axis=-1)


def gelu_approx(x):
    return 0.5 * x * (1 + jnp.tanh(0.7978845608 * (x + 0.044715 * x**3)))


def poisson_nll(log_rate, counts):
    return jnp.mean(jnp.exp(log_rate) - counts * log_rate)
