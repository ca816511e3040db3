"""A bfloat16 layer computes a "margin" 1 - p for p = 0.999: bfloat16 keeps 8 bits of
mantissa, so p rounds to 1.0, the margin to 0 and the inverse margin to +inf."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "RealDiv",
    "layer": "inverse_margin",
    "line": "origin",
    "cause": "div_by_zero",
}


class InverseMargin(keras.layers.Layer):
    def call(self, p):
        margin = 1.0 - p
        return 1.0 / margin  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    p = np.full((8, 3), 0.5, dtype="float32")
    p[2, 1] = 0.999
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((3,))
    h = InverseMargin(name="inverse_margin", dtype="bfloat16")(inp)
    out = keras.layers.Dense(1)(keras.layers.Activation("linear", dtype="float32")(h))
    model = keras.Model(inp, out)
    model.compile("sgd", "mse")
    return guarded_fit(model, p, y, logdir)
