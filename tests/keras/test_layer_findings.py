"""Findings inside Keras' built-in layers point at the user's model (issue 15).

Real Keras runs; each NaN is born inside a layer the user cannot edit
(GlobalAveragePooling1D over empty documents, LayerNormalization/BatchNormalization
with epsilon=0 on constant values). The finding must name the layer's class and
name, the user's line that created (or called) it, the rows of the batch at
fault, and a fix the user can apply to the data or the layer's arguments.
"""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest

import nanguard.keras
from nanguard.core import incident
from nanguard.keras import _layer_sites

T, V, BATCH = 10, 40, 16


def _docs(n: int, empty_rows: list[int]):
    rng = np.random.default_rng(1)
    x = rng.integers(1, V, size=(n, T)).astype("int32")
    x[:, 7:] = 0
    x[empty_rows] = 0
    y = rng.integers(0, 2, size=(n, 1)).astype("float32")
    return x, y


def _line_of(marker: str) -> int:
    lines, start = inspect.getsourcelines(inspect.getmodule(_line_of))
    return max(start, 1) + next(i for i, text in enumerate(lines) if marker in text)


def _functional():
    inp = keras.Input((T,), dtype="int32")
    h = keras.layers.Embedding(V, 8, mask_zero=True)(inp)
    h = keras.layers.GlobalAveragePooling1D(name="pool")(h)  # FUNCTIONAL-POOL
    return keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(h))


def _sequential():
    return keras.Sequential([
        keras.Input((T,), dtype="int32"),
        keras.layers.Embedding(V, 8, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(name="pool"),  # SEQUENTIAL-POOL
        keras.layers.Dense(1, activation="sigmoid"),
    ])


class TextClassifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = keras.layers.Embedding(V, 8, mask_zero=True)
        self.pool = keras.layers.GlobalAveragePooling1D(name="pool")
        self.head = keras.layers.Dense(1, activation="sigmoid")

        self(keras.ops.ones((1, T), dtype="int32"))  # build before compile

    def call(self, x):
        h = self.embed(x)
        return self.head(self.pool(h, mask=self.embed.compute_mask(x)))  # SUBCLASS-CALL


def _fit_one_bad_batch(model, x, y, **guard_kw):
    keras.utils.set_random_seed(0)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    guard = nanguard.keras.Guard(verbose=0, **guard_kw)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped >= 1
    finding = guard.incidents[0]["finding"]
    incident.validate_report(finding)
    return finding


@pytest.mark.parametrize(("build", "marker"), [
    (_functional, "FUNCTIONAL-POOL"),
    (_sequential, "SEQUENTIAL-POOL"),
    (TextClassifier, "SUBCLASS-CALL"),
])
def test_empty_documents_in_global_average_pooling_name_the_layer_line_rows_and_data_fix(
        build, marker):
    keras.utils.set_random_seed(0)
    x, y = _docs(4 * BATCH, [6, 11])  # rows 6 and 11 of the first batch are empty
    finding = _fit_one_bad_batch(build(), x, y)
    o = finding["origin"]
    assert (o["phase"], o["op"], finding["cause"]) == ("forward", "RealDiv", "div_by_zero")
    assert o["layer"] == "pool" and o["layer_class"] == "GlobalAveragePooling1D"
    assert o["file"] == __file__ and o["line"] == _line_of(marker)
    assert o["rows"] == [6, 11]
    assert "2 of the 16 rows of the batch are entirely masked (rows 6 and 11)" in \
        finding["explanation"]
    assert "built-in GlobalAveragePooling1D layer 'pool'" in finding["explanation"]
    assert "safe_div" not in finding["fix"] and "empty sequences" in finding["fix"]


def test_a_layer_whose_creation_line_is_unknown_gives_no_line_and_says_so():
    keras.utils.set_random_seed(0)
    x, y = _docs(2 * BATCH, [6])
    model = _functional()
    _layer_sites._SITES.pop(model.get_layer("pool"))  # as if created before the import
    finding = _fit_one_bad_batch(model, x, y)
    o = finding["origin"]
    assert o["layer_class"] == "GlobalAveragePooling1D"
    assert o["file"] is None and o["line"] is None
    assert "the line where that layer was created is not known" in finding["explanation"]
    assert "1 of the 16 rows of the batch is entirely masked (row 6)" in finding["explanation"]


def test_layer_normalization_without_epsilon_on_constant_rows_names_those_rows():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(2).normal(size=(2 * BATCH, 5)).astype("float32")
    x[[2, 13]] = 1.5  # constant across the features
    inp = keras.Input((5,))
    h = keras.layers.LayerNormalization(epsilon=0.0, name="norm")(inp)  # LN-LINE
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    finding = _fit_one_bad_batch(model, x, np.zeros((len(x), 1), "float32"))
    o = finding["origin"]
    assert o["layer"] == "norm" and o["layer_class"] == "LayerNormalization"
    assert o["line"] == _line_of("LN-LINE") and o["rows"] == [2, 13]
    assert "are constant across the normalized features (rows 2 and 13)" in \
        finding["explanation"]
    assert "epsilon > 0" in finding["fix"]


def test_batch_normalization_without_epsilon_on_a_constant_feature_blames_no_row():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(3).normal(size=(2 * BATCH, 5)).astype("float32")
    x[:, 1] = 2.0  # one feature constant over the batch
    inp = keras.Input((5,))
    h = keras.layers.BatchNormalization(epsilon=0.0, name="bn")(inp)  # BN-LINE
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    finding = _fit_one_bad_batch(model, x, np.zeros((len(x), 1), "float32"))
    o = finding["origin"]
    assert o["layer"] == "bn" and o["layer_class"] == "BatchNormalization"
    assert o["line"] == _line_of("BN-LINE")
    assert o["rows"] is None  # the per-feature variance has no batch axis
    assert "constant over the batch for some feature" in finding["explanation"]
    assert "epsilon > 0" in finding["fix"]


def test_multi_head_attention_with_an_all_masked_row_stays_finite_in_keras_3():
    """Keras 3 masks attention with a large negative number, not -inf: a query row with
    every key masked gets a uniform softmax. Nothing is skipped, nothing is reported."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(4).integers(1, V, size=(2 * BATCH, T)).astype("int32")
    x[5] = 0  # every key of this row is masked
    inp = keras.Input((T,), dtype="int32")
    e = keras.layers.Embedding(V, 8, mask_zero=True)(inp)
    a = keras.layers.MultiHeadAttention(2, 4, name="attn")(e, e)
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(a)))
    model.compile(optimizer="adam", loss="mse")
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, np.zeros((len(x), 1), "float32"), batch_size=BATCH, epochs=1,
              shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 0 and guard.incidents == []
    assert all(np.isfinite(w).all() for w in model.get_weights())


class MaskedSelfAttention(keras.layers.Layer):
    """A hand-written attention that masks with -inf, as many tutorials do."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.q, self.k, self.v = (keras.layers.Dense(units) for _ in range(3))

    def call(self, h, mask):
        import tensorflow as tf

        scores = tf.matmul(self.q(h), self.k(h), transpose_b=True) / 2.0
        scores = tf.where(tf.cast(mask, tf.bool)[:, None, :], scores, float("-inf"))
        weights = tf.nn.softmax(scores, axis=-1)  # USER-SOFTMAX
        return tf.matmul(weights, self.v(h))


def test_hand_written_attention_with_minus_inf_mask_names_the_masked_rows_and_the_fix():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(4).integers(1, V, size=(2 * BATCH, T)).astype("int32")
    x[[5, 9]] = 0  # every key of these rows is masked
    inp = keras.Input((T,), dtype="int32")
    e = keras.layers.Embedding(V, 8)(inp)
    a = MaskedSelfAttention(8, name="attn")(e, keras.ops.not_equal(inp, 0))
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(a)))
    model.compile(optimizer="adam", loss="mse")
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, np.zeros((len(x), 1), "float32"), batch_size=BATCH, epochs=1,
              shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 1  # the first batch only
    finding = guard.incidents[0]["finding"]
    incident.validate_report(finding)
    o = finding["origin"]
    assert (o["phase"], o["op"], o["layer"]) == ("forward", "Softmax", "attn")
    assert o["layer_class"] == "MaskedSelfAttention"
    assert o["file"] == __file__ and o["line"] == _line_of("USER-SOFTMAX")  # the user's line
    assert o["rows"] == [5, 9]
    assert "2 of the 16 rows of the batch have every key masked (rows 5 and 9)" in \
        finding["explanation"]
    assert "from finite inputs" not in finding["explanation"]
    assert "attend to at least one key" in finding["fix"]
    assert "nanguard.ops.masked_softmax" in finding["fix"]


class Doubler(keras.layers.Layer):  # no __init__ of its own: Keras' auto config reads Layer's
    def call(self, x):
        return 2 * x


def test_recording_creation_lines_keeps_keras_auto_config_of_layers_without_init():
    layer = Doubler(name="twice")
    clone = Doubler.from_config(layer.get_config())
    assert clone.name == "twice"
    assert _layer_sites.creation_site(layer)["line"] == _line_of('Doubler(name="twice")')
