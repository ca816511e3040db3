"""Monitor with ``donate_argnums=(0, 1)``: an isolated skip is still localized to the user's line.

The Monitor reads a step's flags one step late, so with buffer donation a skipped
step's own state has been donated to the next step by then. The next step's
outputs (alive until the step after it is dispatched) stand in: bitwise the same
state when that step was skipped too, one healthy update later when it was applied.
"""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402


def mlp_loss(params, x, y):
    h = jnp.tanh(x @ params["w1"] + params["b1"])
    gate = jnp.log(x[:, :1])  # the bad line: log of a non-positive first feature
    pred = h @ params["w2"] + gate
    return jnp.mean((pred - y) ** 2)


BAD_LINE = next(i for i, text in enumerate(inspect.getsource(mlp_loss).splitlines())
                if "the bad line" in text) + mlp_loss.__code__.co_firstlineno


def _loop(logdir, n, bad, *, donate=True, loss=mlp_loss):
    tx = ngj.guard(optax.adam(1e-2))
    k1, k2 = jax.random.split(jax.random.key(0))
    params = {"w1": jax.random.normal(k1, (4, 8)) * 0.3, "b1": jnp.zeros(8),
              "w2": jax.random.normal(k2, (8, 1)) * 0.3}
    opt_state = tx.init(params)

    def step(params, opt_state, x, y):
        value, grads = jax.value_and_grad(loss)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=value)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    step = jax.jit(step, donate_argnums=(0, 1) if donate else ())
    mon = ngj.Monitor(logdir, loss_fn=loss, verbose=0)
    rng = np.random.default_rng(0)
    for i in range(n):
        x = rng.uniform(0.5, 1.5, (16, 4)).astype(np.float32)
        if i in bad:
            x[3, 0] = -1.0  # one row of this batch is bad
        x, y = jnp.asarray(x), jnp.asarray(x.sum(axis=1, keepdims=True))
        params, opt_state, m = step(params, opt_state, x, y)
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
    mon.close()
    return mon, params


def test_an_isolated_skip_under_donation_is_localized_to_the_bad_line(tmp_path):
    mon, params = _loop(tmp_path, 12, bad={5})
    assert [e["step"] for e in mon.events] == [5]
    (incident,) = mon.incidents
    report = json.loads((tmp_path / "incidents" / "5" / "report.json").read_text())
    origin = report["origin"]
    assert origin["file"] == __file__ and origin["line"] == BAD_LINE, origin
    assert origin["op"] == "log" and origin["rows"] == [3]
    assert report["cause"] in ("log_of_negative", "domain_error"), report["cause"]
    meta = json.loads((tmp_path / "incidents" / "5" / "meta.json").read_text())
    assert meta["state_exact"] is False and "step 6's outputs" in meta["state_from"]
    assert "capture_error" not in meta
    assert np.isfinite(np.asarray(params["w1"])).all()


def test_the_donated_isolated_skip_names_what_the_undonated_run_names(tmp_path):
    donated, _ = _loop(tmp_path / "d", 12, bad={5})
    plain, _ = _loop(tmp_path / "p", 12, bad={5}, donate=False)
    d, p = donated.incidents[0]["finding"], plain.incidents[0]["finding"]
    keys = ("phase", "op", "file", "line", "rows")
    assert {k: d["origin"][k] for k in keys} == {k: p["origin"][k] for k in keys}
    assert d["cause"] == p["cause"]
    meta = json.loads((tmp_path / "p" / "incidents" / "5" / "meta.json").read_text())
    assert "state_from" not in meta  # undonated: the step's own state, exactly


def flaky_loss(params, x, y):
    # Non-finite only from the bad step's exact weights (w1[0, 0] == 1) and its batch.
    trap = jnp.logical_and(params["w1"][0, 0] == 1.0, x[0, 1] == 7.0)
    bad = jnp.where(trap, jnp.log(x[0, 0] - x[0, 0]), 0.0)
    return jnp.mean((jnp.tanh(x @ params["w1"]) @ params["w2"] - y) ** 2) + bad


def test_a_failure_that_does_not_reproduce_one_update_later_is_saved_unlocalized(tmp_path):
    tx = ngj.guard(optax.sgd(1e-2))
    params = {"w1": jnp.full((4, 8), 0.5).at[0, 0].set(1.0), "w2": jnp.full((8, 1), 0.1)}
    opt_state = tx.init(params)

    def step(params, opt_state, x, y):
        value, grads = jax.value_and_grad(flaky_loss)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=value)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    step = jax.jit(step, donate_argnums=(0, 1))
    mon = ngj.Monitor(tmp_path, loss_fn=flaky_loss, verbose=0)
    good = jnp.ones((4, 4))
    for x in (good.at[0, 1].set(7.0), good, good):  # step 0 fails, step 1 moves w1[0, 0]
        params, opt_state, m = step(params, opt_state, x, jnp.zeros((4, 1)))
        params, opt_state = mon.observe(m, params=params, opt_state=opt_state,
                                        batch=(x, jnp.zeros((4, 1))))
    mon.close()
    assert [e["step"] for e in mon.events] == [0]
    assert mon.incidents[0]["finding"] is None
    meta = json.loads((tmp_path / "incidents" / "0" / "meta.json").read_text())
    assert meta["state_exact"] is False
    assert meta["capture_error"].startswith("not reproduced from step 1's outputs")
