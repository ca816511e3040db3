"""A hand-written `tf.custom_gradient` for a "safe" L1 norm whose gradient function divides
by |x| (sign(x) = x / |x|): finite forward, 0/0 = NaN in the user's gradient at x = 0."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "backward",
    "op": "RealDiv",
    "layer": None,
    "line": "origin",
    "cause": "div_by_zero",
}


@tf.custom_gradient
def l1(x):
    def grad(dy):
        return dy * x / tf.abs(x)  # <- origin

    return tf.reduce_sum(tf.abs(x)), grad


def run(logdir):
    w = tf.Variable(np.array([0.5, 0.0, -2.0], dtype="float32"))

    def loss_fn():
        return tf.reduce_sum(tf.square(w - 1.0)) + 0.01 * l1(w)

    return located(loss_fn)
