"""A "gamma correction" layer raises a centred (partly negative) input to the power 0.5."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Pow",
    "layer": "gamma",
    "line": "origin",
    "cause": "domain_error",
}


class Gamma(keras.layers.Layer):
    def call(self, x):
        return tf.pow(x, 0.5)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32") - 0.5  # standardized pixels
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    model = keras.Model(inp, keras.layers.Dense(1)(Gamma(name="gamma")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
