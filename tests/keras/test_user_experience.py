"""What a user reads during a guarded fit (issue 15): few console lines, honest logs.

Every test runs a real Keras model whose masked average divides 0 by 0 for an
empty document (``Embedding(mask_zero=True) -> GlobalAveragePooling1D``).
"""

from __future__ import annotations

import math

import keras
import numpy as np

import nanguard.keras

T, V = 10, 40


def _text_model() -> keras.Model:
    keras.utils.set_random_seed(0)
    inp = keras.Input((T,), dtype="int32")
    h = keras.layers.Embedding(V, 8, mask_zero=True)(inp)
    h = keras.layers.GlobalAveragePooling1D(name="pool")(h)
    out = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inp, out)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def _docs(n: int, empty_rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.integers(1, V, size=(n, T)).astype("int32")
    x[:, 7:] = 0  # padding
    x[empty_rows] = 0  # empty documents: every position masked
    y = rng.integers(0, 2, size=(n, 1)).astype("float32")
    return x, y


def _every_batch_empty(n_batches: int, batch: int = 16) -> list[int]:
    return [b * batch + r for b in range(n_batches) for r in (3, 9)]


def _nanguard_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("nanguard:")]


def test_repeated_skips_of_one_origin_print_one_origin_line_and_one_summary_per_epoch(capfd):
    x, y = _docs(64, _every_batch_empty(4))
    model = _text_model()
    capfd.readouterr()
    model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0,
              callbacks=[nanguard.keras.Guard(max_consecutive_skips=100)])
    out, err = capfd.readouterr()
    lines = _nanguard_lines(out)
    # 12 skipped steps: the first with its origin, then one summary per epoch.
    assert len(lines) == 4, out
    assert "step 0: skipped the update" in lines[0]
    assert "origin: forward RealDiv" in out
    assert lines[1].startswith("nanguard: steps 1-3 (epoch 1): skipped 3 more updates")
    assert "same origin" in lines[1] and "4 skipped in total" in lines[1]
    assert "12 skipped in total" in lines[3]
    assert out.count("skipped the update") == 1
    # Nothing of TensorFlow's own logging comes out of the replay.
    for noise in ("retracing", "WARNING:tensorflow", "W0000", "I0000", "absl"):
        assert noise not in out + err, (noise, out + err)


def test_verbose_2_prints_one_line_per_skipped_step(capfd):
    x, y = _docs(64, _every_batch_empty(4))
    model = _text_model()
    capfd.readouterr()
    model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0,
              callbacks=[nanguard.keras.Guard(max_consecutive_skips=100, verbose=2)])
    out = capfd.readouterr().out
    assert out.count("skipped the update") == 8
    assert "step 7: skipped the update" in out and "8 in total" in out
    assert "more update" not in out


def test_a_streak_that_ends_is_summarized_when_a_step_is_applied_again(capfd):
    # batches 0-2 each hold an empty document, batch 3 is clean: a streak of 3, then healthy.
    x, y = _docs(64, _every_batch_empty(3))
    model = _text_model()
    capfd.readouterr()
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0,
              callbacks=[nanguard.keras.Guard(max_consecutive_skips=100)])
    lines = _nanguard_lines(capfd.readouterr().out)
    assert len(lines) == 2, lines
    assert "(streak ended): skipped 2 more updates" in lines[1]


def test_logs_carry_skipped_and_an_epoch_with_every_step_skipped_has_nan_loss():
    x, y = _docs(64, _every_batch_empty(4))
    model = _text_model()
    hist = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                     callbacks=[nanguard.keras.Guard(max_consecutive_skips=100, verbose=0)])
    assert hist.history["skipped"] == [4, 4]
    assert all(math.isnan(v) for v in hist.history["loss"])


def test_an_epoch_with_some_applied_steps_keeps_their_mean_loss_and_counts_the_skips():
    x, y = _docs(64, [3, 9])  # only batch 0 is bad
    model = _text_model()
    batch_logs = []
    probe = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batch_logs.append(dict(logs)))
    hist = model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0,
                     callbacks=[nanguard.keras.Guard(verbose=0), probe])
    assert hist.history["skipped"] == [1]
    assert math.isfinite(hist.history["loss"][0]) and hist.history["loss"][0] > 0
    assert [b["skipped"] for b in batch_logs] == [1, 1, 1, 1]
    assert math.isnan(batch_logs[0]["loss"])  # nothing applied yet in this epoch
    assert math.isfinite(batch_logs[1]["loss"])


def test_nan_validation_loss_is_reported_once_counted_never_skipped_and_training_goes_on(
        capfd, tmp_path):
    import json

    x, y = _docs(64, [])  # clean training data
    x_val, y_val = _docs(32, [5, 20])  # empty documents: NaN validation loss
    model = _text_model()
    guard = nanguard.keras.Guard(logdir=tmp_path, max_consecutive_skips=1)
    capfd.readouterr()
    hist = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0,
                     validation_data=(x_val, y_val), callbacks=[guard])
    out = capfd.readouterr().out
    assert len(hist.history["loss"]) == 3 and all(math.isfinite(v) for v in hist.history["loss"])
    assert all(math.isnan(v) for v in hist.history["val_loss"])
    assert guard.skipped == 0 and hist.history["skipped"] == [0, 0, 0]
    assert guard.validation_nonfinite == 3
    lines = _nanguard_lines(out)
    assert len(lines) == 1, out
    assert "evaluation: loss non-finite from evaluation batch 0 on (epoch 1)" in lines[0]
    assert "nothing was skipped" in lines[0]
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["validation_nonfinite"] == 3
    # Localized like a training NaN: the op, the built-in layer, the row of the batch.
    assert len(guard.validation_findings) == 1
    found = guard.validation_findings[0]
    assert found["action"] == "reported" and found["batch"] == 0
    assert found["origin"]["layer_class"] == "GlobalAveragePooling1D"
    assert found["origin"]["rows"] == [5]
    assert "origin (evaluation batch 0): forward RealDiv in GlobalAveragePooling1D" in out
