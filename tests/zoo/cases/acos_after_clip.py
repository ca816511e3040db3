"""Angular loss: acos(clip(cosine, -1, 1)). Clipping keeps the value finite, but the
gradient of acos at exactly 1 is infinite."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "backward",
    "op": "Acos",
    "layer": None,
    "line": "origin",
    "cause": "grad_singularity",
}


def angular_loss(y_true, y_pred):
    dot = tf.reduce_sum(y_true * y_pred, axis=-1)
    cosine = dot / (tf.norm(y_true, axis=-1) * tf.norm(y_pred, axis=-1))
    cosine = tf.clip_by_value(cosine, -1.0, 1.0)
    return tf.math.acos(cosine)  # <- origin


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.eye(3, dtype="float32")[np.arange(8) % 3]
    y = x.copy()  # the identity model predicts the target exactly: cosine == 1
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(3, kernel_initializer="identity")]
    )
    model.compile("sgd", angular_loss)
    return guarded_fit(model, x, y, logdir)
