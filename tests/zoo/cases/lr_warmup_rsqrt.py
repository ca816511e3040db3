"""An inverse-square-root warm-up schedule (the Transformer's `rsqrt(step)`) evaluated at
step 0: the learning rate is +inf while loss and gradients are finite. The guard must
skip the update and the incident must name the schedule's op and line, not the weights."""

import keras
import numpy as np
import tensorflow as tf

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "Rsqrt",
    "layer": None,
    "line": "origin",
    "cause": "div_by_zero",
}


class InverseSqrtWarmup(keras.optimizers.schedules.LearningRateSchedule):
    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        return 0.01 * tf.math.rsqrt(step)  # <- origin

    def get_config(self):
        return {}


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.random.rand(16, 3).astype("float32")
    y = np.random.rand(16, 1).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(learning_rate=InverseSqrtWarmup()), "mse")
    return guarded_fit(model, x, y, logdir, batch_size=8)
