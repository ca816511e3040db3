"""HEALTHY: a GRU over zero-padded sequences (`mask_zero` embedding), followed by a
`tf.while_loop` that rescales the state every pass (a normalized power iteration) and a
masked `-inf` softmax attention with one live position per row."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class NormalizedPower(keras.layers.Layer):
    def call(self, h):
        def body(i, v):
            v = v * 3.0
            return i + 1, v / tf.norm(v, axis=-1, keepdims=True)

        _, v = tf.while_loop(lambda i, v: i < 50, body, (tf.constant(0), h + 1.0))
        scores = tf.where(tf.range(4)[None, :] < 2, v, -np.inf)
        return tf.nn.softmax(scores, axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    tokens = np.random.randint(1, 20, (8, 12))
    tokens[:, 9:] = 0
    y = np.random.rand(8, 1).astype("float32")
    model = keras.Sequential([
        keras.Input((12,), dtype="int32"),
        keras.layers.Embedding(20, 6, mask_zero=True),
        keras.layers.GRU(4),
        NormalizedPower(),
        keras.layers.Dense(1),
    ])
    model.compile("adam", "mse")
    return guarded_fit(model, tokens, y, logdir, batch_size=4, epochs=2)
