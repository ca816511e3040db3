"""A float16 layer (dtype policy "float16") computes exp: exp(12) > 65504 overflows."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Exp",
    "layer": "exp_gate",
    "line": "origin",
    "cause": "overflow",
}


class ExpGate(keras.layers.Layer):
    def call(self, x):
        return tf.exp(x)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32") * 14.0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    h = ExpGate(name="exp_gate", dtype="float16")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
