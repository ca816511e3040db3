"""HEALTHY: a `tf.function` layer with a `tf.cond` and a double-where `log` (the unsafe
branch is fed 1.0 where masked), called from another `tf.function`. Zeros in the input
never reach a log, its value or its gradient."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


@tf.function
def safe_log(x):
    positive = x > 0
    return tf.where(positive, tf.math.log(tf.where(positive, x, 1.0)), 0.0)


class LogFeatures(keras.layers.Layer):
    @tf.function
    def call(self, x):
        return tf.cond(tf.reduce_any(x > 0), lambda: safe_log(x), lambda: x)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 4).astype("float32")
    x[:, 1] = 0.0
    y = np.random.rand(8, 1).astype("float32")
    inp = keras.Input((4,))
    model = keras.Model(inp, keras.layers.Dense(1)(LogFeatures(name="log_features")(inp)))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir, batch_size=4, epochs=2)
