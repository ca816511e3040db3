"""Regression targets joined from a second table: unmatched keys became NaN labels."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "data",
    "op": None,
    "layer": None,
    "line": None,
    "cause": "nonfinite_input",
    "input": "y",
    "rows": [1, 6],
}


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    y = np.random.rand(8, 1).astype("float32")
    y[[1, 6]] = np.nan
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    return guarded_fit(model, x, y, logdir)
