"""Custom loop: `tf.where(x > 0, tf.sqrt(x), 0)`: sqrt of the negative entries is NaN in the
discarded branch; the forward value is fine but the gradient picks the NaN up."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {"phase": "backward", "op": "Sqrt", "layer": None, "line": "origin",
            "cause": "where_gradient_trap"}


def run(logdir):
    w = tf.Variable(np.array([1.0, -1.0, 2.0, -0.5], dtype="float32"))

    def loss_fn():
        root = tf.where(w > 0, tf.sqrt(w), tf.zeros_like(w))  # <- origin
        return tf.reduce_sum(root)

    return located(loss_fn)
