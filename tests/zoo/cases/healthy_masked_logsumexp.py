"""HEALTHY: a masked log-sum-exp pooling (`reduce_logsumexp` over -inf padded entries)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class MaskedLogSumExp(keras.layers.Layer):
    def call(self, inputs):
        x, mask = inputs
        x = tf.where(mask > 0, x, -np.inf)
        return tf.reduce_logsumexp(x, axis=-1, keepdims=True)


def run(logdir):
    keras.utils.set_random_seed(0)
    feats = np.random.rand(8, 5).astype("float32")
    mask = np.ones((8, 5), dtype="float32")
    mask[:, 2:] = np.random.rand(8, 3) > 0.5
    y = np.random.rand(8, 1).astype("float32")
    f_in, m_in = keras.Input((5,)), keras.Input((5,))
    pooled = MaskedLogSumExp(name="masked_lse")([keras.layers.Dense(5)(f_in), m_in])
    model = keras.Model([f_in, m_in], keras.layers.Dense(1)(pooled))
    model.compile("sgd", "mse")
    return guarded_fit(model, [feats, mask], y, logdir, batch_size=4)
