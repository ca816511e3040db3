"""GradientTape loop on a Keras model: log(relu(h)) in a custom layer; dead units give log 0."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "Log",
    "layer": "log_activation",
    "line": "origin",
    "cause": "log_of_zero",
}


class LogActivation(keras.layers.Layer):
    def call(self, x):
        return tf.math.log(tf.nn.relu(x))  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(4),
            LogActivation(name="log_activation"),
            keras.layers.Dense(1),
        ]
    )
    x = tf.constant(np.random.default_rng(0).standard_normal((8, 4)).astype("float32"))
    y = tf.zeros((8, 1))

    def loss_fn(x, y):
        return tf.reduce_mean(tf.square(model(x, training=True) - y))

    return located(loss_fn, x, y)
