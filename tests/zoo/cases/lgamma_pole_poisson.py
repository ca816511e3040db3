"""A Poisson log-likelihood written with `lgamma(y)` instead of `lgamma(y + 1)` (log y!):
zero counts put lgamma exactly on its pole at 0. Not an overflow: no dtype holds it."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Lgamma",
    "layer": None,
    "line": "origin",
    "cause": "pole",
}


def poisson_nll(y_true, log_rate):
    return tf.reduce_mean(
        tf.exp(log_rate) - y_true * log_rate + tf.math.lgamma(y_true),  # <- origin
        axis=-1,
    )


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    y = np.random.poisson(1.0, (8, 1)).astype("float32")
    y[0] = 0.0
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", poisson_nll)
    return guarded_fit(model, x, y, logdir)
