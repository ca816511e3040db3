"""A float16 projection: a 512-wide dot product of O(10) values exceeds 65504."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "MatMul",
    "layer": "half_projection",
    "line": "origin",
    "cause": "overflow",
}


class HalfProjection(keras.layers.Layer):
    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1], 2), initializer="ones")

    def call(self, x):
        return tf.matmul(x, self.w)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.full((4, 512), 200.0, dtype="float32")
    y = np.random.rand(4, 1).astype("float32")
    inp = keras.Input((512,))
    h = HalfProjection(name="half_projection", dtype="float16")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
