"""StepGuard protects custom GradientTape loops with two changed lines."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from nanguard.errors import NonFiniteError  # noqa: E402
from nanguard.tf import StepGuard  # noqa: E402


def _setup():
    keras.utils.set_random_seed(5)
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)]
    )
    opt = keras.optimizers.Adam(1e-2)
    return model, opt


def test_custom_loop_skips_a_nan_batch_and_keeps_weights_bitwise():
    model, opt = _setup()
    guard = StepGuard(opt, clipnorm=1.0)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(y - model(x, training=True)))
        grads = tape.gradient(loss, model.trainable_variables)
        guard.apply_gradients(grads, model.trainable_variables, loss=loss)
        return loss

    rng = np.random.default_rng(0)
    for step in range(5):
        x = rng.normal(size=(8, 3)).astype("float32")
        y = rng.normal(size=(8, 1)).astype("float32")
        if step == 2:
            x[1, 1] = np.nan
        before = [v.numpy().copy() for v in model.variables + opt.variables]
        train_step(x, y)
        after = [v.numpy() for v in model.variables + opt.variables]
        same = all(a.tobytes() == b.tobytes() for a, b in zip(before, after))
        assert same == (step == 2), step
    assert guard.skipped == 1 and guard.steps == 5
    assert guard.events()[0]["step"] == 2


def test_check_raises_after_too_many_consecutive_skips():
    model, opt = _setup()
    guard = StepGuard(opt, max_consecutive_skips=2)
    var = model.trainable_variables
    model(np.zeros((1, 3), np.float32))
    for _ in range(2):
        guard.apply_gradients([tf.fill(v.shape, np.nan) for v in var], var)
    with pytest.raises(NonFiniteError, match=r"2 consecutive steps had non-finite gradients"):
        guard.check()


def test_step_guard_rejects_bad_arguments():
    model, opt = _setup()
    with pytest.raises(ValueError, match=r"`max_consecutive_skips` must be an int >= 1; got 0"):
        StepGuard(opt, max_consecutive_skips=0)
    with pytest.raises(ValueError, match=r"`optimizer` must be a Keras 3 optimizer"):
        StepGuard(object())
