"""Keras says each origin of a non-finite evaluation once, as torch and JAX do.

The Keras Guard reports evaluations through the engine's
``core.evaluation.EvaluationReport``: one report per distinct origin, not per set
of non-finite metrics. Two different bugs behind the same ``loss: nan`` are both
said; the same bug again is only counted.
"""

from __future__ import annotations

import keras
import numpy as np

import nanguard.keras

T, V = 10, 40


def _text_model() -> keras.Model:
    keras.utils.set_random_seed(0)
    inp = keras.Input((T,), dtype="int32")
    h = keras.layers.Embedding(V, 8, mask_zero=True)(inp)
    h = keras.layers.GlobalAveragePooling1D(name="pool")(h)
    model = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(h))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def _docs(empty_rows=(), nan_label_rows=()):
    rng = np.random.default_rng(1)
    x = rng.integers(1, V, size=(16, T)).astype("int32")
    x[:, 7:] = 0
    x[list(empty_rows)] = 0
    y = rng.integers(0, 2, size=(16, 1)).astype("float32")
    y[list(nan_label_rows)] = np.nan
    return x, y


def test_two_origins_behind_the_same_nan_metric_are_both_said_and_a_repeat_only_counted(capfd):
    model = _text_model()
    guard = nanguard.keras.Guard()
    capfd.readouterr()
    for x, y in (_docs(empty_rows=[3]), _docs(nan_label_rows=[7]), _docs(empty_rows=[3])):
        assert np.isnan(model.evaluate(x, y, batch_size=16, verbose=0, callbacks=[guard]))
    out = capfd.readouterr().out
    assert guard.validation_nonfinite == 3 and guard.skipped == 0
    first, second = guard.validation_findings  # the third run repeats the first origin
    assert (first["origin"]["layer"], first["cause"]) == ("pool", "div_by_zero")
    assert (second["origin"]["phase"], second["origin"]["input"], second["cause"]) == (
        "data", "y", "nonfinite_input")
    lines = [line for line in out.splitlines() if line.startswith("nanguard:")]
    assert len(lines) == 2, out
    assert all("evaluation: loss non-finite from evaluation batch 0 on (model.evaluate)" in line
               for line in lines)
    assert out.count("said once per origin") == 2
