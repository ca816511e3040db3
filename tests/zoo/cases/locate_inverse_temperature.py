"""Custom loop: a learned temperature initialised at 0 scales logits by 1/temperature."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "Reciprocal",
    "layer": None,
    "line": "origin",
    "cause": "div_by_zero",
}


def run(logdir):
    temperature = tf.Variable(0.0)
    logits = tf.constant(np.random.default_rng(0).standard_normal((4, 3)).astype("float32"))
    labels = tf.constant([0, 2, 1, 0])

    def loss_fn():
        scaled = logits * tf.math.reciprocal(temperature)  # <- origin
        return tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=scaled)
        )

    return located(loss_fn)
