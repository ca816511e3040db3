"""Monitor(recovery=...): PyTree snapshots and rollbacks decided by the shared recovery policy."""

from __future__ import annotations

import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.core.recovery_policy import RecoveryConfig  # noqa: E402
from nanguard.errors import InvalidArgumentError, NonFiniteError  # noqa: E402


def loss_fn(params, x, y):
    return jnp.mean((x @ params["w"] - y) ** 2)


def _step(tx):
    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    return step


def _loop(tmp_path, corrupt_at, n, config, **kwargs):
    tx = ngj.guard(optax.sgd(1e-2))
    step = _step(tx)
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0, recovery=config, **kwargs)
    x, y = jnp.ones((4, 3)), jnp.ones((4, 1))
    seen = []
    for i in range(n):
        if i in corrupt_at:  # a bad state, as if an earlier update had blown the weights up
            params = {"w": jnp.full((3, 1), 1e30)}
        params, opt_state, m = step(params, opt_state, x, y)
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
        seen.append(float(np.asarray(params["w"]).max()))
    mon.close()
    return mon, params, opt_state, seen


def test_a_corrupted_state_is_rolled_back_to_a_snapshot_and_training_continues(tmp_path):
    cfg = RecoveryConfig(snapshot_every=5, max_skips=3, window=20)
    mon, params, opt_state, _ = _loop(tmp_path, corrupt_at={12}, n=30, config=cfg)
    w = np.asarray(params["w"])
    assert np.isfinite(w).all() and np.abs(w).max() < 10
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["rollbacks"] == 1 and run["status"] == "completed"
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    rollbacks = [e for e in events if e["kind"] == "rollback"]
    # Snapshots at host steps 1, 6, 11; the state went bad before step 12 ran.
    assert len(rollbacks) == 1 and rollbacks[0]["snapshot"] == 11
    # Totals keep counting what happened; the detector state comes from the snapshot.
    g = ngj.find_state(opt_state).guard
    assert int(g.skipped) >= 3 and int(g.consecutive) == 0


def test_recovery_out_of_moves_stops_with_its_own_message(tmp_path):
    cfg = RecoveryConfig(snapshot_every=5, max_skips=2, window=10, max_rollbacks=1,
                         lr_factor=1.0, lr_floor=0.0)
    every = set(range(8, 60))  # the state goes bad again right after every restore
    with pytest.raises(NonFiniteError, match="recovery stopped training"):
        _loop(tmp_path, corrupt_at=every, n=60, config=cfg)
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "stopped"


def test_a_rollback_with_back_off_scales_every_later_update():
    from nanguard.jax._recovery import PyTreeRecovery

    rec = PyTreeRecovery(RecoveryConfig(snapshot_every=1, lr_factor=0.5))
    tx = ngj.guard(optax.sgd(1.0))
    params = {"w": jnp.ones(2)}
    state = tx.init(params)
    rec.observe(1, failure=None, spike=False, healthy=True, persistent=False,
                params=params, opt_state=state)
    restored = rec._restore(1, 0.25, state)
    updates, _ = tx.update({"w": jnp.ones(2)}, restored[1], params, loss=jnp.float32(1.0))
    np.testing.assert_array_equal(np.asarray(updates["w"]), [-0.25, -0.25])


def test_bad_recovery_options_are_rejected():
    with pytest.raises(InvalidArgumentError, match="`recovery`"):
        ngj.Monitor(None, recovery={"snapshot_every": 5})


def _data_loop(tmp_path, bad_batches, epochs, config, with_ids=True):
    """8 batches of 4 rows per epoch, fixed order; the listed batches hold a NaN in row 1."""
    tx = ngj.guard(optax.sgd(1e-2))
    step = _step(tx)
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0, recovery=config)
    rng = np.random.default_rng(0)
    xs = rng.normal(size=(32, 3)).astype(np.float32)
    for b in bad_batches:
        xs[4 * b + 1, 0] = np.nan
    y = jnp.ones((4, 1))
    for epoch in range(epochs):
        for b in range(8):
            x = jnp.asarray(xs[4 * b:4 * b + 4])
            params, opt_state, m = step(params, opt_state, x, y)
            ids = np.arange(4 * b, 4 * b + 4) if with_ids else None
            params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y),
                                            epoch=epoch, sample_ids=ids)
    mon.close()
    return mon, params


def test_a_nan_batch_is_quarantined_with_its_sample_and_never_rolls_back(tmp_path):
    cfg = RecoveryConfig(snapshot_every=4, max_skips=1, window=50)
    mon, params = _data_loop(tmp_path, bad_batches=[2, 5], epochs=2, config=cfg)
    run = json.loads((tmp_path / "run.json").read_text())
    # max_skips=1: any failure counted against the state would have rolled back.
    assert run.get("rollbacks", 0) == 0 and run["status"] == "completed"
    q = json.loads((tmp_path / "quarantine.json").read_text())
    entries = {e["batch"]: e for e in q["batches"]}
    assert sorted(entries) == [2, 5]
    # The finding named row 1 (nonfinite_input): only that sample is quarantined; the
    # same batch failing again in epoch 1 is known poison, recorded on the same entry.
    assert entries[2]["samples"] == [9] and entries[5]["samples"] == [21]
    assert entries[2]["rows"] == [1] and entries[2]["epochs"] == [0, 1]
    assert mon.quarantined_samples() == {9, 21}
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    quarantines = [e for e in events if e["kind"] == "quarantine"]
    assert {e["batch"] for e in quarantines} == {2, 5}
    assert np.isfinite(np.asarray(params["w"])).all()


def test_without_recovery_a_nan_batch_is_skipped_but_nothing_is_quarantined(tmp_path):
    tx = ngj.guard(optax.sgd(1e-2))
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0)
    step = _step(tx)
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    x = jnp.ones((4, 3)).at[1, 0].set(jnp.nan)
    params, opt_state, m = step(params, opt_state, x, jnp.ones((4, 1)))
    mon.observe(m, params=params, opt_state=opt_state, batch=(x, jnp.ones((4, 1))))
    mon.close()
    assert not (tmp_path / "quarantine.json").exists() and mon.quarantined_samples() == set()


def test_the_same_loop_rolls_back_when_the_failures_are_the_states(tmp_path):
    # Control for the test above: a corrupted state (every later step fails) is not a
    # batch's fault, so max_skips=1 does roll back, and nothing is quarantined.
    cfg = RecoveryConfig(snapshot_every=4, max_skips=1, window=50)
    mon, _, _, _ = _loop(tmp_path, corrupt_at={6}, n=12, config=cfg)
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["rollbacks"] >= 1 and mon.quarantined_samples() == set()


@pytest.mark.parametrize("skip_batches", [0, 2])
def test_skip_batches_after_a_rollback_skips_that_many_healthy_updates_bitwise(
        tmp_path, skip_batches):
    cfg = RecoveryConfig(snapshot_every=5, max_skips=3, window=20, skip_batches=skip_batches)
    tx = ngj.guard(optax.sgd(1e-2))
    step = _step(tx)
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0, recovery=cfg)
    x, y = jnp.ones((4, 3)), jnp.ones((4, 1))
    log = []  # (params before the step, metrics, params after) per step run
    rolled_back_at = None
    for i in range(30):
        if i == 12:  # the state goes bad: steps fail until recovery rolls back
            params = {"w": jnp.full((3, 1), 1e30)}
        before = np.asarray(params["w"]).copy()
        params, opt_state, m = step(params, opt_state, x, y)
        after = np.asarray(params["w"]).copy()
        log.append((before, {k: np.asarray(v) for k, v in m.items()}, after))
        new_params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
        if new_params is not params and rolled_back_at is None:
            rolled_back_at = i
        params = new_params
    mon.close()
    assert rolled_back_at is not None
    # Steps run after the rollback: the first skip_batches are healthy but not applied,
    # and leave the restored parameters bitwise; then updates apply again.
    after_rb = log[rolled_back_at + 1:]
    for before, m, after in after_rb[:skip_batches]:
        assert bool(m["forced"]) and not bool(m["applied"]) and int(m["trigger"]) == 0
        assert before.tobytes() == after.tobytes()
    first = after_rb[skip_batches]
    assert bool(first[1]["applied"]) and not bool(first[1]["forced"])
    assert first[0].tobytes() != first[2].tobytes()
    assert mon.forced_skips == skip_batches
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    rollback = [e for e in events if e["kind"] == "rollback"]
    assert len(rollback) == 1 and rollback[0]["skip_batches"] == skip_batches
    failed_steps = [e["step"] for e in events if e["kind"] == "skip"]
    assert failed_steps and all(s <= rolled_back_at for s in failed_steps)  # forced: no failure


def test_recovery_works_when_the_step_donates_params_and_opt_state(tmp_path):
    # Snapshots are copied on device when observe() is called, before the next step
    # donates those buffers; reading the step one call later would find them deleted.
    tx = ngj.guard(optax.sgd(1e-2))

    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    step = jax.jit(step, donate_argnums=(0, 1))
    params = {"w": jnp.full((3, 1), 0.1)}
    opt_state = tx.init(params)
    cfg = RecoveryConfig(snapshot_every=5, max_skips=3, window=20)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0, recovery=cfg)
    x, y = jnp.ones((4, 3)), jnp.ones((4, 1))
    for i in range(30):
        if i == 12:
            params = {"w": jnp.full((3, 1), 1e30)}
        params, opt_state, m = step(params, opt_state, x, y)
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
    mon.close()
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["rollbacks"] == 1 and run["status"] == "completed"
    w = np.asarray(params["w"])
    assert np.isfinite(w).all() and np.abs(w).max() < 10
