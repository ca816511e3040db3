"""Additive attention mask built as `(1 - mask) * -inf`: where mask == 1 it is 0 * -inf = NaN."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Mul",
    "layer": "mask_bias",
    "line": "origin",
    "cause": "invalid_operation",
}


class MaskBias(keras.layers.Layer):
    def call(self, inputs):
        scores, mask = inputs
        bias = (1.0 - mask) * -np.inf  # <- origin
        return tf.nn.softmax(scores + bias, axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    feats = np.random.rand(8, 5).astype("float32")
    mask = np.ones((8, 5), dtype="float32")
    mask[:, 3:] = 0.0
    y = np.random.rand(8, 1).astype("float32")
    f_in, m_in = keras.Input((5,)), keras.Input((5,))
    probs = MaskBias(name="mask_bias")([keras.layers.Dense(5)(f_in), m_in])
    model = keras.Model([f_in, m_in], keras.layers.Dense(1)(probs))
    model.compile("sgd", "mse")
    return guarded_fit(model, [feats, mask], y, logdir)
