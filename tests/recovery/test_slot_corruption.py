"""A NaN written into an optimizer slot or a weight never reaches the weights (issue 12, item 5).

With a ``Recovery`` attached, the in-graph guard folds the finiteness of the
weights and the optimizer's variables into its decision: the step that would
write the corruption into the weights is skipped, and recovery finds the
corruption on that skip and rolls back at once.
"""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from recovery_scenarios import BATCH, regression_data, small_model  # noqa: E402

import nanguard  # noqa: E402
from nanguard.core import policy  # noqa: E402
from nanguard.keras.recovery import Recovery  # noqa: E402
from nanguard.tf.step import GraphGuard, GraphHooks  # noqa: E402

AT = 30  # host step whose update would read the corrupted slot


def _velocity(model):
    return next(v for v in model.optimizer.variables if "velocity" in v.path)


class WriteNaN(keras.callbacks.Callback):
    """Before host step ``at``, write NaN into element 0 of ``pick(model)``."""

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


class WeightsAfterBatch(keras.callbacks.Callback):
    """After each batch (listed after the Guard: runs after it), which steps ended non-finite."""

    def __init__(self):
        super().__init__()
        self.seen, self.nonfinite = 0, []

    def on_train_batch_end(self, batch, logs=None):
        if not all(np.isfinite(v.numpy()).all() for v in self.model.trainable_variables):
            self.nonfinite.append(self.seen)
        self.seen += 1


def _run(pick, recovery):
    x, y = regression_data(n=512)
    model = small_model()
    guard = nanguard.keras.Guard(spike=True, recovery=recovery, verbose=0)
    check = WeightsAfterBatch()
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[guard, WriteNaN(AT, pick), check])
    return model, guard, check


def _run_expecting_stop(pick):
    x, y = regression_data(n=512)
    model = small_model()
    guard = nanguard.keras.Guard(spike=True, verbose=0)
    check = WeightsAfterBatch()
    with pytest.raises(nanguard.NonFiniteError):
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                  callbacks=[guard, WriteNaN(AT, pick), check])
    return guard, check


@pytest.mark.parametrize("where", ["slot", "weight"])
def test_corruption_skips_the_step_and_rolls_back_at_once(where):
    pick = _velocity if where == "slot" else (lambda m: m.trainable_variables[0])
    rec = Recovery(batch_size=BATCH)
    model, guard, check = _run(pick, rec)
    assert check.seen == 512 // BATCH  # the run finished, no stop
    assert check.nonfinite == []  # after EVERY batch the weights are finite
    skips = [e for e in guard.events if e["step"] == AT]
    assert len(skips) == 1, guard.events
    assert rec.corruptions and rec.corruptions[0]["step"] == AT + 1
    prefix = "nonfinite_optimizer_state" if where == "slot" else "nonfinite_weights"
    assert rec.corruptions[0]["what"].startswith(prefix), rec.corruptions
    assert len(rec.rollbacks) == 1 and rec.rollbacks[0]["step"] == AT + 1, rec.rollbacks
    assert all(np.isfinite(v.numpy()).all() for v in model.optimizer.variables)


def test_control_without_recovery_the_slot_nan_reaches_the_weights():
    # No Recovery: no state check, so the NaN slot's update is applied (what the check prevents).
    # The weights then stay NaN, every later step is skipped and the guard stops the run.
    guard, check = _run_expecting_stop(_velocity)
    assert check.nonfinite and check.nonfinite[0] == AT
    assert [e for e in guard.events if e["step"] == AT] == []


def _adam_step(check):
    """One guarded Adam step on w with a NaN in v, through GraphGuard directly."""
    w = tf.Variable([1.0, 2.0, 3.0])
    opt = keras.optimizers.Adam(0.1)
    opt.build([w])
    vel = next(v for v in opt.variables if "velocity" in v.path)
    vel.assign([np.nan, 0.0, 0.0])
    hooks = GraphHooks(check_variables=(lambda: [w, *opt.variables]) if check else None)
    guard = GraphGuard(policy.GuardConfig(), hooks=hooks)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w)
        grads = tape.gradient(loss, [w])
        return guard.apply(lambda g, v: opt.apply(g, v), grads, [w], loss=loss)

    skipped = bool(step().numpy())
    return skipped, w.numpy(), guard


def test_graph_guard_check_variables_skips_a_nan_slot_and_control_applies_it():
    skipped, w, guard = _adam_step(check=True)
    assert skipped and guard.skipped == 1
    np.testing.assert_array_equal(w, [1.0, 2.0, 3.0])  # nothing written
    events, _ = guard.read_events(0)
    assert events[0]["trigger"] == "gradients"
    skipped, w, _ = _adam_step(check=False)
    assert not skipped and not np.isfinite(w).all()


def test_graph_guard_check_variables_leaves_healthy_steps_bitwise_unchanged():
    def run(check):
        w = tf.Variable([1e30, -2.0, 3e-30])  # huge entries: sum(w) * 0 would not do
        opt = keras.optimizers.Adam(0.1)
        opt.build([w])
        hooks = GraphHooks(check_variables=(lambda: [w, *opt.variables]) if check else None)
        guard = GraphGuard(policy.GuardConfig(), hooks=hooks)

        @tf.function
        def step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(w * 1e-30)
            grads = tape.gradient(loss, [w])
            return guard.apply(lambda g, v: opt.apply(g, v), grads, [w], loss=loss)

        flags = [bool(step().numpy()) for _ in range(5)]
        return flags, w.numpy(), guard.read_state()

    flags_on, w_on, state_on = run(True)
    flags_off, w_off, state_off = run(False)
    assert flags_on == flags_off == [False] * 5
    assert w_on.tobytes() == w_off.tobytes()
    for name in state_off:
        assert np.asarray(state_on[name]).tobytes() == np.asarray(state_off[name]).tobytes(), name
