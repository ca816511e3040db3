"""Custom train loop (nanguard.locate): a contrastive loss takes ||a - b|| of a pair that is
identical; the norm is 0 and its gradient x/||x|| is 0/0."""

import numpy as np
import tensorflow as tf

from ._zoo import located

EXPECTED = {
    "phase": "backward",
    "op": "Sqrt",
    "layer": None,
    "line": "origin",
    "cause": "grad_singularity",
}


def run(logdir):
    emb = tf.Variable(np.random.default_rng(0).random((4, 3)).astype("float32"))
    emb[1].assign(emb[0])  # two augmentations collapsed to the same embedding

    def loss_fn():
        diff = emb[0] - emb[1]
        dist = tf.sqrt(tf.reduce_sum(tf.square(diff)))  # <- origin
        return tf.nn.relu(1.0 - dist) + tf.reduce_sum(tf.square(emb)) * 0.01

    return located(loss_fn)
