"""Recovery sweep (JAX): realistic optax loops with MIXED faults in one run.

Each program is a user's training loop as ``docs/jax.md`` writes it: ``nanguard.jax.guard``
around an optax optimizer, ``nanguard.jax.apply_updates`` under ``jax.jit`` (some with
``donate_argnums=(0, 1)``), and ``nanguard.jax.Monitor(logdir, loss_fn=...,
recovery=RecoveryConfig(...))`` fed every step with ``sample_ids``. The faults are seeded
on a schedule (corrupted rows, a host-fed learning rate going non-finite, a schedule
that turns NaN for good, a recurring poisoned sample under shuffling, a label spike
followed by a NaN, a NaN written into the weights, two origins in one epoch), and each
test asserts what the user needs: the final parameters are finite, the run continues
(or stops with a ``NonFiniteError`` saying why and what to do), the skipped and rolled
back counts match the fault schedule exactly, exactly the poisoned batches/samples are
quarantined, and the run log records each incident with its trigger.
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
from nanguard.errors import NonFiniteError  # noqa: E402

ROWS, BS = 32, 4  # 8 batches of 4 rows per epoch


def mlp(params, x):
    h = jnp.tanh(x @ params["w1"] + params["b1"])
    return h @ params["w2"]


def mse_loss(params, x, y):
    return jnp.mean((mlp(params, x) - y) ** 2)


def init_params():
    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    return {"w1": 0.5 * jax.random.normal(k1, (3, 8)), "b1": jnp.zeros(8),
            "w2": 0.5 * jax.random.normal(k2, (8, 1))}


def dataset():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(ROWS, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, y


def make_step(tx, loss_fn, donate):
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    return jax.jit(step, donate_argnums=(0, 1) if donate else ())


def train(tmp_path, *, tx, epochs, recovery, loss_fn=mse_loss, donate=False, data=None,
          order=None, hook=None, drop=None):
    """The loop. ``order(epoch)`` gives the sample order; ``hook(step, params, opt_state)``
    plays the user's own per-step code (a host-fed learning rate, a buggy weight edit);
    ``drop`` leaves out the quarantined samples of later epochs, as docs/jax.md says.

    Returns the Monitor, the final params, and per executed step ``(epoch, batch, applied,
    trigger)`` read from the step's metrics (host reads: a test, not a fast loop).
    """
    x_all, y_all = data if data is not None else dataset()
    step = make_step(tx, loss_fn, donate)
    params = init_params()
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0, recovery=recovery)
    ran, i = [], 0
    for epoch in range(epochs):
        idx = np.arange(ROWS) if order is None else order(epoch)
        if drop:
            idx = np.array([j for j in idx if j not in mon.quarantined_samples()])
        for b in range(len(idx) // BS):
            ids = idx[b * BS:(b + 1) * BS]
            x, y = jnp.asarray(x_all[ids]), jnp.asarray(y_all[ids])
            if hook is not None:
                params, opt_state = hook(i, params, opt_state)
            params, opt_state, m = step(params, opt_state, x, y)
            h = m.host()
            ran.append((epoch, b, bool(h["applied"]), int(h["trigger"])))
            params, opt_state = mon.observe(m, params=params, opt_state=opt_state,
                                            batch=(x, y), epoch=epoch, sample_ids=ids)
            i += 1
    mon.close()
    return mon, params, ran


def log(tmp_path, kind=None):
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    return events if kind is None else [e for e in events if e["kind"] == kind]


def run_json(tmp_path):
    return json.loads((tmp_path / "run.json").read_text())


def quarantine(tmp_path):
    path = tmp_path / "quarantine.json"
    if not path.exists():
        return {}
    return {e["batch"]: e for e in json.loads(path.read_text())["batches"]}


def finite(params):
    return all(np.isfinite(np.asarray(v)).all() for v in jax.tree_util.tree_leaves(params))


def skipped_steps(ran):
    return [(e, b, t) for e, b, applied, t in ran if not applied]


LOSS, GRADS, SPIKE, HYPER = 1, 2, 3, 5  # nanguard.core.policy.Trigger codes


def set_lr(opt_state, lr):
    """The user's host-fed learning rate (``optax.inject_hyperparams``) inside the guard."""
    inner = opt_state.inner_state
    hp = dict(inner.hyperparams, learning_rate=jnp.asarray(lr, jnp.float32))
    return opt_state._replace(inner_state=inner._replace(hyperparams=hp))


# 1. Corrupted rows in two batches (every epoch: the loader replays them), then, later,
#    a host-side warmup formula divides by zero at one step: lr = inf for that step only.
#    Donated buffers, as a real loop writes it.
def test_corrupted_batches_then_an_inf_learning_rate_step_with_donation(tmp_path):
    x, y = dataset()
    x[9, 0] = np.nan   # batch 2, row 1
    x[21, 2] = np.inf  # batch 5, row 1
    tx = ngj.guard(optax.inject_hyperparams(optax.adam)(learning_rate=1e-2))

    def hook(i, params, opt_state):
        warm = 20  # BUG: 1 / (warm - i) at i == warm
        lr = 1e-2 if i != warm else 1e-2 * (1.0 / np.float32(0.0))
        return params, set_lr(opt_state, np.float32(lr))

    with np.errstate(divide="ignore"):
        mon, params, ran = train(tmp_path, tx=tx, epochs=3, data=(x, y), hook=hook,
                                 donate=True,
                                 recovery=RecoveryConfig(snapshot_every=4, max_skips=2,
                                                         window=20))
    assert finite(params)
    # Exactly the faults: batches 2 and 5 in each of 3 epochs, and global step 20. The
    # inf row's forward saturates (tanh(inf) = 1, a finite loss); its gradient is NaN.
    assert skipped_steps(ran) == sorted(
        [(e, b, LOSS if b == 2 else GRADS) for e in range(3) for b in (2, 5)]
        + [(2, 4, HYPER)])
    run = run_json(tmp_path)
    assert run["status"] == "completed" and run.get("rollbacks", 0) == 0
    q = quarantine(tmp_path)
    # The poisoned batches name their rows; the learning-rate step's batch is healthy.
    assert sorted(q) == [2, 5]
    assert q[2]["samples"] == [9] and q[5]["samples"] == [21]
    assert mon.quarantined_samples() == {9, 21}
    skips = log(tmp_path, "skip")
    assert [s["step"] for s in skips] == [8 * e + b for e, b, _ in skipped_steps(ran)]
    assert {s["step"]: s["trigger"] for s in skips}[20] == "hyperparameter"


# 2. A decay schedule written for 40 steps, run longer: sqrt(1 - count/40) is NaN from
#    count 41 on. The inner count does not advance on a skipped step, so no later step
#    can pass: recovery must run out of moves and say why and what to do.
def test_a_schedule_that_turns_nan_for_good_stops_with_a_message_naming_the_learning_rate(
        tmp_path):
    schedule = lambda count: 1e-2 * jnp.sqrt(1.0 - count / 40)  # noqa: E731
    tx = ngj.guard(optax.adam(schedule))
    cfg = RecoveryConfig(snapshot_every=8, max_skips=3, window=20, max_rollbacks=2)
    with pytest.raises(NonFiniteError) as err:
        train(tmp_path, tx=tx, epochs=40, recovery=cfg)
    text = str(err.value)
    assert "recovery" in text and ("learning rate" in text or "hyperparameter" in text), text
    run = run_json(tmp_path)
    assert run["status"] == "stopped"
    # The data is healthy: nothing is quarantined.
    assert quarantine(tmp_path) == {}
    assert {s["trigger"] for s in log(tmp_path, "skip")} == {"hyperparameter"}


# 3. One poisoned sample (index 13), recurring every epoch under a shuffled loader, for
#    more epochs than the localizer's per-run budget; the loop does not drop it.
def test_a_recurring_poisoned_sample_under_shuffling_is_the_only_sample_quarantined(tmp_path):
    x, y = dataset()
    x[13, 1] = np.nan
    epochs = 24
    tx = ngj.guard(optax.sgd(1e-2, momentum=0.9))
    order = lambda epoch: np.random.default_rng(100 + epoch).permutation(ROWS)  # noqa: E731
    mon, params, ran = train(tmp_path, tx=tx, epochs=epochs, data=(x, y), order=order,
                             recovery=RecoveryConfig(snapshot_every=8, max_skips=2, window=30))
    assert finite(params)
    expected = [(e, int(np.where(order(e) == 13)[0][0]) // BS, LOSS) for e in range(epochs)]
    assert skipped_steps(ran) == expected
    assert run_json(tmp_path).get("rollbacks", 0) == 0
    assert mon.quarantined_samples() == {13}
    assert all(e["samples"] == [13] for e in quarantine(tmp_path).values())


# 3b. The same poison, and the loop leaves out the quarantined samples of later epochs
#     (docs/jax.md: quarantined_samples() gives the indices to leave out).
def test_dropping_the_quarantined_sample_ends_the_skips(tmp_path):
    x, y = dataset()
    x[13, 1] = np.nan
    tx = ngj.guard(optax.sgd(1e-2, momentum=0.9))
    order = lambda epoch: np.random.default_rng(100 + epoch).permutation(ROWS)  # noqa: E731
    mon, params, ran = train(tmp_path, tx=tx, epochs=4, data=(x, y), order=order, drop=True,
                             recovery=RecoveryConfig(snapshot_every=8, max_skips=2, window=30))
    assert finite(params)
    # Epoch 0 fails once; the quarantine is read at the next step (one step late), so
    # epoch 1 on leaves sample 13 out and never fails again.
    assert [e for e, _, _ in skipped_steps(ran)] == [0]
    assert mon.quarantined_samples() == {13}


# 4. spike=True: a batch whose labels were scaled x1e4 by a unit bug (a loss spike, the
#    loss finite), then later a batch with a NaN row.
def test_a_loss_spike_then_a_nan_batch(tmp_path):
    x, y = dataset()
    tx = ngj.guard(optax.adam(1e-2), spike=True)
    # (epoch, batch); the spike detector arms after 64 healthy steps (spike_warmup):
    # the spike is placed after that (a first try at epoch 3 was not a spike yet).
    spiky, nan_at = (9, 2), (10, 6)

    def data_for(epoch, b, xb, yb):
        if (epoch, b) == spiky:
            yb = yb * 1e4
        if (epoch, b) == nan_at:
            xb = xb.at[0, 0].set(jnp.nan)
        return xb, yb

    def loss_of(params, xb, yb):
        return mse_loss(params, xb, yb)

    x_all, y_all = x, y
    step = make_step(tx, loss_of, donate=False)
    params = init_params()
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=loss_of, verbose=0,
                      recovery=RecoveryConfig(snapshot_every=8, max_skips=2, window=20))
    ran = []
    for epoch in range(12):
        for b in range(ROWS // BS):
            ids = np.arange(b * BS, (b + 1) * BS)
            xb, yb = data_for(epoch, b, jnp.asarray(x_all[ids]), jnp.asarray(y_all[ids]))
            params, opt_state, m = step(params, opt_state, xb, yb)
            h = m.host()
            ran.append((epoch, b, bool(h["applied"]), int(h["trigger"])))
            params, opt_state = mon.observe(m, params=params, opt_state=opt_state,
                                            batch=(xb, yb), epoch=epoch, sample_ids=ids)
    mon.close()
    assert finite(params)
    assert skipped_steps(ran) == [(*spiky, SPIKE), (*nan_at, LOSS)]
    run = run_json(tmp_path)
    assert run["status"] == "completed" and run.get("rollbacks", 0) == 0
    # The run log files a spike under its own kind ("spike"), a non-finite one as "skip".
    incidents = [(e["kind"], e["step"], e["trigger"]) for e in log(tmp_path)
                 if e["kind"] in ("skip", "spike")]
    assert incidents == [("spike", 8 * spiky[0] + spiky[1], "spike"),
                         ("skip", 8 * nan_at[0] + nan_at[1], "loss")]
    # The NaN batch is quarantined with its row; a single spike quarantines nothing.
    q = quarantine(tmp_path)
    assert sorted(q) == [nan_at[1]] and q[nan_at[1]]["samples"] == [nan_at[1] * BS]


# 5. A NaN batch early, then a buggy in-loop weight edit (a "weight standardization"
#    dividing by a zero std) writes NaN into the weights: a streak until recovery rolls
#    back to a snapshot; then training is healthy again. Donated buffers.
def test_a_nan_batch_then_a_corrupted_weight_streak_rolls_back_once_and_recovers(tmp_path):
    x, y = dataset()
    x[13, 0] = np.nan  # batch 3, row 1: a poisoned row the loader replays every epoch
    tx = ngj.guard(optax.adam(1e-2))
    corrupt_at = 20

    def hook(i, params, opt_state):
        if i == corrupt_at:  # BUG: standardize with a zero std
            w2 = params["w2"]
            params = {**params, "w2": (w2 - w2.mean()) / jnp.float32(0.0) * 0.0}
        return params, opt_state

    cfg = RecoveryConfig(snapshot_every=4, max_skips=3, window=20)
    mon, params, ran = train(tmp_path, tx=tx, epochs=5, data=(x, y), hook=hook, donate=True,
                             recovery=cfg)
    assert finite(params)
    run = run_json(tmp_path)
    assert run["status"] == "completed" and run["rollbacks"] == 1
    reruns = log(tmp_path, "rerun")
    assert [r["verdict"] for r in reruns] == ["state"]
    # Only the NaN batch is quarantined (batch 3); no step of the streak is.
    q = quarantine(tmp_path)
    assert sorted(q) == [3] and q[3]["samples"] == [13]
    # The streak: steps from corrupt_at until the rollback are all skipped, then
    # every later step except the poisoned batch 3 of each epoch applies. The rollback
    # happens when step rb is read, one step late: step rb + 1 already ran on the
    # corrupted weights (skipped too, and never read: the restore replaces its state).
    rb = log(tmp_path, "rollback")[0]["step"]
    skipped = [8 * e + b for e, b, _ in skipped_steps(ran)]
    poison = [8 * e + 3 for e in range(5)]
    assert sorted(set(skipped) - set(poison)) == list(range(corrupt_at, rb + 2))
    assert sorted(set(skipped) & set(poison)) == poison


# 6. Two different origins in one epoch: a NaN row in batch 1 (the data), and in batch 6 a
#    row of huge features that overflows a naive softmax cross-entropy (the loss).
def naive_xent(params, x, y):
    logits = mlp_cls(params, x)
    p = jnp.exp(logits) / jnp.sum(jnp.exp(logits), axis=1, keepdims=True)
    return -jnp.mean(jnp.sum(jax.nn.one_hot(y, 3) * jnp.log(p), axis=1))


def mlp_cls(params, x):
    return x @ params["w"] + params["b"]


def test_two_origins_in_one_epoch_each_quarantines_its_own_rows(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(ROWS, 3)).astype(np.float32)
    y = rng.integers(0, 3, size=ROWS).astype(np.int32)
    x[5, 2] = np.nan     # batch 1, row 1
    x[26] = 1e6          # batch 6, row 2: exp overflows
    tx = ngj.guard(optax.sgd(1e-2))
    step = make_step(tx, naive_xent, donate=False)
    params = {"w": jnp.full((3, 3), 0.1), "b": jnp.zeros(3)}
    opt_state = tx.init(params)
    mon = ngj.Monitor(tmp_path, loss_fn=naive_xent, verbose=0,
                      recovery=RecoveryConfig(snapshot_every=4, max_skips=1, window=20))
    ran = []
    for epoch in range(2):
        for b in range(ROWS // BS):
            ids = np.arange(b * BS, (b + 1) * BS)
            xb, yb = jnp.asarray(x[ids]), jnp.asarray(y[ids])
            params, opt_state, m = step(params, opt_state, xb, yb)
            ran.append((epoch, b, bool(m.host()["applied"]), int(m.host()["trigger"])))
            params, opt_state = mon.observe(m, params=params, opt_state=opt_state,
                                            batch=(xb, yb), epoch=epoch, sample_ids=ids)
    mon.close()
    assert finite(params)
    assert skipped_steps(ran) == [(e, b, LOSS) for e in range(2) for b in (1, 6)]
    # max_skips=1: any failure counted against the state would have rolled back.
    assert run_json(tmp_path).get("rollbacks", 0) == 0
    q = quarantine(tmp_path)
    assert sorted(q) == [1, 6]
    assert q[1]["samples"] == [5] and q[6]["samples"] == [26]
    assert mon.quarantined_samples() == {5, 26}
    ops = {i["finding"]["origin"]["op"] for i in mon.incidents}
    assert len(ops) == 2, [i["finding"]["origin"] for i in mon.incidents]


# 7. A host-fed learning rate that is NaN for a stretch (a warmup formula of a resumed
#    run, step - resume_step in a denominator, for 5 steps), among healthy data, and a NaN
#    batch in the same epoch: the learning-rate streak is not any batch's fault.
def test_a_nan_learning_rate_streak_and_a_nan_batch_quarantine_only_the_batch(tmp_path):
    x, y = dataset()
    x[29, 0] = np.nan  # batch 7, row 1
    tx = ngj.guard(optax.inject_hyperparams(optax.sgd)(learning_rate=1e-2))
    bad_lr = range(10, 15)

    def hook(i, params, opt_state):
        return params, set_lr(opt_state, np.nan if i in bad_lr else 1e-2)

    cfg = RecoveryConfig(snapshot_every=4, max_skips=8, window=20)
    mon, params, ran = train(tmp_path, tx=tx, epochs=3, data=(x, y), hook=hook, recovery=cfg)
    assert finite(params)
    expected = sorted([(e, 7, LOSS) for e in range(3)]
                      + [(i // 8, i % 8, HYPER) for i in bad_lr])
    assert skipped_steps(ran) == expected
    assert run_json(tmp_path)["status"] == "completed"
    q = quarantine(tmp_path)
    assert sorted(q) == [7] and q[7]["samples"] == [29]
    assert mon.quarantined_samples() == {29}
