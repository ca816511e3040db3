"""Custom float64 loop: `log(1 - sigmoid(z))` for z = 40. In float64 sigmoid(40) rounds to
exactly 1.0 (1 - 4e-18 needs 58 bits), so the log sees 0: a wider dtype only moves the edge."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "Log",
    "layer": None,
    "line": "origin",
    "cause": "log_of_zero",
}


def run(logdir):
    w = tf.Variable(np.array([[4.0], [10.0]], dtype="float64"))
    x = tf.constant(np.array([[1.0, 3.6], [0.5, 0.2]], dtype="float64"))

    def loss_fn():
        z = tf.matmul(x, w)
        return -tf.reduce_mean(tf.math.log(1.0 - tf.sigmoid(z)))  # <- origin

    return located(loss_fn)
