"""Custom loop: mean relative error |y - p| / |y| with targets that are exactly 0."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "RealDiv",
    "layer": None,
    "line": "origin",
    "cause": "div_by_zero",
}


def run(logdir):
    w = tf.Variable(np.array([[0.5], [0.2]], dtype="float32"))
    x = tf.constant(np.random.default_rng(0).random((6, 2)).astype("float32"))
    y = tf.constant(np.array([[1.0], [2.0], [0.0], [0.5], [1.5], [3.0]], dtype="float32"))

    def loss_fn():
        pred = x @ w
        return tf.reduce_mean(tf.abs(y - pred) / tf.abs(y))  # <- origin

    return located(loss_fn)
