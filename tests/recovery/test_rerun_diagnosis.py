"""Re-run to diagnose (issue 12, item 3): replay the failed batch from the snapshot.

Before a rollback counts, ``Recovery`` replays the failed batches from the
snapshot it would restore (forward and backward, no update). A batch that fails
again is the batch's fault: quarantined and skipped alone, no rollback. A batch
that passes clears the batch: the state was at fault, the rollback stands and
training continues with no blanket skip. Each test has a control that disables
the re-run (every replay reported as impossible) and shows the assertion bites.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from recovery_scenarios import BATCH, bitwise_equal, regression_data, small_model  # noqa: E402

import nanguard  # noqa: E402
import nanguard.keras.recovery as recovery_module  # noqa: E402
from nanguard.core.rerun_policy import Replay  # noqa: E402
from nanguard.keras.recovery import Recovery  # noqa: E402

BAD = (30, 31, 32)  # three NaN-feature batches in a row: a streak of unknown origin
AT = 30  # the step before which a weight is corrupted


def _state(model):
    opt = model.optimizer
    lr = getattr(opt, "_learning_rate", None)
    return [np.array(v.numpy(), copy=True) for v in model.variables] + [
        np.array(v.numpy(), copy=True) for v in opt.variables if v is not lr
    ]


def _events(logdir, kind):
    lines = (logdir / "events.jsonl").read_text().splitlines()
    return [e for e in map(json.loads, lines) if e.get("kind") == kind]


@pytest.fixture
def no_rerun(monkeypatch):
    """Control: the re-run is removed (every failed step reported as not replayable)."""

    def unreplayed(model, steps, batches, values, fails, sum_across_workers=None):
        return tuple(Replay(s, None) for s in steps)

    monkeypatch.setattr(recovery_module, "rerun", unreplayed)


def _bad_batches_run(logdir):
    x, y = regression_data(n=512)
    for s in BAD:
        x[s * BATCH + 2, 1] = np.nan
    model = small_model()
    rec = Recovery(batch_size=BATCH)
    # localize=False: nothing names the cause, so the three failures in a row count
    # towards a rollback (max_skips=3) and only the re-run can tell the batch.
    guard = nanguard.keras.Guard(logdir=logdir, spike=False, localize=False, recovery=rec,
                                 verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    keep = np.ones(len(x), bool)
    for s in BAD:
        keep[s * BATCH:(s + 1) * BATCH] = False
    reference = small_model()
    reference.fit(x[keep], y[keep], batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    return model, reference, rec, guard


def test_a_bad_batch_that_fails_again_from_the_snapshot_is_quarantined_not_rolled_back(
    tmp_path,
):
    model, reference, rec, guard = _bad_batches_run(tmp_path)
    assert guard.skipped == 3
    assert [d["verdict"] for d in rec.diagnoses] == ["batch"], rec.diagnoses
    assert rec.diagnoses[0]["failed_again"] == list(BAD)
    assert rec.rollbacks == []  # no rollback counted against the state
    assert sorted(rec.quarantine.entries) == list(BAD)
    # Skipped alone: bitwise the run that never saw those batches.
    assert bitwise_equal(_state(model), _state(reference))
    reruns = _events(tmp_path, "rerun")
    assert len(reruns) == 1 and reruns[0]["verdict"] == "batch", reruns
    assert "failed again from the restored state" in reruns[0]["reason"]
    assert json.loads((tmp_path / "run.json").read_text())["reruns"] == 1


def test_control_without_the_rerun_the_bad_batches_cost_a_rollback(tmp_path, no_rerun):
    model, reference, rec, _ = _bad_batches_run(tmp_path)
    assert len(rec.rollbacks) == 1 and rec.rollbacks[0]["diagnosis"] == "undiagnosed"
    assert not bitwise_equal(_state(model), _state(reference))


class WriteNaN(keras.callbacks.Callback):
    """Before host step ``at``, write NaN into element 0 of the first kernel."""

    def __init__(self, at):
        super().__init__()
        self.at, self.seen = at, 0

    def on_train_batch_begin(self, batch, logs=None):
        if self.seen == self.at:
            var = self.model.trainable_variables[0]
            value = np.array(var.numpy(), copy=True)
            value.reshape(-1)[0] = np.nan
            var.assign(value)

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1


def _weight_fault_run(logdir):
    x, y = regression_data(n=512)
    model = small_model()
    rec = Recovery(batch_size=BATCH)
    guard = nanguard.keras.Guard(logdir=logdir, spike=True, recovery=rec, verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[guard, WriteNaN(AT)])
    return model, rec, guard


def test_a_state_fault_passes_the_rerun_and_training_continues_without_a_blanket_skip(tmp_path):
    model, rec, guard = _weight_fault_run(tmp_path)
    assert len(rec.rollbacks) == 1 and rec.rollbacks[0]["diagnosis"] == "state"
    d = rec.diagnoses[0]
    assert d["verdict"] == "state" and d["passed"] == [AT] and d["failed_again"] == []
    assert rec.quarantine.entries == {}  # the batch was fine
    # Continue at once: the only skipped step is the corrupted one, every later one applied.
    assert [e["step"] for e in guard.events] == [AT]
    assert guard.steps == 512 // BATCH
    assert all(np.isfinite(v.numpy()).all() for v in model.variables)
    rollback = _events(tmp_path, "rollback")[0]
    assert rollback["diagnosis"] == "state" and rollback["skip_batches"] == 0
    rerun = _events(tmp_path, "rerun")[0]
    assert rerun["verdict"] == "state" and rerun["passed"] == [AT]


def test_control_without_the_rerun_the_state_fault_is_undiagnosed(tmp_path, no_rerun):
    _, rec, _ = _weight_fault_run(tmp_path)
    assert [d["verdict"] for d in rec.diagnoses] == ["state"]  # corruption alone says state
    assert rec.diagnoses[0]["passed"] == []  # ... but no replay passed


class WriteNaNFrom(WriteNaN):
    """From host step ``at`` on, NaN into the first kernel before every step (a broken callback)."""

    def on_train_batch_begin(self, batch, logs=None):
        if self.seen >= self.at:
            self.at = self.seen
            super().on_train_batch_begin(batch, logs)


def test_the_stop_message_says_what_the_reruns_found(tmp_path):
    x, y = regression_data(n=512)
    rec = Recovery(snapshot_every=10, max_rollbacks=2)
    guard = nanguard.keras.Guard(logdir=tmp_path, recovery=rec, verbose=0)
    with pytest.raises(nanguard.NonFiniteError) as info:
        small_model().fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                          callbacks=[guard, WriteNaNFrom(AT)])
    message = str(info.value)
    assert "recovery ran out of moves" in message and "2 rollbacks in a row" in message
    assert "last re-run: batch of step" in message and "passed from the restored state" in message
    assert [d["verdict"] for d in rec.diagnoses] == ["state", "state"]


def _lr_spike_run():
    from recovery_scenarios import LearningRateSpike

    x, y = regression_data()
    rec = Recovery(snapshot_every=20)
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    small_model().fit(x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0,
                      callbacks=[guard, LearningRateSpike(150)])
    return rec


def test_spikes_after_a_ruinous_update_are_replayed_and_pass_from_the_snapshot():
    # The x1000 update is applied; the next steps spike. Replayed from the snapshot
    # (before that update) and judged by the guard's own rule against the snapshot's
    # detector window, they are no spikes: the state was at fault, the rollback stands.
    rec = _lr_spike_run()
    assert len(rec.rollbacks) == 1 and rec.rollbacks[0]["diagnosis"] == "state"
    (d,) = rec.diagnoses
    assert d["passed"] and d["failed_again"] == [] and min(d["passed"]) > 150, d


def test_control_without_the_rerun_the_spikes_are_undiagnosed(no_rerun):
    rec = _lr_spike_run()
    assert [r["diagnosis"] for r in rec.rollbacks] == ["undiagnosed"]


def test_spikes_that_spike_again_from_the_snapshot_are_not_blamed_on_their_batch():
    # Two batches with labels x1e4 (finite, a loss spike) within the window: a repeated
    # spike calls for a rollback. Replayed from the snapshot they spike again, but a
    # spike is judged against the snapshot's window (which a damaged snapshot skews), so
    # the re-run never calls it the batch's fault: the rollback stands, nothing is
    # quarantined for it.
    x, y = regression_data(n=512)
    y = y.copy()
    for s in (40, 45):
        y[s * BATCH:(s + 1) * BATCH] *= 1e4
    rec = Recovery()
    guard = nanguard.keras.Guard(spike=True, recovery=rec, verbose=0)
    small_model().fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                      callbacks=[guard])
    assert [e["trigger"] for e in guard.events] == ["spike", "spike"]
    (d,) = rec.diagnoses
    assert d["verdict"] == "undiagnosed" and d["failed_again"] == [] and d["passed"] == []
    assert "spike of step 40, 45 spiked again" in d["text"]
    assert len(rec.rollbacks) == 1 and rec.quarantine.entries == {}
