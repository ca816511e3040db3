"""Linear regression with SGD(learning_rate=1e3): each step multiplies the error; after a
few steps the squared error overflows float32. No op is wrong on its own."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Square",
    "layer": None,
    "line": "origin",
    "cause": "divergence",
}


def squared_error(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(64, 4).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype="float32")).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(learning_rate=1e3), squared_error)
    return guarded_fit(model, x, y, logdir, batch_size=8, epochs=3, max_consecutive_skips=2)
