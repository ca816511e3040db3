"""HEALTHY: the double-where pattern. `log` only ever sees a safe input, so neither the value
nor the gradient of the discarded branch is non-finite."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class SafeLog(keras.layers.Layer):
    def call(self, x):
        safe = tf.where(x > 0, x, tf.ones_like(x))
        return tf.where(x > 0, tf.math.log(safe), tf.zeros_like(x))


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[1, 2] = 0.0
    x[3, 0] = -2.0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    h = keras.layers.Dense(4, kernel_initializer="identity")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(SafeLog(name="safe_log")(h)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir, batch_size=4)
