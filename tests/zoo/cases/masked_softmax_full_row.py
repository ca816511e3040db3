"""Padding mask on attention scores: a sequence of length 0 masks its whole row with -inf,
and softmax of an all -inf row is 0/0 = NaN."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Softmax",
    "layer": "masked_pool",
    "line": "origin",
    "cause": "invalid_operation",
}


class MaskedPool(keras.layers.Layer):
    def call(self, inputs):
        raw, mask = inputs
        scores = tf.where(mask > 0, raw, -np.inf)
        weights = tf.nn.softmax(scores, axis=-1)  # <- origin
        return tf.reduce_sum(weights * raw, axis=-1, keepdims=True)


def run(logdir):
    keras.utils.set_random_seed(0)
    feats = np.random.rand(8, 5).astype("float32")
    mask = np.ones((8, 5), dtype="float32")
    mask[3] = 0.0  # an empty sequence
    y = np.random.rand(8, 1).astype("float32")
    f_in, m_in = keras.Input((5,)), keras.Input((5,))
    scores = keras.layers.Dense(5, name="score")(f_in)
    pooled = MaskedPool(name="masked_pool")([scores, m_in])
    model = keras.Model([f_in, m_in], keras.layers.Dense(1)(pooled))
    model.compile("sgd", "mse")
    return guarded_fit(model, [feats, mask], y, logdir)
