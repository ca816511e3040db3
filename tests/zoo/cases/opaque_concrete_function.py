"""A preprocessing step exported as a `ConcreteFunction` (the shape a SavedModel signature
has) takes `log` of zero inside. The replay cannot enter a concrete graph: the finding must
say the inside is unseen, not guess "overflow"."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "forward",
    "op": "PartitionedCall[log_features]",
    "layer": None,
    "line": "origin",
    "cause": "opaque_call",
}


def log_features(x):
    return tf.math.log(x)


def run(logdir):
    preprocess = tf.function(log_features).get_concrete_function(
        tf.TensorSpec([None, 3], tf.float32))
    w = tf.Variable(np.ones((3, 1), dtype="float32"))
    x = tf.constant(np.array([[1.0, 2.0, 0.0]], dtype="float32"))

    def loss_fn():
        return tf.reduce_sum(tf.matmul(preprocess(x), w))  # <- origin

    return located(loss_fn)
