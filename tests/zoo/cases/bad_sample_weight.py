"""Per-sample weights computed as 1 / class frequency with a class that never occurs: inf."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "data",
    "op": None,
    "layer": None,
    "line": None,
    "cause": "nonfinite_input",
    "input": "sample_weight",
    "rows": [4],
}


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    y = np.random.rand(8, 1).astype("float32")
    sw = np.ones((8,), dtype="float32")
    sw[4] = np.inf
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir, sample_weight=sw)
