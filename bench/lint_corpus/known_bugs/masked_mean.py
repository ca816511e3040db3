"""Known bug: a mask sum used as a divisor (0 when every position is masked out)."""

import tensorflow as tf
import torch
from keras import ops


def masked_mean_tf(x, mask):
    return tf.reduce_sum(x * mask) / tf.reduce_sum(mask)  # expect: NG103


def masked_token_loss(per_token, mask):
    total = tf.reduce_sum(per_token * mask, axis=1)
    return tf.reduce_mean(total / tf.reduce_sum(mask, axis=1))  # expect: NG103


def masked_mean_torch(x, mask):
    return (x * mask).sum() / mask.sum()  # expect: NG103


class MaskedPool(tf.keras.layers.Layer):
    def call(self, x, mask):
        mask = tf.cast(mask, x.dtype)[..., None]
        return tf.reduce_sum(x * mask, axis=1) / tf.reduce_sum(mask, axis=1)  # expect: NG103


def masked_mse(y_true, y_pred, mask):
    err = ops.square(y_true - y_pred) * mask
    return ops.sum(err) / ops.sum(mask)  # expect: NG103


def weighted_nll(nll, weights):
    return torch.sum(nll * weights) / torch.sum(weights)  # expect: NG103
