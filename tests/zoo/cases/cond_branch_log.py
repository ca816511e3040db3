"""A loss that switches with `tf.cond` between a log-loss branch and an MSE branch; the
log branch takes `log(1 - p)` of a saturated sigmoid. In the graph the branch is an `If`
op's function: the op inside it is the origin."""

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


def switching_loss(y_true, y_pred):
    def log_loss():
        p = tf.sigmoid(y_pred)
        positive = y_true * tf.math.log(p)
        negative = (1.0 - y_true) * tf.math.log(1.0 - p)  # <- origin
        return -tf.reduce_mean(positive + negative)

    def mse():
        return tf.reduce_mean(tf.square(y_true - y_pred))

    return tf.cond(tf.reduce_max(y_true) <= 1.0, log_loss, mse)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.ones((8, 2), dtype="float32")
    y = np.zeros((8, 1), dtype="float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.layers[0].kernel.assign(np.full((2, 1), 30.0, dtype="float32"))  # sigmoid(60) == 1
    model.compile("sgd", switching_loss)
    return guarded_fit(model, x, y, logdir)
