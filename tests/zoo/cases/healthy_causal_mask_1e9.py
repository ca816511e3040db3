"""HEALTHY: causal self-attention with an additive -1e9 mask (the BERT/GPT-2 convention)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class CausalAttention(keras.layers.Layer):
    def build(self, shape):
        self.wq = self.add_weight(shape=(shape[-1], shape[-1]), initializer="glorot_uniform")

    def call(self, x):
        t = tf.shape(x)[1]
        scores = tf.matmul(tf.matmul(x, self.wq), x, transpose_b=True)
        causal = tf.linalg.band_part(tf.ones((t, t)), -1, 0)
        scores = scores + (1.0 - causal) * -1e9
        return tf.matmul(tf.nn.softmax(scores, axis=-1), x)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 6, 4).astype("float32")
    y = np.random.rand(8, 6, 4).astype("float32")
    inp = keras.Input((6, 4))
    model = keras.Model(inp, CausalAttention(name="causal_attention")(inp))
    model.compile("adam", "mse")
    return guarded_fit(model, x, y, logdir, batch_size=4)
