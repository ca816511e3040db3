"""Weights loaded from a checkpoint that was saved after a NaN update."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "weights",
    "op": None,
    "layer": None,
    "line": None,
    "cause": "nonfinite_weights",
    "variable": "regressor/hidden/kernel",
}


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    y = np.random.rand(8, 1).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, name="hidden"),
            keras.layers.Dense(1, name="out"),
        ],
        name="regressor",
    )
    kernel = model.get_layer("hidden").kernel
    value = kernel.numpy()
    value[1, 2] = np.nan
    kernel.assign(value)
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
