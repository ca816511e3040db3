"""HEALTHY: causal attention masked with `tf.where(band, scores, -inf)`; the diagonal is
always visible, so no softmax row is entirely -inf."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class CausalAttention(keras.layers.Layer):
    def call(self, x):
        t = tf.shape(x)[1]
        scores = tf.matmul(x, x, transpose_b=True) / 2.0
        causal = tf.linalg.band_part(tf.ones((t, t)), -1, 0) > 0
        scores = tf.where(causal, scores, -np.inf)
        return tf.matmul(tf.nn.softmax(scores, axis=-1), x)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 6, 4).astype("float32")
    y = np.random.rand(8, 6, 2).astype("float32")
    inp = keras.Input((6, 4))
    h = keras.layers.Dense(4)(inp)
    out = keras.layers.Dense(2)(CausalAttention(name="causal_attention")(h))
    model = keras.Model(inp, out)
    model.compile("adam", "mse")
    return guarded_fit(model, x, y, logdir, batch_size=4)
