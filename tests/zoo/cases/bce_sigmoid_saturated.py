"""Hand-written binary cross-entropy on sigmoid outputs that saturated to exactly 1.0."""

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


def binary_crossentropy(y_true, p):
    pos = y_true * tf.math.log(p + 1e-12)
    neg = (1.0 - y_true) * tf.math.log(1.0 - p)  # <- origin
    return -tf.reduce_mean(pos + neg, axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.full((8, 4), 30.0, dtype="float32")
    y = np.zeros((8, 1), dtype="float32")
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(1, activation="sigmoid", kernel_initializer="ones"),
        ]
    )
    model.compile("sgd", binary_crossentropy)
    return guarded_fit(model, x, y, logdir)
