"""A subclassed model that ``fit`` builds on its first step (the common Keras pattern).

Its variables do not exist when the Guard installs itself, so the optimizer cannot be
built then; it must be built at trace time, before the guard's conditional.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

import nanguard.keras

BATCH = 8
BAD_STEP = 2
STEPS = 6


class TwoLayer(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="tanh")
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))


def _data():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(STEPS * BATCH, 4)).astype("float32")
    y = rng.normal(size=(STEPS * BATCH, 1)).astype("float32")
    return x, y


def _train(x, y, callbacks, optimizer="adam"):
    keras.utils.set_random_seed(1234)
    model = TwoLayer()
    assert not model.trainable_variables  # unbuilt until fit's first step
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=callbacks)
    return model


def _bytes(model):
    return [np.asarray(v.value).tobytes() for v in model.trainable_variables]


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "rmsprop"])
def test_unbuilt_subclassed_model_skips_a_nan_batch_bitwise(tf, optimizer):
    x, y = _data()
    bad_x = x.copy()
    bad_x[BAD_STEP * BATCH + 3, 1] = np.nan
    guard = nanguard.keras.Guard(verbose=0)
    guarded = _train(bad_x, y, [guard], optimizer)
    keep = np.r_[0:BAD_STEP * BATCH, (BAD_STEP + 1) * BATCH:STEPS * BATCH]
    plain = _train(x[keep], y[keep], [], optimizer)
    assert guard.skipped == 1
    assert _bytes(guarded) == _bytes(plain)


def test_unbuilt_subclassed_model_healthy_run_equals_plain_fit(tf):
    x, y = _data()
    guarded = _train(x, y, [nanguard.keras.Guard(verbose=0)])
    plain = _train(x, y, [])
    assert _bytes(guarded) == _bytes(plain)


def test_unbuilt_subclassed_model_under_mirrored_strategy_skips_on_every_replica(
        mirrored_strategy):
    x, y = _data()
    x[BAD_STEP * BATCH + 6, 0] = np.nan  # second half of the global batch: replica 1 only
    with mirrored_strategy.scope():
        model = TwoLayer()
        model.compile(optimizer="adam", loss="mse")
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 1
    for v in model.trainable_variables:
        assert np.all(np.isfinite(np.asarray(v.value))), v.path
