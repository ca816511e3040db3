"""Custom loop: `tf.where(elapsed > 0, distance / elapsed, 0)`. A zero duration gives x/0 in
the discarded branch; the value is fine, but the gradient grad / elapsed is 0/0 = NaN.
(TensorFlow's SqrtGrad is zero-safe, so the classic sqrt-in-where does not trap here.)"""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "backward",
    "op": "RealDiv",
    "layer": None,
    "line": "origin",
    "cause": "where_gradient_trap",
}


def run(logdir):
    distance = tf.Variable(np.array([1.0, 2.0, 3.0, 4.0], dtype="float32"))
    elapsed = tf.constant(np.array([2.0, 0.0, 1.0, 4.0], dtype="float32"))

    def loss_fn():
        speed = tf.where(elapsed > 0, distance / elapsed, tf.zeros_like(distance))  # <- origin
        return tf.reduce_sum(tf.square(speed - 1.0))

    return located(loss_fn)
