"""Monitor(recovery=...): before a rollback counts, the failed batches are re-run from the snapshot.

Real JAX/optax loops with seeded faults: a run of batches whose loss is ``log(0)``
(not a NaN in the data, so the localizer names no batch cause and the failures
count towards a rollback) is diagnosed ``batch``; a NaN written into the
parameters is diagnosed ``state``.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.core.recovery_policy import RecoveryConfig  # noqa: E402
from nanguard.jax._recovery import PyTreeRecovery  # noqa: E402


def log_loss_fn(params, x, y):
    h = jnp.maximum(x @ params["w"], 0.0)
    return jnp.mean(-jnp.log(h) * y)  # log(0) when a row is all negative


def _step(tx, donate=False):
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(log_loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    return jax.jit(step, donate_argnums=(0, 1) if donate else ())


def _batches(n, bad=()):
    rng = np.random.default_rng(0)
    for i in range(n):
        x = rng.uniform(0.5, 1.5, (4, 3)).astype(np.float32)
        if i in bad:
            x = -x  # every row negative: relu gives 0, log(0) = -inf
        yield jnp.asarray(x), jnp.ones((4, 1), jnp.float32)


def _run(tmp_path, n, bad=(), corrupt_at=None, recovery=None, donate=False):
    tx = ngj.guard(optax.adam(1e-2))
    step = _step(tx, donate)
    params = {"w": jnp.full((3, 1), 0.5)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=log_loss_fn, verbose=0, recovery=recovery)
    for i, (x, y) in enumerate(_batches(n, bad)):
        if i == corrupt_at:  # a NaN written into the parameters: the state is at fault
            params = {"w": params["w"].at[0, 0].set(jnp.nan)}
        params, opt_state, m = step(params, opt_state, x, y)
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y),
                                        sample_ids=np.arange(4 * i, 4 * i + 4))
    mon.close()
    return mon, params


def _events(tmp_path, kind):
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    return [e for e in map(json.loads, lines) if e["kind"] == kind]


@pytest.mark.parametrize("donate", [False, True])
def test_a_run_of_bad_batches_fails_again_from_the_snapshot_and_is_skipped_alone(
        tmp_path, donate):
    cfg = RecoveryConfig(snapshot_every=4, max_skips=2, window=50)
    bad = (9, 10)  # two in a row: the failures count against the state until the re-run
    mon, params = _run(tmp_path / "rec", 16, bad=bad, recovery=cfg, donate=donate)
    run = json.loads((tmp_path / "rec" / "run.json").read_text())
    assert run.get("rollbacks", 0) == 0 and run["reruns"] == 1 and run["status"] == "completed"
    (rerun,) = _events(tmp_path / "rec", "rerun")
    assert rerun["verdict"] == "batch" and rerun["failed_again"] == [9, 10]
    assert rerun["passed"] == [] and rerun["unreplayed"] == []
    q = json.loads((tmp_path / "rec" / "quarantine.json").read_text())
    assert sorted(e["batch"] for e in q["batches"]) == [9, 10]
    assert mon.quarantined_samples() == set(range(36, 44))
    # Nothing restored: bitwise the run in which the guard only skipped those batches.
    _, reference = _run(tmp_path / "plain", 16, bad=bad, donate=donate)
    assert np.asarray(params["w"]).tobytes() == np.asarray(reference["w"]).tobytes()


def test_without_a_loss_fn_the_same_run_of_bad_batches_is_undiagnosed_and_rolls_back(
        tmp_path):
    # Control: no loss_fn, no replay: the rollback stands as before the re-run existed.
    tx = ngj.guard(optax.adam(1e-2))
    step = _step(tx)
    params = {"w": jnp.full((3, 1), 0.5)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, verbose=0,
                      recovery=RecoveryConfig(snapshot_every=4, max_skips=2, window=50))
    for x, y in _batches(16, bad=(9, 10)):
        params, opt_state, m = step(params, opt_state, x, y)
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
    mon.close()
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["rollbacks"] == 1
    (rerun,) = _events(tmp_path, "rerun")
    assert rerun["verdict"] == "undiagnosed" and rerun["unreplayed"] == [9, 10]


@pytest.mark.parametrize("donate", [False, True])
def test_a_nan_written_into_the_params_is_a_state_fault_restored_without_blanket_skip(
        tmp_path, donate):
    cfg = RecoveryConfig(snapshot_every=4, max_skips=2, window=50)
    mon, params = _run(tmp_path, 20, corrupt_at=9, recovery=cfg, donate=donate)
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["rollbacks"] == 1 and run["reruns"] == 1 and run["status"] == "completed"
    (rerun,) = _events(tmp_path, "rerun")
    assert rerun["verdict"] == "state" and rerun["failed_again"] == []
    assert rerun["passed"] == rerun["replayed"] == [9, 10]
    (rollback,) = _events(tmp_path, "rollback")
    # Snapshots at host steps 1, 5, 9; step 9 failed, so update 8 is suspect: step 5.
    assert rollback["snapshot"] == 5 and rollback["skip_batches"] == 0
    assert not (tmp_path / "quarantine.json").exists() and mon.quarantined_samples() == set()
    w = np.asarray(params["w"])
    assert np.isfinite(w).all()
    assert mon.forced_skips == 0  # no blanket skip after a state verdict


def test_the_replay_reads_the_snapshot_and_judges_by_the_guards_finiteness_rule():
    rec = PyTreeRecovery(RecoveryConfig(snapshot_every=1), loss_fn=log_loss_fn)
    good, bad = next(_batches(1)), next(_batches(1, bad=(0,)))
    params = {"w": jnp.full((3, 1), 0.5)}
    assert rec._replayer.failed(params, good) is False
    assert rec._replayer.failed(params, bad) is True
    assert rec._replayer.failed({"w": params["w"].at[0, 0].set(jnp.nan)}, good) is True
    assert rec._replayer.failed(params, None) is None
    assert rec._replayer.failed(params, (jnp.ones((4, 5)), good[1])) is None  # it raises


# ------------------------------------------------------------------ spikes replayed
def mse_loss_fn(params, x, y):
    return jnp.mean((x @ params["w"] - y) ** 2)


def _spike_run(n, *, big_labels=(), scale_params_at=None, config=None):
    """guard(spike=True) + Monitor(recovery=...) over a linear regression (real jit loop)."""
    tx = ngj.guard(optax.sgd(1e-2), spike=True)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(mse_loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    rng = np.random.default_rng(1)
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(None, loss_fn=mse_loss_fn, verbose=0,
                      recovery=config or RecoveryConfig(snapshot_every=10))
    for i in range(n):
        x = rng.uniform(0.5, 1.5, (8, 3)).astype(np.float32)
        y = x.sum(axis=1, keepdims=True) * (1e4 if i in big_labels else 1.0)
        if i == scale_params_at:  # a ruinous (finite) update: every later loss spikes
            params = {"w": params["w"] * 1e3}
        params, opt_state, m = step(params, opt_state, jnp.asarray(x), jnp.asarray(y))
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state,
                                        batch=(jnp.asarray(x), jnp.asarray(y)))
    mon.close()
    return mon, params


def test_replayed_spikes_that_spike_again_from_the_snapshot_are_not_blamed_on_their_batch():
    # Two batches with labels x1e4 (finite: a loss spike) within the window call for a
    # rollback. Replayed from the snapshot and judged by the guard's own rule against
    # the snapshot's window, they spike again: never the batch's fault (the snapshot
    # may be damaged), so the rollback stands and nothing is quarantined.
    mon, params = _spike_run(60, big_labels=(40, 45))
    assert [e["trigger"] for e in mon.events] == ["spike", "spike"]
    (d,) = mon._recovery.diagnoses
    assert d["verdict"] == "undiagnosed" and d["failed_again"] == [] and d["passed"] == []
    assert d["unreplayed"] == [] and "spike of step 40, 45 spiked again" in d["text"], d
    assert mon._recovery.quarantine.entries == {}
    assert np.isfinite(np.asarray(params["w"])).all()


def test_replayed_spikes_after_a_ruinous_update_pass_from_the_snapshot_a_state_fault():
    # The weights are blown up x1000 (finite) before step 33: steps 33 and 34 spike. From
    # the snapshot (step 31, before the damage) the same batches are healthy: the state
    # was at fault, the snapshot is restored, no blanket skip.
    mon, params = _spike_run(60, scale_params_at=33)
    (d,) = mon._recovery.diagnoses
    assert d["verdict"] == "state" and d["passed"] == [33, 34] and d["failed_again"] == [], d
    assert mon.forced_skips == 0 and mon._recovery.quarantine.entries == {}
    assert abs(float(np.asarray(params["w"]).mean()) - 1.0) < 0.5  # trained, not x1000


def test_a_replay_is_judged_by_the_guards_decision_against_the_snapshots_window():
    from nanguard.jax._rerun import Replayer, judge_from

    rng = np.random.default_rng(2)
    x = jnp.asarray(rng.uniform(0.5, 1.5, (8, 3)).astype(np.float32))
    y = x.sum(axis=1, keepdims=True)
    params = {"w": jnp.full((3, 1), 0.9)}
    replayer = Replayer(mse_loss_fn)
    for spike in (True, False):
        tx = ngj.guard(optax.sgd(1e-3), spike=spike)
        state = tx.init(params)
        for _ in range(80):  # a warm window of healthy steps from these params
            loss, grads = jax.value_and_grad(mse_loss_fn)(params, x, y)
            _, state = tx.update(grads, state, params, loss=loss)
        judge = judge_from(state)
        assert judge.config.spike is spike
        assert replayer.failed(params, (x, y), judge) is False  # healthy
        assert replayer.failed(params, (x, y * 1e4), judge) is spike  # a spike
        assert replayer.failed(params, (x, y.at[0, 0].set(jnp.nan)), judge) is True  # NaN
        assert replayer.failed(params, None, judge) is None
        assert replayer.failed(params, (jnp.ones((4, 5)), y), judge) is None  # it raises


def test_the_rerun_modules_docstring_examples_print_what_they_show():
    import doctest

    import nanguard.jax._rerun as module

    result = doctest.testmod(module, report=False, verbose=False)
    assert result.attempted >= 2 and result.failed == 0, result
