"""Custom loop: a "soft" L0.5 penalty `sum(|w| ** 0.5)` on weights that are exactly 0
(pruned); its gradient 0.5 * w ** -0.5 is infinite."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "backward",
    "op": "Pow",
    "layer": None,
    "line": "origin",
    "cause": "grad_singularity",
}


def run(logdir):
    w = tf.Variable(np.array([0.5, 0.0, -1.5, 2.0], dtype="float32"))
    x = tf.constant(np.ones((3, 4), dtype="float32"))

    def loss_fn():
        fit = tf.reduce_mean(tf.square(tf.linalg.matvec(x, w) - 1.0))
        penalty = tf.reduce_sum(tf.pow(tf.abs(w), 0.5))  # <- origin
        return fit + 0.1 * penalty

    return located(loss_fn)
