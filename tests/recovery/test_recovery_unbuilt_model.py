"""``Recovery`` with a subclassed model that ``fit`` builds on its first step.

At ``attach`` such a model has no variables yet; the variable lists and the first
snapshot must wait for the build, or every snapshot holds no weights and a rollback
has nothing valid to restore.
"""

from __future__ import annotations

import keras
import numpy as np

import nanguard.keras

BATCH = 8
STEPS = 30
BAD_STEP = 11  # 0-based batch index with a NaN sample
CORRUPT_AFTER = 17  # a NaN is written into a weight after this batch


class TwoLayer(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="tanh")
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))


class CorruptWeight(keras.callbacks.Callback):
    """Writes a NaN into the first kernel after one batch (a corrupted weight)."""

    def on_train_batch_end(self, batch, logs=None):
        if batch == CORRUPT_AFTER:
            w = self.model.trainable_variables[0]
            value = np.asarray(w.value).copy()
            value[0, 3] = np.nan
            w.assign(value)


def _data():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(STEPS * BATCH, 4)).astype("float32")
    y = rng.normal(size=(STEPS * BATCH, 1)).astype("float32")
    return x, y


def _fit(tmp_path, x, y, extra=()):
    keras.utils.set_random_seed(99)
    model = TwoLayer()
    assert not model.trainable_variables  # unbuilt until fit's first step
    model.compile(optimizer="adam", loss="mse")
    rec = nanguard.keras.Recovery(snapshot_every=5, batch_size=BATCH)
    guard = nanguard.keras.Guard(tmp_path, verbose=0, spike=True, recovery=rec)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[guard, *extra])
    return model, guard, rec


def _finite(model):
    return all(np.isfinite(np.asarray(v.value)).all() for v in model.variables)


def _snapshot_holds_every_variable(model, rec):
    snap = rec.store.load(rec.snapshot_steps[-1])
    names = [n for n in snap.arrays if not n.startswith("guard/")]
    n_opt = len([v for v in model.optimizer.variables
                 if v is not model.optimizer._learning_rate])
    return len(names) == len(model.trainable_variables) + n_opt and all(
        np.isfinite(snap.arrays[n]).all() for n in names
    )


def test_unbuilt_model_rolls_back_a_corrupted_weight_and_keeps_training(tf, tmp_path):
    x, y = _data()
    # fit returning at all means the run was not stopped (a stop raises NonFiniteError)
    model, guard, rec = _fit(tmp_path, x, y, extra=[CorruptWeight()])
    assert int(np.asarray(model.optimizer.iterations)) > CORRUPT_AFTER
    assert len(rec.rollbacks) >= 1
    first = rec.rollbacks[0]
    assert first["refused"] == [] and first["errors"] == []
    assert 0 < first["restored"] <= CORRUPT_AFTER + 1
    assert any("nonfinite_weights" in c["what"] for c in rec.corruptions)
    assert _finite(model)
    assert _snapshot_holds_every_variable(model, rec)


def test_unbuilt_model_quarantines_a_nan_batch_without_rolling_back(tf, tmp_path):
    x, y = _data()
    x[BAD_STEP * BATCH + 2, 1] = np.nan
    model, guard, rec = _fit(tmp_path, x, y)
    assert guard.skipped == 1
    assert rec.rollbacks == []
    assert list(rec.quarantine.entries) == [BAD_STEP]
    assert _finite(model)
    assert _snapshot_holds_every_variable(model, rec)
