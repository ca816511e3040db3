"""The on-device snapshot ring of Keras Recovery: exact copies, lazy host copy, finiteness."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from recovery_scenarios import BATCH, regression_data, small_model  # noqa: E402

import nanguard  # noqa: E402
from nanguard.errors import SnapshotError  # noqa: E402
from nanguard.keras._device_ring import DeviceRing  # noqa: E402
from nanguard.keras._recovery_context import KerasRecoveryContext  # noqa: E402
from nanguard.keras.recovery import Recovery  # noqa: E402
from nanguard.tf.step import all_finite, nonfinite_term  # noqa: E402


def _variables():
    rng = np.random.default_rng(0)
    return [
        tf.Variable(rng.normal(size=(4, 16)).astype("float32")),
        tf.Variable(np.array([-0.0, 1e-45, 3e38], "float32")),
        tf.Variable(np.array(123, "int64")),
        tf.Variable(rng.normal(size=(3,)).astype("float16")),
    ]


NAMES = ["model/0:k", "model/1:b", "optimizer/0:iterations", "optimizer/1:half"]


def _values(variables):
    return [np.array(v.numpy(), copy=True) for v in variables]


def _bitwise(a, b):
    return all(x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
               for x, y in zip(a, b, strict=True))


def test_device_ring_round_trip_is_bitwise_and_keeps_the_newest_snapshots():
    variables = _variables()
    ring = DeviceRing(capacity=2)
    taken = {}
    for step in (10, 20, 30):
        variables[0].assign_add(tf.ones_like(variables[0]))
        variables[2].assign_add(1)
        taken[step] = _values(variables)
        ring.save(step, variables, NAMES, {"guard/consecutive": np.array(step)}, {"epoch": 1})
    assert ring.steps() == [20, 30]
    variables[0].assign(tf.zeros_like(variables[0]))  # the ring holds copies, not views
    for step in (20, 30):
        snap = ring.load(step)
        assert snap.step == step and snap.meta == {"epoch": 1}
        assert _bitwise([snap.arrays[n] for n in NAMES], taken[step])
        assert int(snap.arrays["guard/consecutive"]) == step
    with pytest.raises(SnapshotError, match="no snapshot of step 10"):
        ring.load(10)


def test_device_ring_refuses_at_load_a_snapshot_that_was_non_finite_when_taken():
    variables = _variables()
    ring = DeviceRing(capacity=3)
    ring.save(1, variables, NAMES)
    good = _values(variables)
    half = variables[3].numpy().copy()
    half[1] = np.inf
    variables[3].assign(half)
    ring.save(2, variables, NAMES)
    variables[3].assign(good[3])  # fixed afterwards: the snapshot still holds the Inf
    with pytest.raises(SnapshotError, match="step 2 held a NaN or an Inf when it was taken"):
        ring.load(2)
    assert _bitwise([ring.load(1).arrays[n] for n in NAMES], good)


def test_device_ring_starts_over_for_another_model_s_variables():
    ring = DeviceRing(capacity=2)
    ring.save(1, _variables(), NAMES)
    other = _variables()[:2]
    ring.save(5, other, NAMES[:2])
    assert ring.steps() == [5]
    assert _bitwise([ring.load(5).arrays[n] for n in NAMES[:2]], _values(other))


DTYPES = ["float16", "bfloat16", "float32", "float64"]
QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "tf.function"])
@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=25, deadline=None, suppress_health_check=QUIET)
@given(data=st.data())
def test_all_finite_is_exact_even_when_a_finite_sum_overflows(dtype, compiled, data):
    tdtype = tf.as_dtype(dtype)
    biggest = float(tdtype.max)
    n = data.draw(st.integers(1, 40))
    values = data.draw(st.lists(
        st.one_of(st.floats(-biggest, biggest, allow_nan=False, allow_infinity=False),
                  st.sampled_from([biggest, -biggest, np.nan, np.inf, -np.inf])),
        min_size=n, max_size=n))
    other = data.draw(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=5))
    tensors = [tf.cast(tf.constant(values, tf.float64), tdtype),
               tf.cast(tf.constant(other, tf.float64), tdtype), tf.constant([7], tf.int32)]
    expect = all(np.isfinite(t.numpy().astype(np.float64)).all() for t in tensors[:2])
    fn = tf.function(all_finite) if compiled else all_finite
    assert bool(fn(tensors).numpy()) == expect


def test_all_finite_accepts_huge_finite_tensors_whose_sum_is_infinite():
    big = tf.constant([3e38, 3e38, -1.0], tf.float32)  # sum overflows float32 only
    assert bool(all_finite([tf.constant(np.full(8, 65504.0), tf.float16), big]).numpy())
    assert not bool(all_finite([big, tf.constant([0.0, np.nan])]).numpy())


def test_memory_recovery_keeps_snapshots_on_the_device_and_rolls_back_from_them(tmp_path):
    x, y = regression_data(n=256)
    model = small_model()
    rec = Recovery(snapshot_every=4, batch_size=BATCH)
    guard = nanguard.keras.Guard(logdir=tmp_path, recovery=rec, verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert isinstance(rec.store, DeviceRing)
    steps = rec.snapshot_steps
    assert len(steps) == rec.config.ring and steps[-1] == (256 // BATCH // 4) * 4
    snap = rec.store.load(steps[-1])  # taken after the last step: the final weights
    now = [v.numpy() for v in model.trainable_variables]
    kept = [a for n, a in snap.arrays.items() if n.startswith("model/")][:len(now)]
    assert len(kept) == len(now) == 4 and _bitwise(kept, now)
    assert np.asarray(snap.arrays["guard/consecutive"]) == 0


def test_a_healthy_batch_reads_no_event_count_from_the_device(tmp_path, monkeypatch):
    calls = []
    real = KerasRecoveryContext.events_pending

    def counting(self):
        calls.append(self.steps_done)
        return real(self)

    monkeypatch.setattr(KerasRecoveryContext, "events_pending", counting)
    x, y = regression_data(n=256)
    rec = Recovery(snapshot_every=4, batch_size=BATCH)
    guard = nanguard.keras.Guard(recovery=rec, verbose=0)
    small_model().fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                      callbacks=[guard])
    assert guard.skipped == 0 and calls == []
    x[3 * BATCH, 0] = np.nan  # one bad batch: its neighbour is waited for, then it is read
    guard = nanguard.keras.Guard(recovery=Recovery(snapshot_every=4, batch_size=BATCH),
                                 verbose=0)
    small_model().fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                      callbacks=[guard])
    assert guard.skipped == 1 and calls and min(calls) == 4


def test_the_step_s_state_term_is_zero_for_huge_finite_variables_and_nan_for_a_nan_slot():
    huge = tf.Variable(np.array([3e38, 3e38], "float32"))  # its sum overflows; it is finite
    slot = tf.Variable(np.zeros(3, "float32"))
    step = tf.Variable(np.array(5, "int64"))
    term = tf.function(lambda: nonfinite_term([huge, slot, step]))
    assert term().numpy() == 0.0 and not np.signbit(term().numpy())
    slot.assign([0.0, np.nan, 0.0])
    assert np.isnan(term().numpy())
    assert nonfinite_term([step]) is None


class _Record(keras.callbacks.Callback):
    """After each batch (listed after the Guard): every trainable weight, by host step."""

    def __init__(self):
        super().__init__()
        self.seen, self.after = 0, {}

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        self.after[self.seen] = [np.array(v.numpy(), copy=True)
                                 for v in self.model.trainable_variables]


@pytest.mark.parametrize("jit", [False, True], ids=["graph", "xla"])
def test_device_snapshots_keep_their_values_while_training_updates_the_shared_buffers(jit):
    # A snapshot shares each variable's buffer until the next update writes it: every
    # later update (graph or XLA) must leave the snapshot with the values it was taken at.
    x, y = regression_data(n=256)
    model = small_model()
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse", jit_compile=jit)
    rec = Recovery(snapshot_every=4, ring=4)
    record = _Record()
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[nanguard.keras.Guard(recovery=rec, verbose=0), record])
    assert rec.snapshot_steps == [20, 24, 28, 32]
    for step in rec.snapshot_steps:
        snap = rec.store.load(step)
        kept = [a for n, a in snap.arrays.items() if n.startswith("model/")][:4]
        assert _bitwise(kept, record.after[step]), step
    assert not _bitwise(record.after[20], record.after[32])  # training moved on
