"""A Keras layer whose `call` is a `tf.function`: an L1 normalization divides by a row sum
that is 0 for an all-zero row (in the graph: one `StatefulPartitionedCall` per layer)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "RealDiv",
    "layer": "fn_normalize",
    "line": "origin",
    "cause": "div_by_zero",
}


class FnNormalize(keras.layers.Layer):
    @tf.function
    def call(self, x):
        return self._scale(x)

    @tf.function
    def _scale(self, x):
        total = tf.reduce_sum(x, axis=-1, keepdims=True)
        return x / total  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[5] = 0.0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    model = keras.Model(inp, keras.layers.Dense(1)(FnNormalize(name="fn_normalize")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
