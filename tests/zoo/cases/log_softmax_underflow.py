"""Hand-written cross-entropy: log(softmax(logits)) where softmax underflowed to exactly 0."""

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


def crossentropy(y_true, logits):
    probs = tf.nn.softmax(logits)
    return -tf.reduce_sum(y_true * tf.math.log(probs), axis=-1)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = (np.random.rand(8, 5).astype("float32") - 0.5) * 400.0  # unscaled features
    y = keras.utils.to_categorical(np.arange(8) % 3, 3).astype("float32")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
    model.compile("sgd", crossentropy)
    return guarded_fit(model, x, y, logdir)
