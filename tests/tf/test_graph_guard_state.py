"""GraphGuard's state on the host: read and written by name, whatever its packing."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

from nanguard.core import policy  # noqa: E402
from nanguard.tf.step import GraphGuard  # noqa: E402


def _step(guard, v, grad):
    @tf.function
    def run():
        guard.apply(lambda g, tv: [x.assign_sub(d) for x, d in zip(tv, g)], [grad], [v],
                    loss=tf.constant(1.0))
    run()


def test_write_state_sets_only_the_named_fields_and_read_state_returns_them():
    guard = GraphGuard(policy.GuardConfig(history=4))
    v = tf.Variable([1.0, 2.0])
    _step(guard, v, tf.constant([0.5, 0.5]))
    _step(guard, v, tf.constant([np.nan, 0.0]))
    before = guard.read_state()
    assert set(policy.GuardState._fields) <= set(before)
    assert int(before["step"]) == 2 and int(before["skipped"]) == 1
    assert int(before["consecutive"]) == 1 and before["loss_hist"].shape == (4,)

    guard.write_state({"consecutive": 0, "last_loss": 7.5, "n_events": 0})
    after = guard.read_state()
    assert int(after["consecutive"]) == 0 and float(after["last_loss"]) == 7.5
    assert int(after["n_events"]) == 0 and guard.consecutive_skips == 0
    for name in set(before) - {"consecutive", "last_loss", "n_events"}:
        assert np.array_equal(before[name], after[name], equal_nan=True), name
    assert guard.steps == 2 and guard.skipped == 1

    quiet = guard.read_host(history=False)
    assert "loss_hist" not in quiet and int(quiet["step"]) == 2


def test_write_state_rejects_an_unknown_name():
    guard = GraphGuard(policy.GuardConfig())
    with pytest.raises(KeyError, match="nope"):
        guard.write_state({"nope": 1})


def test_host_reads_match_the_variables_and_host_writes_are_counted():
    """The cheap host read (one eager op) gives what ``Variable.numpy()`` gives.

    ``host_writes`` counts host assignments only: a step, healthy or skipped,
    leaves it alone (the Keras Guard trusts a cached skip count while it holds).
    """
    from nanguard.tf.step import host_value

    guard = GraphGuard(policy.GuardConfig(history=4))
    v = tf.Variable([1.0, 2.0])
    _step(guard, v, tf.constant([0.5, 0.5]))
    _step(guard, v, tf.constant([np.inf, 0.0]))
    for var, _ in guard._vars.groups():
        assert np.array_equal(host_value(var), var.numpy(), equal_nan=True)
    assert guard.skipped == 1 and guard.steps == 2
    assert guard.host_writes == 0
    guard.write_state({"skipped": 0})
    assert guard.host_writes == 1 and guard.skipped == 0
    _step(guard, v, tf.constant([np.nan, 0.0]))
    assert guard.host_writes == 1 and guard.skipped == 1
