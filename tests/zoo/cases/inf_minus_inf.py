"""Hand-written stable softmax `x - max(x)` on a row masked entirely with -inf: -inf - -inf."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Sub",
    "layer": "manual_softmax",
    "line": "origin",
    "cause": "invalid_operation",
}


class ManualSoftmax(keras.layers.Layer):
    def call(self, inputs):
        scores, mask = inputs
        scores = tf.where(mask > 0, scores, -np.inf)
        shifted = scores - tf.reduce_max(scores, axis=-1, keepdims=True)  # <- origin
        e = tf.exp(shifted)
        return e / tf.reduce_sum(e, axis=-1, keepdims=True)


def run(logdir):
    keras.utils.set_random_seed(0)
    feats = np.random.rand(8, 5).astype("float32")
    mask = np.ones((8, 5), dtype="float32")
    mask[6] = 0.0
    y = np.random.rand(8, 1).astype("float32")
    f_in, m_in = keras.Input((5,)), keras.Input((5,))
    probs = ManualSoftmax(name="manual_softmax")([keras.layers.Dense(5)(f_in), m_in])
    model = keras.Model([f_in, m_in], keras.layers.Dense(1)(probs))
    model.compile("sgd", "mse")
    return guarded_fit(model, [feats, mask], y, logdir)
