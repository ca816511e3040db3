"""Guard on the model shapes people actually train: custom train_step, dict inputs, tf.data."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard  # noqa: E402


class CustomStep(keras.Model):
    """A subclassed model with its own GradientTape train_step (never calls scale_loss)."""

    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="tanh")
        self.out = keras.layers.Dense(1)
        self.tracker = keras.metrics.Mean(name="loss")

    def call(self, x):
        return self.out(self.hidden(x))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self(x, training=True) - y))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.tracker.update_state(loss)
        return {"loss": self.tracker.result()}

    @property
    def metrics(self):
        return [self.tracker]


def test_a_custom_train_step_gets_its_nonfinite_gradients_skipped():
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = rng.normal(size=(40, 1)).astype("float32")
    x[13, 0] = np.nan  # batch 1 of 5
    model = CustomStep()
    model.compile(optimizer=keras.optimizers.SGD(0.05))
    model(x[:1])
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 1 and guard.events[0]["step"] == 1
    assert guard.events[0]["trigger"] == "gradients"  # no scale_loss: only gradients are seen
    assert all(np.isfinite(v.numpy()).all() for v in model.trainable_variables)


def test_dict_inputs_from_tf_data_are_captured_by_name_and_localized(tmp_path):
    keras.utils.set_random_seed(2)
    a = keras.Input((2,), name="a")
    b = keras.Input((3,), name="b")
    h = keras.layers.Concatenate()([a, b])
    model = keras.Model({"a": a, "b": b}, keras.layers.Dense(1, name="head")(h))
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    rng = np.random.default_rng(2)
    xa = rng.normal(size=(32, 2)).astype("float32")
    xb = rng.normal(size=(32, 3)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    xb[19, 2] = np.inf  # batch 2, row 3
    ds = tf.data.Dataset.from_tensor_slices(({"a": xa, "b": xb}, y)).batch(8)
    guard = nanguard.keras.Guard(logdir=tmp_path, verbose=0)
    model.fit(ds, epochs=1, verbose=0, callbacks=[guard], validation_data=ds.take(1))
    assert guard.skipped == 1
    finding = guard.incidents[0]["finding"]
    assert finding["origin"]["phase"] == "data"
    assert finding["origin"]["input"] == "x/b" and finding["origin"]["rows"] == [3]
    assert (finding["step"], finding["batch"]) == (2, 2)
