"""Log-transform of a tanh feature (range -1..1): log of negative values is NaN."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Log",
    "layer": "log_tanh",
    "line": "origin",
    "cause": "domain_error",
}


class LogTanh(keras.layers.Layer):
    def call(self, x):
        return tf.math.log(tf.tanh(x))  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32") + 0.1
    x[0, 0] = -0.3
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    model = keras.Model(inp, keras.layers.Dense(1)(LogTanh(name="log_tanh")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
