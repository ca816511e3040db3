"""A "safe" softplus `tf.where(x < 20, log1p(exp(x)), x)`: exp overflows to inf in the
discarded branch; the value is fine, but exp's gradient (grad * exp(x)) is 0 * inf = NaN."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "backward",
    "op": "Exp",
    "layer": "softplus_where",
    "line": "origin",
    "cause": "where_gradient_trap",
}


class SoftplusWhere(keras.layers.Layer):
    def call(self, x):
        return tf.where(x < 20.0, tf.math.log1p(tf.exp(x)), x)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[5, 3] = 120.0  # a large logit: exp(120) = inf in float32
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    h = keras.layers.Dense(4, kernel_initializer="identity", name="pre")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(SoftplusWhere(name="softplus_where")(h)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
