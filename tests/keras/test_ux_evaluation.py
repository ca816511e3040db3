"""A NaN in ``model.evaluate()`` is localized like a training NaN, in inference mode.

Issue 15 item 6: no private Keras attribute is read (the guarded test step
copies the first non-finite batch), and the replay runs with ``training=False``,
as evaluation does.
"""

from __future__ import annotations

import keras
import numpy as np

import nanguard.keras
from nanguard.keras._evaluation import localize_evaluation
from nanguard.tf.replay import localize_batch

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
    x[:, 7:] = 0
    x[empty_rows] = 0
    y = rng.integers(0, 2, size=(n, 1)).astype("float32")
    return x, y


def _nanguard_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("nanguard:")]


def test_a_direct_evaluate_nan_is_localized_to_the_layer_and_rows(capfd):
    x, y = _docs(48, [21, 26])  # batch 1 of 16: rows 5 and 10
    model = _text_model()
    guard = nanguard.keras.Guard()
    capfd.readouterr()
    result = model.evaluate(x, y, batch_size=16, verbose=0, callbacks=[guard])
    out = capfd.readouterr().out
    assert np.isnan(result)
    assert guard.validation_nonfinite == 1 and guard.skipped == 0
    (found,) = guard.validation_findings
    assert found["action"] == "reported" and found["batch"] == 1
    assert found["origin"]["op"] == "RealDiv" and found["cause"] == "div_by_zero"
    assert found["origin"]["layer_class"] == "GlobalAveragePooling1D"
    assert found["origin"]["rows"] == [5, 10]
    lines = _nanguard_lines(out)
    assert len(lines) == 1, out
    assert "evaluation: loss non-finite from evaluation batch 1 on (model.evaluate)" in lines[0]
    assert "origin (evaluation batch 1): forward RealDiv in GlobalAveragePooling1D" in out


def test_with_several_steps_per_execution_the_batch_index_is_still_exact(capfd):
    x, y = _docs(64, [21, 26])  # batch 1 of 16; Keras' callbacks see batches 0-1 as one
    model = _text_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", steps_per_execution=2)
    guard = nanguard.keras.Guard()
    capfd.readouterr()
    model.evaluate(x, y, batch_size=16, verbose=0, callbacks=[guard])
    out = capfd.readouterr().out
    (found,) = guard.validation_findings
    assert found["batch"] == 1 and found["origin"]["rows"] == [5, 10]
    assert "from evaluation batch 1 on (model.evaluate)" in out


def test_the_guarded_test_function_is_reused_and_keras_own_is_put_back():
    x, y = _docs(32, [])
    model = _text_model()
    guard = nanguard.keras.Guard(verbose=0)
    model.evaluate(x, y, batch_size=16, verbose=0)
    keras_fn = model.test_function
    for _ in range(2):
        model.evaluate(x, y, batch_size=16, verbose=0, callbacks=[guard])
        assert model.test_function is keras_fn  # a plain evaluate afterwards is Keras' own
    assert len(guard._eval_watch._functions) == 1  # traced once, reused
    assert guard._eval_watch.captured is None  # a healthy evaluation copies nothing
    assert guard.validation_nonfinite == 0 and guard.validation_findings == []


def _batchnorm_model() -> keras.Model:
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    h = keras.layers.Dense(4, name="dense")(inp)
    h = keras.layers.BatchNormalization(name="bn")(h)
    out = keras.layers.Dense(1, name="head")(h)
    model = keras.Model(inp, out)
    model.compile(optimizer="sgd", loss="mse")
    bn = model.get_layer("bn")
    bn.moving_variance.assign(-np.ones(4, "float32"))  # inference-only: sqrt of a negative
    return model


def test_evaluation_is_replayed_in_inference_mode():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4)).astype("float32")
    y = rng.normal(size=(16, 1)).astype("float32")
    model = _batchnorm_model()
    guard = nanguard.keras.Guard(verbose=0)
    assert np.isnan(model.evaluate(x, y, batch_size=16, verbose=0, callbacks=[guard]))
    (found,) = guard.validation_findings
    assert found["origin"]["layer"] == "bn"
    assert found["origin"]["layer_class"] == "BatchNormalization"
    assert found["origin"]["phase"] == "forward"
    # Control: a training-mode replay uses the batch's own statistics and finds nothing.
    batch = {"x": x, "y": y}
    variables = {v.path: np.asarray(v.numpy()) for v in model.weights}
    assert localize_batch(model, batch, variables, training=True)[0] is None
    assert localize_evaluation(model, batch, 0) is not None


def test_fit_validation_nan_is_localized_without_keras_private_iterator(capfd):
    x, y = _docs(32, [])
    x_val, y_val = _docs(32, [5, 20])
    model = _text_model()
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, validation_data=(x_val, y_val),
              callbacks=[guard])
    assert guard.validation_nonfinite == 2
    (found,) = guard.validation_findings  # said once per origin
    assert found["batch"] == 0 and found["origin"]["rows"] == [5]
    assert found["origin"]["layer_class"] == "GlobalAveragePooling1D"
