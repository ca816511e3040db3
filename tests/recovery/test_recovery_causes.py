"""Cause-aware recovery (issue 12): the batch's faults are skipped, the state's rolled back."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from recovery_scenarios import (  # noqa: E402
    BATCH,
    LearningRateSpike,
    StateRecorder,
    bitwise_equal,
    regression_data,
    small_model,
)

import nanguard  # noqa: E402
from nanguard.core import recovery_policy as rp  # noqa: E402
from nanguard.keras.recovery import Recovery  # noqa: E402


class WriteNaN(keras.callbacks.Callback):
    """Before host step ``at``, write NaN into element 0 of the variable ``pick(model)``."""

    def __init__(self, at, pick):
        super().__init__()
        self.at, self.pick, self.seen = at, pick, 0

    def on_train_batch_begin(self, batch, logs=None):
        if self.seen == self.at:
            var = self.pick(self.model)
            value = np.array(var.numpy(), copy=True)
            value.reshape(-1)[0] = np.nan
            var.assign(value)

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1


def _fit(x, y, callbacks, epochs=1, model=None):
    model = model or small_model()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0,
              callbacks=callbacks)
    return model


def test_isolated_bad_batches_are_quarantined_and_never_roll_back():
    # The first report: three isolated NaN/Inf batches within 50 steps.
    x, y = regression_data(n=512)
    x[10 * BATCH, 0] = np.nan
    y[25 * BATCH + 3, 0] = np.inf
    x[40 * BATCH + 1, 2] = np.inf
    rec = Recovery(batch_size=BATCH)
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    _fit(x, y, [guard])
    assert guard.skipped == 3 and rec.rollbacks == []
    assert sorted(rec.quarantine.entries) == [10, 25, 40]


def test_a_run_of_failures_of_unknown_origin_rolls_back():
    x, y = regression_data(n=512)
    x[30 * BATCH:34 * BATCH, 0] = np.nan  # steps 30..33 in a row
    rec = Recovery(snapshot_every=10)
    # No capture, so no localizer: the origin of the failures stays unknown.
    guard = nanguard.keras.Guard(recovery=rec, verbose=0, capture=False)
    _fit(x, y, [guard])
    (rb,) = rec.rollbacks
    # Snapshot 30 holds update 29, the step before the first failure: not trusted.
    assert rb["restored"] == 20 and "3 skipped steps within 50 steps" in rb["reason"]
    # Steps 30-32 are a run: not blamed on their batches. Step 33 failed from the
    # restored state while step 34 passed: that batch alone is at fault.
    assert sorted(rec.quarantine.entries) == [33]


@pytest.mark.parametrize(
    "pick, what",
    [
        pytest.param(lambda m: m.trainable_variables[0], "nonfinite_weights", id="weight"),
        pytest.param(
            lambda m: next(v for v in m.optimizer.variables if "velocity" in v.path),
            "nonfinite_optimizer_state",
            id="adam_v",
        ),
    ],
)
def test_corrupted_state_is_found_and_rolled_back_at_once(pick, what):
    x, y = regression_data(n=512)
    rec = Recovery(snapshot_every=10)
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    recorder = StateRecorder()
    model = _fit(x, y, [WriteNaN(45, pick), guard, recorder])
    (rb,) = rec.rollbacks
    assert rb["reason"].startswith(what) and rb["reason"].endswith("found before the step")
    assert rb["restored"] == 40 and rb["step"] <= 47  # at once, not after a streak of skips
    assert rec.lr_scale == 1.0  # a corruption does not back the rate off
    assert guard.skipped <= 1
    assert all(np.isfinite(v.numpy()).all() for v in model.variables + model.optimizer.variables)
    # After the rollback, every batch end had finite weights.
    for step in range(rb["step"], 64):
        assert all(np.isfinite(a).all() for a in recorder.after[step] if a.dtype.kind == "f")


def test_a_rollback_restores_the_spike_detector_with_the_variables():
    x, y = regression_data()
    rec = Recovery(snapshot_every=20)
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    seen = {}

    class Peek(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if rec.rollbacks and "after" not in seen:
                seen["after"] = guard._graph_guard.read_host()

    _fit(x, y, [guard, Peek(), LearningRateSpike(150)], epochs=3)
    (rb,) = rec.rollbacks
    snap = rec.last_restored.arrays
    for field in rp.RESTORED_GUARD_FIELDS:
        assert np.array_equal(seen["after"][field], snap["guard/" + field]), field
    assert int(snap["guard/hist_count"]) <= rb["restored"]


def test_a_learning_rate_spike_with_the_defaults_never_stops_the_run():
    # The second report: after a rollback every step looked like a spike.
    x, y = regression_data()
    rec = Recovery()
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    model = _fit(x, y, [guard, LearningRateSpike(150)], epochs=4)
    assert len(rec.rollbacks) == 1 and guard.steps == 256
    assert all(np.isfinite(v.numpy()).all() for v in model.variables)


def test_a_rollback_restores_the_dropout_rng_state():
    x, y = regression_data()
    keras.utils.set_random_seed(3)
    model = keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dropout(0.2),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    rec = Recovery(snapshot_every=20)
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    recorder = StateRecorder()
    _fit(x, y, [guard, recorder, LearningRateSpike(150)], epochs=3, model=model)
    (rb,) = rec.rollbacks
    names = [n for n in rec.last_restored.arrays if "seed_generator" in n]
    assert names, list(rec.last_restored.arrays)
    # Everything, the RNG state included, is the state after `restored` steps.
    assert bitwise_equal(recorder.after[rb["step"]], recorder.after[rb["restored"]])
