"""Recover, not just skip (issue 5): scripted faults on tiny models, fixed seeds."""

from __future__ import annotations

import json

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from recovery_scenarios import (  # noqa: E402
    BATCH,
    LearningRateSpike,
    StateRecorder,
    bitwise_equal,
    mse,
    regression_data,
    small_model,
)

import nanguard  # noqa: E402
from nanguard.core.snapshots import DiskRing  # noqa: E402
from nanguard.errors import NonFiniteError, SnapshotError  # noqa: E402
from nanguard.keras.recovery import Recovery, exclude_quarantined  # noqa: E402

SPIKE_AT = 150


def _variables(snap):
    """The model and optimizer arrays of a snapshot (without the guard's state)."""
    return [a for n, a in snap.arrays.items() if not n.startswith("guard/")]


def _events(logdir):
    path = logdir / "events.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _fit_lr_spike(tmp_path, fault, epochs=10, strategy=None, extra_callbacks=(), **recovery_kw):
    x, y = regression_data()
    kw = {"snapshot_every": 20, "skip_batches": 10}
    kw.update(recovery_kw)
    if strategy is not None:
        with strategy.scope():
            model = small_model()
    else:
        model = small_model()
    rec = Recovery(**kw)
    guard = nanguard.keras.Guard(logdir=tmp_path, spike=True, recovery=rec, verbose=0)
    recorder = StateRecorder()
    callbacks = [guard, recorder, *extra_callbacks]
    callbacks += [LearningRateSpike(SPIKE_AT)] if fault else []
    model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0, callbacks=callbacks)
    return model, guard, rec, recorder, mse(model, x, y)


@pytest.mark.slow
def test_learning_rate_spike_rolls_back_exactly_backs_off_and_ends_near_a_fault_free_run(
    tmp_path,
):
    *_, clean_loss = _fit_lr_spike(tmp_path / "clean", fault=False)
    model, guard, rec, recorder, loss = _fit_lr_spike(tmp_path / "faulty", fault=True)
    # The x1000 update was applied at step SPIKE_AT; the following steps spiked.
    assert len(rec.rollbacks) == 1
    rb = rec.rollbacks[0]
    assert rb["restored"] <= SPIKE_AT  # holds no update from step SPIKE_AT on
    assert "spike" in rb["reason"]
    # The snapshot is exactly the state after `restored` steps, and it is exactly what
    # the variables hold after the rollback and through the skipped batches.
    snap = _variables(rec.last_restored)
    assert bitwise_equal(snap, recorder.after[rb["restored"]])
    for step in range(rb["step"], rb["step"] + 10):
        assert bitwise_equal(snap, recorder.after[step]), step
    assert not bitwise_equal(snap, recorder.after[rb["step"] + 11])
    # The rollback fixed it: no back-off (that is for a rollback that does not).
    assert rec.lr_scale == 1.0
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.01)
    # Everything is in the run log, with counters.
    kinds = [e["kind"] for e in _events(tmp_path / "faulty")]
    assert kinds.count("rollback") == 1 and kinds.count("lr_change") == 0
    assert kinds.count("spike") >= 2
    run = json.loads((tmp_path / "faulty" / "run.json").read_text())
    assert run["rollbacks"] == 1 and run["lr_changes"] == 0 and run["status"] == "completed"
    # The run recovers: final loss within 10% of the fault-free run.
    assert np.isfinite(loss)
    print(f"final mse: fault-free {clean_loss:.5f}, lr-spike+rollback {loss:.5f}")
    assert abs(loss - clean_loss) <= 0.10 * clean_loss


def test_without_recovery_the_learning_rate_spike_is_not_undone(tmp_path):
    x, y = regression_data()
    model = small_model()
    guard = nanguard.keras.Guard(spike=True, verbose=0)
    # Skipping alone cannot undo an update that was applied: every later step spikes.
    with pytest.raises(
        NonFiniteError, match=r"25 consecutive steps were loss or gradient-norm spikes"
    ):
        model.fit(
            x,
            y,
            batch_size=BATCH,
            epochs=3,
            shuffle=False,
            verbose=0,
            callbacks=[guard, LearningRateSpike(SPIKE_AT)],
        )


def test_learning_rate_schedule_is_scaled_in_the_compiled_step(tmp_path):
    x, y = regression_data(n=256)
    x[40:128, 0] = np.nan  # steps 5..15 fail: rollbacks that do not fix it, so a back-off
    schedule = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=1000, decay_rate=1.0)
    model = small_model(optimizer=keras.optimizers.SGD(schedule))
    rec = Recovery(snapshot_every=2, skip_batches=3, max_rollbacks=5)
    # capture=False: the failed batches stay on the device, so no re-run can clear them
    # (with it they are found at fault and skipped alone: tests/recovery/test_rerun_diagnosis.py).
    guard = nanguard.keras.Guard(recovery=rec, verbose=0, capture=False)
    recorder = StateRecorder()
    model.fit(
        x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard, recorder]
    )
    assert len(rec.rollbacks) >= 2 and rec.lr_scale < 1.0
    assert model.optimizer._learning_rate is schedule  # the user's schedule is back
    # The first update after the last cool-down used lr = 0.05 * lr_scale: check it
    # against the gradient on that batch.
    step = max(rec.rollbacks[-1]["step"] + 3, 16)
    before = recorder.after[step]
    probe = small_model()
    probe.set_weights(before[:4])
    xb, yb = x[step * BATCH : (step + 1) * BATCH], y[step * BATCH : (step + 1) * BATCH]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(probe(xb) - yb))
    grads = tape.gradient(loss, probe.trainable_variables)
    for b, a, g in zip(before[:4], recorder.after[step + 1][:4], grads, strict=True):
        np.testing.assert_allclose(
            a - b, -0.05 * rec.lr_scale * g.numpy(), rtol=1e-3, atol=1e-7
        )


def test_poisoned_batch_is_quarantined_skipped_and_excluded_on_a_rerun(tmp_path):
    x, y = regression_data(n=64)
    x[3 * BATCH + 5, 2] = np.nan  # batch 3, every epoch
    model = small_model()
    rec = Recovery(batch_size=BATCH, snapshot_every=4)
    guard = nanguard.keras.Guard(logdir=tmp_path, recovery=rec, verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=4, shuffle=False, verbose=0, callbacks=[guard])
    # 4 failures within 32 steps, but the repeats are a known-poison batch, not trouble.
    assert rec.rollbacks == [] and guard.skipped == 4
    data = json.loads((tmp_path / "quarantine.json").read_text())
    assert data["samples_known"] is True
    (entry,) = data["batches"]
    assert entry["batch"] == 3 and entry["epochs"] == [0, 1, 2, 3]
    assert entry["steps"] == [3, 11, 19, 27]
    assert entry["samples"] == list(range(24, 32)) and "non-finite" in entry["reason"]
    kinds = [e["kind"] for e in _events(tmp_path)]
    assert kinds.count("quarantine") == 1
    assert json.loads((tmp_path / "run.json").read_text())["quarantined"] == 1
    x2, y2 = exclude_quarantined(x, y, tmp_path / "quarantine.json")
    assert x2.shape == (56, 4) and np.isfinite(x2).all() and len(y2) == 56
    guard2 = nanguard.keras.Guard(recovery=Recovery(), verbose=0)
    small_model().fit(
        x2, y2, batch_size=BATCH, epochs=2, shuffle=False, verbose=0, callbacks=[guard2]
    )
    assert guard2.skipped == 0


def test_poisoned_batch_with_unknown_rows_is_listed_and_never_triggers_a_rollback(tmp_path):
    x, y = regression_data(n=64)
    x[3 * BATCH, 0] = np.nan
    model = small_model()
    rec = Recovery(snapshot_every=4, max_skips=2, window=20)  # rows unknown: no batch_size
    guard = nanguard.keras.Guard(logdir=tmp_path, recovery=rec, verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=4, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 4 and rec.rollbacks == []
    (entry,) = json.loads((tmp_path / "quarantine.json").read_text())["batches"]
    assert entry["batch"] == 3 and entry["epochs"] == [0, 1, 2, 3]
    assert entry["samples"] is None
    (said,) = [e["reason"] for e in _events(tmp_path) if e["kind"] == "quarantine"]
    assert said.startswith("step 3: quarantined batch 3 of epoch 0 (")
    assert said.endswith("; samples unknown); listed in quarantine.json")


def test_corrupt_snapshot_on_disk_is_refused_and_an_older_one_is_restored(tmp_path):
    snapdir = tmp_path / "snaps"

    class Corrupt(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seen = 0

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1
            if self.seen == SPIKE_AT - 2:  # the newest snapshot (step 140) goes bad
                path = DiskRing(snapdir).npz_path(140)
                data = bytearray(path.read_bytes())
                data[-100] ^= 0xFF
                path.write_bytes(bytes(data))

    x, y = regression_data()
    model = small_model()
    rec = Recovery(snapshot_every=20, skip_batches=10, snapshot_dir=snapdir)
    guard = nanguard.keras.Guard(logdir=tmp_path / "log", spike=True, recovery=rec, verbose=0)
    recorder = StateRecorder()
    model.fit(
        x,
        y,
        batch_size=BATCH,
        epochs=3,
        shuffle=False,
        verbose=0,
        callbacks=[guard, Corrupt(), recorder, LearningRateSpike(SPIKE_AT)],
    )
    (rb,) = rec.rollbacks
    assert rb["refused"] == [140] and rb["restored"] == 120
    (error,) = rb["errors"]
    assert "snapshot-000000140.npz is corrupt: its sha256 is" in error
    assert bitwise_equal(_variables(rec.last_restored), recorder.after[120])
    # Set aside for inspection, out of the ring.
    assert (snapdir / "snapshot-000000140.npz.corrupt").exists()
    assert 140 not in DiskRing(snapdir).steps()
    with pytest.raises(SnapshotError, match=r"snapshot-000000140\.npz cannot be read"):
        DiskRing(snapdir).load(140)
    (event,) = [e for e in _events(tmp_path / "log") if e["kind"] == "rollback"]
    assert event["refused"] == [140] and event["restored_step"] == 120


def test_recovery_that_keeps_failing_stops_and_leaves_the_last_good_snapshot(tmp_path):
    x, y = regression_data(n=512)
    x[30 * BATCH :, 0] = np.nan  # every batch from step 30 on is bad
    model = small_model()
    rec = Recovery(
        snapshot_every=10, skip_batches=5, max_rollbacks=2, snapshot_dir=tmp_path / "snaps"
    )
    # capture=False: no localizer, so the origin of the failures stays unknown.
    guard = nanguard.keras.Guard(logdir=tmp_path / "log", recovery=rec, verbose=0, capture=False)
    with pytest.raises(
        NonFiniteError,
        match=r"recovery ran out of moves .*2 rollbacks in a row made no progress "
        r"\(max_rollbacks=2; restored the snapshots of steps 20, 10;.*last good snapshot is "
        r"kept at .*\.npz",
    ):
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert [r["restored"] for r in rec.rollbacks] == [20, 10]
    newest = DiskRing(tmp_path / "snaps").steps()[-1]
    assert DiskRing(tmp_path / "snaps").load(newest).arrays  # checksum-valid
    run = json.loads((tmp_path / "log" / "run.json").read_text())
    assert run["status"] == "stopped" and run["rollbacks"] == 2
    assert "train_step" not in vars(model)  # unpatched


class ReplicaRecorder(keras.callbacks.Callback):
    """Bytes of every replica of every trainable variable after each batch."""

    def __init__(self):
        super().__init__()
        self.after = {}
        self.seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        self.after[self.seen] = [
            [np.asarray(t).tobytes() for t in getattr(v.value, "values", [v.value])]
            for v in self.model.trainable_variables
        ]


def test_rollback_under_mirrored_strategy_restores_every_replica(tmp_path, mirrored_strategy):
    strategy = mirrored_strategy
    replicas = ReplicaRecorder()
    model, guard, rec, recorder, loss = _fit_lr_spike(
        tmp_path, fault=True, epochs=3, strategy=strategy, extra_callbacks=[replicas]
    )
    (rb,) = rec.rollbacks
    assert rb["restored"] <= SPIKE_AT and np.isfinite(loss)
    snap = _variables(rec.last_restored)
    assert bitwise_equal(snap, recorder.after[rb["restored"]])
    assert bitwise_equal(snap, recorder.after[rb["step"]])
    # Right after the rollback, both replicas of every mirrored variable hold the bytes.
    for per_replica, arr in zip(replicas.after[rb["step"]], snap, strict=False):
        assert len(per_replica) == 2
        assert all(b == arr.tobytes() for b in per_replica)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"window": 1}, r"`window` must be an int >= 2; got 1", id="window"),
        pytest.param(
            {"lr_factor": 0},
            r"`lr_factor` must be a number in \(0, 1\]; got 0",
            id="lr_factor_zero",
        ),
        pytest.param(
            {"lr_factor": 2.0},
            r"`lr_factor` must be a number in \(0, 1\]; got 2.0",
            id="lr_factor_two",
        ),
        pytest.param(
            {"snapshot_every": 0},
            r"`snapshot_every` must be an int >= 1; got 0",
            id="snapshot_every",
        ),
        pytest.param(
            {"snapshot_dir": "/tmp/x", "storage": "memory"},
            r"`storage` must be 'disk' when `snapshot_dir` is given.*conflict",
            id="dir_with_memory",
        ),
        pytest.param({"storage": "cloud"}, r"`storage` must be 'memory' or 'disk'", id="storage"),
        pytest.param(
            {"max_skips": 10, "window": 5},
            r"`max_skips` must be at most window \(5\)",
            id="max_skips_vs_window",
        ),
        pytest.param(
            {"batch_size": 0}, r"`batch_size` must be an int >= 1 or None", id="batch_size"
        ),
    ],
)
def test_recovery_rejects_bad_options_at_construction(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Recovery(**kwargs)


def test_disk_storage_without_a_folder_is_rejected_by_the_guard():
    with pytest.raises(ValueError, match=r"`snapshot_dir` must be a folder when storage='disk'"):
        nanguard.keras.Guard(recovery=Recovery(storage="disk"))


def test_unwritable_snapshot_folder_is_rejected_before_training(unwritable_path):
    with pytest.raises(ValueError, match=r"`snapshot_dir` must be a writable folder"):
        nanguard.keras.Guard(recovery=Recovery(snapshot_dir=unwritable_path))


def test_guard_persistent_failure_hands_over_to_recovery_which_rolls_back(tmp_path):
    x, y = regression_data(n=512)
    x[30 * BATCH : 33 * BATCH, 0] = np.nan  # steps 30, 31, 32
    model = small_model()
    rec = Recovery(snapshot_every=10, skip_batches=2, max_skips=10, window=20)
    guard = nanguard.keras.Guard(recovery=rec, max_consecutive_skips=3, verbose=0, capture=False)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    (rb,) = rec.rollbacks
    assert rb["reason"] == "the guard skipped too many steps in a row"
    assert rb["restored"] == 20 and guard.steps == 64
    assert all(np.isfinite(v.numpy()).all() for v in model.variables)
