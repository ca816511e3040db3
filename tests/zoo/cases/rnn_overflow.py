"""A linear `SimpleRNN` (activation=None) whose recurrent kernel has spectral radius 1.5:
the state grows 1.5x per time step and overflows float32 deep inside the loop. The graph
shows a `While` op and then `TensorListStack`; the origin is a time step inside.

Ground truth: each unit follows h_t = 0.2 + 1.5 * h_(t-1) from h = 0 (input 1 times
kernel 0.1 summed over 2 features). In float32, 1.5 * h_(t-1) (the recurrent `MatMul`)
is the first value above 3.4e38, at time step 221 (counting from 0):
``h = 0; for t in range(300): m = float32(1.5) * h; h = float32(0.2) + m`` gives
m = inf first at t = 221."""

import keras
import numpy as np

from ._zoo import guarded_fit

EXPECTED = {
    "phase": "forward",
    "op": "MatMul",
    "layer": "simple_rnn_cell",
    "line": "origin",
    "cause": "overflow",
    "iteration": [221],
}


class Forecaster(keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = keras.layers.SimpleRNN(4, activation=None, name="rnn")
        self.head = keras.layers.Dense(1)

    def call(self, x):
        h = self.rnn(x)  # <- origin
        return self.head(h)


def run(logdir):
    keras.utils.set_random_seed(0)
    x = np.ones((4, 300, 2), dtype="float32")
    y = np.zeros((4, 1), dtype="float32")
    model = Forecaster()
    model(x[:1])
    model.rnn.cell.recurrent_kernel.assign(1.5 * np.eye(4, dtype="float32"))
    model.rnn.cell.kernel.assign(np.full((2, 4), 0.1, dtype="float32"))
    model.compile("sgd", "mse")
    return guarded_fit(model, x, y, logdir)
