"""A loss built from `tf.function` helpers calling `tf.function` helpers: the innermost one
takes `log` of a predicted rate that the ReLU output makes exactly 0. Traced into the fit
graph, the whole helper chain is one opaque `StatefulPartitionedCall`."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Log",
    "layer": None,
    "line": "origin",
    "cause": "log_of_zero",
}


@tf.function
def log_rate(rate):
    return tf.math.log(rate)  # <- origin


@tf.function
def poisson_term(y, rate):
    return rate - y * log_rate(rate)


@tf.function
def poisson_nll(y_true, y_pred):
    return tf.reduce_mean(poisson_term(y_true, y_pred), axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32")
    y = np.random.poisson(2.0, (8, 1)).astype("float32") + 1.0
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="relu",
                                                                   bias_initializer="zeros")])
    model.layers[0].kernel.assign(-np.ones((3, 1), "float32"))  # the ReLU outputs 0
    model.compile("sgd", poisson_nll)
    return guarded_fit(model, x, y, logdir)
