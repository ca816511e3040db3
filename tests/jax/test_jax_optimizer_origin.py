"""A NaN born in the optimizer (finite loss and gradients): named in the update, not the loss.

``nanguard.jax.guard`` skips a step whose inner optax update is non-finite
(trigger ``"hyperparameter"``). ``Monitor(tx=...)`` replays that update and
names the primitive, the optax function and the user's line that built it;
without ``tx`` the skip line says only what was seen.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.core.incident import Finding  # noqa: E402
from nanguard.core.incident_store import read_incident  # noqa: E402
from nanguard.core.relocalize import relocalize_incident  # noqa: E402
from nanguard.errors import InvalidArgumentError  # noqa: E402


def bag_loss(params, tokens, y):
    """Rows 6..9 of the embedding are never looked up: their gradient is exactly 0."""
    h = params["emb"][tokens].mean(axis=1) @ params["w"]
    return jnp.mean((h - y) ** 2)


def _run(tmp_path, inner, *, with_tx=True, steps=2):
    tx = ngj.guard(inner, check_updates="all")  # built on this line
    built_line = _run.__code__.co_firstlineno + 1
    params = {"emb": jax.random.normal(jax.random.PRNGKey(0), (10, 4)),
              "w": jnp.ones((4,)) * 0.5}
    opt_state = tx.init(params)
    tokens = jnp.asarray(np.arange(24).reshape(6, 4) % 6)
    y = jnp.linspace(-1.0, 1.0, 6)

    @jax.jit
    def step(params, opt_state, tokens, y):
        loss, grads = jax.value_and_grad(bag_loss)(params, tokens, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates), opt_state, ngj.metrics(opt_state)

    mon = ngj.Monitor(tmp_path, loss_fn=bag_loss, verbose=0, max_consecutive_skips=100,
                      tx=tx if with_tx else None)
    for _ in range(steps):
        params, opt_state, m = step(params, opt_state, tokens, y)
        mon.observe(m, params=params, opt_state=opt_state, batch=(tokens, y))
    mon.close()
    return mon, built_line


def _report(mon) -> dict:
    return json.loads(open(mon.incidents[0]["report"]).read())


@pytest.mark.parametrize("inner, function", [
    (optax.rmsprop(1e-3, eps=0.0), "scale_by_rms"),
    (optax.adam(1e-3, eps=0.0, eps_root=0.0), "scale_by_adam"),
], ids=["rmsprop_eps0", "adam_eps0"])
def test_zero_eps_on_unused_rows_is_localized_in_the_optimizer_update(tmp_path, inner, function):
    mon, built_line = _run(tmp_path, inner)
    assert mon.events[0]["trigger"] == "hyperparameter"
    assert "hyperparameter" not in mon.events[0]["reason"]
    report = _report(mon)
    Finding.from_dict(report)  # the schema accepts phase "optimizer"
    origin = report["origin"]
    assert origin["phase"] == "optimizer"
    assert origin["op"] in ("rsqrt", "sqrt", "div")
    assert origin["function"] == function
    assert origin["file"].replace("\\", "/").endswith("optax/_src/transform.py")
    assert report["cause"] == "div_by_zero"
    # The zero second moments are exactly the 4 unused rows x 4 columns.
    assert origin["inputs"] and any(s["n_zero"] == 16 for s in origin["inputs"])
    assert "['emb']" in report["explanation"]
    assert "['w']" not in report["explanation"]
    assert f"test_jax_optimizer_origin.py:{built_line}" in report["explanation"]
    assert "eps > 0" in report["fix"]
    assert "hyperparameter itself" not in report["fix"]


def test_offline_locate_gives_the_live_optimizer_finding(tmp_path):
    mon, _ = _run(tmp_path, optax.rmsprop(1e-3, eps=0.0))
    live = _report(mon)
    offline = relocalize_incident(read_incident(mon.incidents[0]["folder"])).to_dict()
    for key in ("origin", "cause", "explanation", "fix", "trigger"):
        assert offline[key] == live[key], key


def test_without_tx_the_skip_says_the_update_became_nonfinite_in_the_optimizer(tmp_path):
    mon, _ = _run(tmp_path, optax.rmsprop(1e-3, eps=0.0), with_tx=False)
    reason = mon.events[0]["reason"]
    assert "hyperparameter" not in reason
    assert "inside the optimizer, from finite loss and gradients" in reason
    assert "Monitor(tx=...)" in reason
    events = [json.loads(line) for line in open(tmp_path / "events.jsonl")]
    skips = [e for e in events if e["kind"] == "skip"]
    assert skips and all(e["reason"] == reason for e in skips)


@pytest.mark.parametrize("with_tx", [True, False], ids=["tx", "no_tx"])
def test_nonfinite_injected_learning_rate_is_named_as_the_learning_rate(tmp_path, with_tx):
    inner = optax.inject_hyperparams(optax.sgd)(learning_rate=float("nan"))
    mon, _ = _run(tmp_path, inner, with_tx=with_tx)
    reason = mon.events[0]["reason"]
    assert reason.startswith("learning rate non-finite")
    assert "opt_state.hyperparams['learning_rate']=nan" in reason
    if with_tx:
        report = _report(mon)
        assert report["origin"]["phase"] == "optimizer"
        assert report["origin"]["variable"] == "opt_state.hyperparams['learning_rate']"
        assert "learning rate" in report["explanation"]


def test_monitor_rejects_a_tx_not_built_by_guard():
    with pytest.raises(InvalidArgumentError, match="tx"):
        ngj.Monitor(None, tx=optax.adam(1e-3), verbose=0)


def test_schedule_singular_at_step_0_is_named_at_the_users_schedule_line(tmp_path):
    def schedule(count):
        return 1.0 / count  # the origin: 1/0 at step 0

    mon, _ = _run(tmp_path, optax.sgd(schedule))
    report = _report(mon)
    origin = report["origin"]
    assert (origin["phase"], origin["op"], report["cause"]) == ("optimizer", "div", "div_by_zero")
    assert origin["file"].endswith("test_jax_optimizer_origin.py")
    assert origin["line"] == schedule.__code__.co_firstlineno + 1
    assert "count steps from 1" in report["fix"]
    assert "eps >" not in report["fix"]
