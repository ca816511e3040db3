"""Repeated squaring in a `tf.while_loop` (a power iteration without renormalization): the
norm doubles its exponent each pass and leaves float32 at iteration 4."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "Mul",
    "layer": None,
    "line": "origin",
    "cause": "overflow",
    "iteration": [4],
}


def run(logdir):
    w = tf.Variable(np.array([30.0, 2.0], dtype="float32"))

    @tf.function
    def loss_fn():
        def body(i, v):
            return i + 1, v * v  # <- origin

        _, v = tf.while_loop(lambda i, v: i < 8, body, (tf.constant(0), w))
        return tf.reduce_sum(v)

    return located(loss_fn)
