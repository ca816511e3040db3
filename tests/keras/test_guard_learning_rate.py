"""A non-finite learning rate never reaches the weights (issue 10, item 1).

The loss and gradients are finite in every test here: only the learning rate
the optimizer reads for the step is NaN/Inf. The guard must skip that step
(trigger ``learning_rate``), leave every variable bitwise unchanged, and name the
schedule's op and line when the rate comes from a schedule.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard  # noqa: E402
from nanguard.errors import NonFiniteError  # noqa: E402

BATCH = 8


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 1))).astype("float32")
    return x, y


def _model(optimizer):
    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="tanh"),
                              keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def _weights(model):
    return [np.array(v.numpy(), copy=True) for v in model.variables]


class RsqrtWarmup(keras.optimizers.schedules.LearningRateSchedule):
    """The classic warm-up ``rsqrt(step)``: infinite at step 0."""

    def __call__(self, step):
        return 0.01 * tf.math.rsqrt(tf.cast(step, tf.float32))  # inf at step 0

    def get_config(self):
        return {}


RSQRT_LINE = inspect.getsourcelines(RsqrtWarmup.__call__)[1] + 1


class SetAtBatch(keras.callbacks.Callback):
    """Assign ``value`` to ``variable`` before batches ``start``..``stop - 1``, then restore."""

    def __init__(self, variable, value, start, stop):
        super().__init__()
        self.variable, self.value, self.start, self.stop = variable, value, start, stop
        self.original = float(variable.numpy())
        self.before = {}

    def on_train_batch_begin(self, batch, logs=None):
        self.before[batch] = _weights(self.model)
        if batch == self.start:
            self.variable.assign(self.value)
        if batch == self.stop:
            self.variable.assign(self.original)


@pytest.mark.parametrize("bad", [float("inf"), float("nan")], ids=["inf", "nan"])
def test_a_float_learning_rate_set_non_finite_mid_run_skips_exactly_those_steps(bad):
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.05))
    lr_var = model.optimizer._learning_rate  # the float rate lives in a variable
    flip = SetAtBatch(lr_var, bad, start=2, stop=4)
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[flip, guard])
    assert [(e["step"], e["trigger"]) for e in guard.events] == [
        (2, "learning_rate"), (3, "learning_rate")
    ]
    assert all(np.isfinite(e["loss"]) and np.isfinite(e["grad_norm"]) for e in guard.events)
    # Both skipped steps left every weight bitwise as it was before them.
    for a, b in zip(flip.before[2], flip.before[4]):
        np.testing.assert_array_equal(a, b)
    # The healthy steps around them were applied, and the weights stay finite.
    assert any(not np.array_equal(a, b) for a, b in zip(flip.before[1], flip.before[2]))
    assert all(np.isfinite(w).all() for w in _weights(model))
    assert guard.skipped == 2 and guard.steps == 8


def test_a_schedule_that_is_infinite_at_step_0_is_skipped_and_named_by_op_and_line(tmp_path):
    x, y = _data()
    model = _model(keras.optimizers.Adam(RsqrtWarmup()))
    before = _weights(model)
    guard = nanguard.keras.Guard(logdir=tmp_path / "run", max_consecutive_skips=3, verbose=0)
    with pytest.raises(NonFiniteError, match="3 consecutive steps had a non-finite learning "
                                             "rate") as info:
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                  callbacks=[guard])
    assert info.value.what == "learning_rate"
    # A skipped step does not advance the optimizer's iterations, so the schedule stays
    # at its singular step 0 and the guard stops after max_consecutive_skips.
    assert [e["trigger"] for e in guard.events] == ["learning_rate"] * 3
    assert int(model.optimizer.iterations.numpy()) == 0
    for a, b in zip(before, _weights(model)):
        np.testing.assert_array_equal(a, b)
    finding = guard.incidents[0]["finding"]
    assert finding is not None, "the incident should be localized on the schedule"
    assert finding["trigger"] == "learning_rate"
    origin = finding["origin"]
    assert origin["file"].endswith("test_guard_learning_rate.py")
    assert origin["line"] == RSQRT_LINE
    assert "Rsqrt" in (origin["op"] or "") or origin.get("kind") == "rsqrt"
    assert f"test_guard_learning_rate.py:{RSQRT_LINE}" in str(info.value)


def test_a_callable_learning_rate_that_turns_infinite_is_skipped():
    x, y = _data()
    divisor = tf.Variable(1.0, trainable=False)
    model = _model(keras.optimizers.SGD(lambda: 0.05 / divisor))
    flip = SetAtBatch(divisor, 0.0, start=3, stop=5)  # 0.05 / 0 = inf
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[flip, guard])
    assert [(e["step"], e["trigger"]) for e in guard.events] == [
        (3, "learning_rate"), (4, "learning_rate")
    ]
    for a, b in zip(flip.before[3], flip.before[5]):
        np.testing.assert_array_equal(a, b)
    assert all(np.isfinite(w).all() for w in _weights(model))


def test_a_non_finite_tensor_hyperparameter_is_skipped_as_hyperparameter():
    x, y = _data()
    decay = tf.Variable(0.0, trainable=False)
    opt = keras.optimizers.SGD(0.05)
    opt.weight_decay = decay  # a tensor hyperparameter the update reads
    model = _model(opt)
    flip = SetAtBatch(decay, float("nan"), start=2, stop=3)
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[flip, guard])
    assert [(e["step"], e["trigger"]) for e in guard.events] == [(2, "hyperparameter")]
    assert all(np.isfinite(w).all() for w in _weights(model))


def test_step_guard_skips_a_custom_loop_step_whose_schedule_is_infinite():
    x, y = _data()
    model = _model(keras.optimizers.SGD(RsqrtWarmup()))
    guard = nanguard.tf.StepGuard(model.optimizer, max_consecutive_skips=2)
    before = _weights(model)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(xb) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        return guard.apply_gradients(grads, model.trainable_variables, loss=loss)

    assert bool(step(x[:BATCH], y[:BATCH]))
    assert guard.events()[0]["trigger"] == "learning_rate"
    assert np.isinf(guard.events()[0]["learning_rate"])
    for a, b in zip(before, _weights(model)):
        np.testing.assert_array_equal(a, b)
    step(x[:BATCH], y[:BATCH])
    with pytest.raises(NonFiniteError, match="had a non-finite learning rate"):
        guard.check()
