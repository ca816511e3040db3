"""The Guard across fits and in the Keras logs, without reading the device every step.

* A later ``fit`` reuses the guarded train function the first one traced; when its
  data makes TensorFlow retrace that function (a last partial batch, a new batch
  size), the retrace must run one installation's patches and hooks together.
* ``logs["skipped"]`` is known on the host without a device read while no skip
  hook rang; under XLA (``jit_compile=True``) no hook can ring, so it is read.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nanguard  # noqa: E402

BATCH = 8


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 1))).astype("float32")
    return x, y


def _model(**compile_kw):
    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="tanh"),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse", **compile_kw)
    return model


class BatchLogs(keras.callbacks.Callback):
    """The logs every later callback (progress bar, History) sees at each batch end."""

    def __init__(self):
        super().__init__()
        self.skipped = []

    def on_train_batch_end(self, batch, logs=None):
        self.skipped.append(logs.get("skipped"))


def test_a_second_fit_that_retraces_the_guarded_step_still_skips_a_nan_batch():
    x, y = _data()
    model = _model()
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 0
    # 60 rows: a last batch of 4 rows makes TensorFlow retrace the reused function.
    x2, y2 = x[:60].copy(), y[:60]
    x2[57, 1] = np.nan
    before = [v.numpy().copy() for v in model.trainable_variables]
    model.fit(x2[56:], y2[56:], batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[guard])
    assert guard.skipped == 1 and [e["step"] for e in guard.events] == [8]
    assert all(np.array_equal(a, v.numpy()) for a, v in zip(before, model.trainable_variables))
    model.fit(x2[:56], y2[:56], batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[guard])
    assert guard.skipped == 1 and guard.steps == 16


@pytest.mark.parametrize(
    "compile_kw, expected",
    [
        pytest.param({}, [0, 0, 0, 0, 1, 1, 1, 1], id="default"),
        pytest.param({"jit_compile": True}, [0, 0, 0, 0, 1, 1, 1, 1], id="jit_compile"),
        pytest.param({"steps_per_execution": 3}, [0, 1, 1], id="steps_per_execution_3"),
    ],
)
def test_batch_logs_count_the_skips_of_the_epoch_with_and_without_a_skip_hook(
        compile_kw, expected):
    x, y = _data()
    x[4 * BATCH + 2, 0] = np.inf  # batch 4 of 8
    model = _model(**compile_kw)
    guard = nanguard.keras.Guard(verbose=0)
    logs = BatchLogs()
    hist = model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0,
                     callbacks=[guard, logs])
    assert logs.skipped == expected * 2  # the count starts again in each epoch
    assert hist.history["skipped"] == [1, 1] and guard.skipped == 2
