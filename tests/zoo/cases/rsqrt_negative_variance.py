"""A hand-written "fast" layer norm: rsqrt(E[x^2] - E[x]^2) in float32. On a constant row
the cancellation gives a small negative variance, and rsqrt of a negative is NaN: a domain
error (rsqrt at exactly 0 would be a division by zero, see `layernorm_no_eps`)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Rsqrt",
    "layer": "fast_layer_norm",
    "line": "origin",
    "cause": "domain_error",
}


class FastLayerNorm(keras.layers.Layer):
    def call(self, x):
        mean = tf.reduce_mean(x, axis=-1, keepdims=True)
        variance = tf.reduce_mean(tf.square(x), axis=-1, keepdims=True) - tf.square(mean)
        return (x - mean) * tf.math.rsqrt(variance)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    x[2] = 124.28328  # a constant row: the true variance is 0, float32 makes it < 0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((3,))
    model = keras.Model(inp, keras.layers.Dense(1)(FastLayerNorm(name="fast_layer_norm")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
