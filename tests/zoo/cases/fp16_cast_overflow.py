"""A custom layer casts to float16 to save memory; activations above 65504 become inf."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Cast",
    "layer": "half_cache",
    "line": "origin",
    "cause": "overflow",
}


class HalfCache(keras.layers.Layer):
    def call(self, x):
        half = tf.cast(x, tf.float16)  # <- origin
        return tf.cast(half, tf.float32)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[5, 1] = 1.0e5  # raw pixel sums, not normalized
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    model = keras.Model(inp, keras.layers.Dense(1)(HalfCache(name="half_cache")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
