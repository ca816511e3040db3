"""A distance layer clips the squared distance at 0 before sqrt: the value is fine,
the gradient of sqrt at exactly 0 is infinite (clipping does not help)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "backward",
    "op": "Sqrt",
    "layer": "pair_distance",
    "line": "origin",
    "cause": "grad_singularity",
}


class PairDistance(keras.layers.Layer):
    def build(self, shape):
        self.anchor = self.add_weight(shape=(shape[-1],), initializer="zeros")

    def call(self, x):
        sq = tf.reduce_sum(tf.square(x - self.anchor), axis=-1, keepdims=True)
        sq = tf.maximum(sq, 0.0)
        return tf.sqrt(sq)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    x[2] = 0.0  # a sample sitting on the anchor
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((3,))
    model = keras.Model(inp, keras.layers.Dense(1)(PairDistance(name="pair_distance")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
