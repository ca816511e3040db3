"""Shared scripted fault scenarios for the recovery tests (tiny models, fixed seeds)."""

from __future__ import annotations

import keras
import numpy as np

BATCH = 8


def regression_data(n=512, seed=0, noise=0.1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    w = rng.normal(size=(4, 1))
    y = (np.tanh(x @ w) + noise * rng.normal(size=(n, 1))).astype("float32")
    return x, y


def small_model(lr=1e-2, optimizer=None, seed=7):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=optimizer or keras.optimizers.Adam(lr), loss="mse")
    return model


class LearningRateSpike(keras.callbacks.Callback):
    """Multiplies the learning rate by ``factor`` for the one batch at host step ``at``."""

    def __init__(self, at: int, factor: float = 1000.0):
        super().__init__()
        self.at = at
        self.factor = factor
        self.seen = 0
        self.base = None

    def on_train_batch_begin(self, batch, logs=None):
        lr = self.model.optimizer.learning_rate
        if self.seen == self.at:
            self.base = float(lr.numpy())
            lr.assign(self.base * self.factor)
        elif self.seen == self.at + 1 and self.base is not None:
            lr.assign(self.base)

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1


class StateRecorder(keras.callbacks.Callback):
    """Model + optimizer variables (host copies) after every batch, keyed by host step."""

    def __init__(self, exclude_lr=True):
        super().__init__()
        self.after = {}
        self.seen = 0

    def grab(self):
        opt = self.model.optimizer
        lr = getattr(opt, "_learning_rate", None)
        vals = [np.array(v.numpy(), copy=True) for v in self.model.variables]
        vals += [np.array(v.numpy(), copy=True) for v in opt.variables if v is not lr]
        return vals

    def on_train_begin(self, logs=None):
        self.after[0] = self.grab()

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        self.after[self.seen] = self.grab()


def bitwise_equal(a, b):
    a, b = list(a), list(b)
    return len(a) == len(b) and all(
        x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
        for x, y in zip(a, b, strict=True)
    )


def mse(model, x, y):
    return float(np.mean((model.predict(x, batch_size=256, verbose=0) - y) ** 2))
