"""A CSV with a missing value read as NaN: rows 2 and 5 of the features are NaN."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "data",
    "op": None,
    "layer": None,
    "line": None,
    "cause": "nonfinite_input",
    "input": "x",
    "rows": [2, 5],
}


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    x[2, 1] = np.nan
    x[5, 0] = np.inf
    y = np.random.rand(8, 1).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
