"""`tf.where(x > 0, log(x), 0)`: the forward value is fine, but `where` differentiates
both branches and log's gradient 1/x is infinite at the discarded zeros."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "backward",
    "op": "Log",
    "layer": "log_features",
    "line": "origin",
    "cause": "where_gradient_trap",
}


class LogFeatures(keras.layers.Layer):
    def call(self, x):
        return tf.where(x > 0, tf.math.log(x), tf.zeros_like(x))  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32") + 0.5
    x[1, 2] = 0.0  # zero counts
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    h = keras.layers.Dense(4, kernel_initializer="identity", name="scale")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(LogFeatures(name="log_features")(h)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
