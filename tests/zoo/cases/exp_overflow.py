"""Poisson regression with a hand-written exp link: exp(pred) overflows float32 (> 88.7)."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {"phase": "forward", "op": "Exp", "layer": None, "line": "origin", "cause": "overflow"}


def poisson_nll(y_true, log_rate):
    rate = tf.exp(log_rate)  # <- origin
    return tf.reduce_mean(rate - y_true * log_rate, axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[6] = 100.0  # an outlier count used as a feature
    y = np.random.poisson(3.0, size=(8, 1)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile("sgd", poisson_nll)
    return guarded_fit(model, x, y, logdir)
