"""Angle between un-normalized vectors: the "cosine" exceeds 1 and acos returns NaN."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Acos",
    "layer": None,
    "line": "origin",
    "cause": "domain_error",
}


def angle_loss(y_true, y_pred):
    cosine = tf.reduce_sum(y_true * y_pred, axis=-1)  # forgot to normalize
    return tf.math.acos(cosine)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 3).astype("float32") + 1.0
    y = np.random.rand(8, 3).astype("float32") + 1.0
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    model.compile("sgd", angle_loss)
    return guarded_fit(model, x, y, logdir)
