"""Known bugs that reach training loops again and again (one per line marked expect)."""

import jax
import jax.numpy as jnp
import tensorflow as tf
import torch
import torch.nn.functional as F


def triplet(anchor, positive):
    return tf.sqrt(tf.reduce_sum(tf.square(anchor - positive), axis=-1))  # expect: NG102


def ce_from_softmax(logits, y):
    return -tf.reduce_sum(y * tf.math.log(tf.nn.softmax(logits)), axis=-1)  # expect: NG112


def bce_by_hand(y_true, y_pred):
    return -torch.mean(y_true * torch.log(y_pred))  # expect: NG101


def gate_penalty(z):
    return torch.log(1 - torch.sigmoid(z))  # expect: NG101


def reparameterize(mu, logvar):
    return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)  # expect: NG108


def attention(scores, mask):
    scores = tf.where(mask, scores, float("-inf"))  # expect: NG111
    return tf.nn.softmax(scores, axis=-1)


def dice(y_true, y_pred):
    return 2 * tf.reduce_sum(y_true * y_pred) / (tf.reduce_sum(y_true) + tf.reduce_sum(y_pred))  # expect: NG103


def angle(a, b):
    cos = jnp.sum(a * b, -1) / (jnp.linalg.norm(a, axis=-1) * jnp.linalg.norm(b, axis=-1))  # expect: NG103
    return jnp.arccos(cos)  # expect: NG110


def layer_norm(x):
    mean = jnp.mean(x, -1, keepdims=True)
    return (x - mean) / jnp.sqrt(jnp.var(x, -1, keepdims=True))  # expect: NG102, NG103


def safe_log_in_where(x):
    return jnp.where(x > 0, jnp.log(x), 0.0)  # expect: NG104


def relu_features(h):
    return F.relu(h).log()  # expect: NG101


def sigmoid_gate(z):
    return jax.nn.sigmoid(z) ** -1  # expect: NG109
