"""std = sqrt(E[x^2] - E[x]^2) in float32: catastrophic cancellation makes it negative."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Sqrt",
    "layer": "std_pool",
    "line": "origin",
    "cause": "domain_error",
}


class StdPool(keras.layers.Layer):
    def call(self, x):
        mean = tf.reduce_mean(x, axis=-1, keepdims=True)
        mean_sq = tf.reduce_mean(tf.square(x), axis=-1, keepdims=True)
        return tf.sqrt(mean_sq - tf.square(mean))  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    x[2] = 124.28328  # a constant row: the true variance is 0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((3,))
    model = keras.Model(inp, keras.layers.Dense(1)(StdPool(name="std_pool")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
