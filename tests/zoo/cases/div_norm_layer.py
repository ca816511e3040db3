"""A hand-written L1 normalization layer divides by a row sum that is 0 for all-zero rows."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "RealDiv",
    "layer": "l1_normalize",
    "line": "origin",
    "cause": "div_by_zero",
}


class L1Normalize(keras.layers.Layer):
    def call(self, x):
        total = tf.reduce_sum(x, axis=-1, keepdims=True)
        return x / total  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[3] = 0.0  # an empty histogram
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    h = L1Normalize(name="l1_normalize")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
