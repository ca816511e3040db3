"""HEALTHY: `tf.where(mask, logits, -inf)` with at least one unmasked entry per row, then
softmax. The -inf never reaches the loss or the gradients."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = None


class MaskedSoftmax(keras.layers.Layer):
    def call(self, inputs):
        logits, mask = inputs
        logits = tf.where(mask > 0, logits, -np.inf)
        return tf.nn.softmax(logits, axis=-1)


def run(logdir):
    keras.utils.set_random_seed(0)
    feats = np.random.rand(8, 5).astype("float32")
    mask = (np.random.rand(8, 5) > 0.5).astype("float32")
    mask[:, 0] = 1.0  # every row keeps at least one entry
    y = np.random.rand(8, 1).astype("float32")
    f_in, m_in = keras.Input((5,)), keras.Input((5,))
    probs = MaskedSoftmax(name="masked_softmax")([keras.layers.Dense(5)(f_in), m_in])
    model = keras.Model([f_in, m_in], keras.layers.Dense(1)(probs))
    model.compile("sgd", "mse")
    return guarded_fit(model, [feats, mask], y, logdir, batch_size=4)
