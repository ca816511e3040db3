"""A LayerNorm written without epsilon: a constant feature row has variance 0, rsqrt(0)=inf."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Rsqrt",
    "layer": "layer_norm_no_eps",
    "line": "origin",
    "cause": "div_by_zero",
}


class LayerNormNoEps(keras.layers.Layer):
    def call(self, x):
        mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(var)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 6).astype("float32")
    x[4] = 0.5  # a padded row: every feature equal
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((6,))
    h = LayerNormNoEps(name="layer_norm_no_eps")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
