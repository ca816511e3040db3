"""nanguard.jax.Monitor: the shared run log, incidents, TensorBoard and stop for a JAX loop."""

from __future__ import annotations

import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.errors import InvalidArgumentError, NonFiniteError  # noqa: E402


def loss_fn(params, x, y):
    pred = x @ params["w"] + params["b"]
    return jnp.mean((pred - y) ** 2)


def log_loss_fn(params, x, y):
    h = jnp.maximum(x @ params["w"], 0.0)
    return jnp.mean(-jnp.log(h) * y)  # log(0) when a row is all negative


def _setup(fn=loss_fn):
    tx = ngj.guard(optax.adam(1e-2))
    params = {"w": jnp.ones((3, 1)) * 0.1, "b": jnp.zeros((1,))}
    opt_state = tx.init(params)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates), opt_state, ngj.metrics(opt_state)

    return step, params, opt_state


def _batches(n, bad=(), nan_row=1):
    rng = np.random.default_rng(0)
    for i in range(n):
        x = rng.uniform(0.5, 1.5, (4, 3)).astype(np.float32)
        if i in bad:
            x[nan_row, 0] = np.nan
        yield jnp.asarray(x), jnp.ones((4, 1), jnp.float32)


def _run(tmp_path, n=10, bad=(), fn=loss_fn, **kwargs):
    step, params, opt_state = _setup(fn)
    mon = ngj.Monitor(tmp_path, loss_fn=fn, verbose=0, log_every=2, **kwargs)
    for x, y in _batches(n, bad):
        params, opt_state, m = step(params, opt_state, x, y)
        mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
    mon.close()
    return mon, params


def test_a_nan_batch_is_skipped_logged_and_saved_as_an_incident(tmp_path):
    mon, params = _run(tmp_path, bad=(3,))
    assert np.isfinite(np.asarray(params["w"])).all()
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["status"] == "completed" and run["skipped"] == 1 and run["steps"] == 10
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    skips = [e for e in events if e["kind"] == "skip"]
    assert [e["step"] for e in skips] == [3] and skips[0]["trigger"] == "loss"
    report = json.loads((tmp_path / "incidents" / "3" / "report.json").read_text())
    assert report["cause"] == "nonfinite_input"
    assert report["origin"]["input"] == "x" and report["origin"]["rows"] == [1]
    steps = [json.loads(line) for line in (tmp_path / "steps.jsonl").read_text().splitlines()]
    assert any(s["skipped"] for s in steps) and any(not s["skipped"] for s in steps)
    assert mon.incidents[0]["step"] == 3


def test_an_op_bug_is_replayed_and_localized_to_the_users_line(tmp_path):
    step, params, opt_state = _setup(log_loss_fn)
    mon = ngj.Monitor(tmp_path, loss_fn=log_loss_fn, verbose=0)
    x_bad = -jnp.ones((4, 3))  # relu(x @ w) = 0 everywhere: log(0)
    for x in (jnp.ones((4, 3)), x_bad, jnp.ones((4, 3))):
        params, opt_state, m = step(params, opt_state, x, jnp.ones((4, 1)))
        mon.observe(m, params=params, opt_state=opt_state, batch=(x, jnp.ones((4, 1))))
    mon.close()
    report = json.loads((tmp_path / "incidents" / "1" / "report.json").read_text())
    assert report["cause"] == "log_of_zero" and report["origin"]["op"] == "log"
    assert report["origin"]["file"] == __file__
    assert "jnp.log" in report["origin"]["code"]
    assert (tmp_path / "incidents" / "1" / "trace.json").exists()


def test_a_streak_of_skips_stops_the_run_with_the_shared_message(tmp_path):
    with pytest.raises(NonFiniteError, match="3 consecutive") as info:
        _run(tmp_path, n=8, bad=range(2, 8), max_consecutive_skips=3)
    assert info.value.step == 4 and info.value.consecutive == 3
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["status"] == "stopped"


def test_flags_are_read_one_step_late_so_a_healthy_step_never_waits(tmp_path):
    step, params, opt_state = _setup()
    mon = ngj.Monitor(None, verbose=0, log_every=1)
    batches = list(_batches(3, bad=(0,)))
    params, opt_state, m = step(params, opt_state, *batches[0])
    mon.observe(m, params=params, opt_state=opt_state, batch=batches[0])
    assert mon.events == []  # step 0 is not read yet
    params, opt_state, m = step(params, opt_state, *batches[1])
    mon.observe(m, params=params, opt_state=opt_state, batch=batches[1])
    assert [e["step"] for e in mon.events] == [0]


def test_the_guarded_step_holds_no_conditional_or_host_callback():
    step, params, opt_state = _setup()
    x, y = next(_batches(1))
    text = str(jax.make_jaxpr(step)(params, opt_state, x, y))
    for primitive in ("cond[", "callback", "io_callback", "debug_callback"):
        assert primitive not in text


def test_tensorboard_event_files_and_the_html_report_come_from_the_run(tmp_path):
    _run(tmp_path, bad=(3,), tensorboard=True)
    assert list((tmp_path / "tensorboard").rglob("events.out.tfevents.*"))
    from nanguard.report.html import write_report

    html = write_report(tmp_path).read_text()
    assert "nonfinite_input" in html or "non-finite" in html.lower()


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"max_consecutive_skips": 0}, "max_consecutive_skips"),
     ({"log_every": -1}, "log_every"), ({"max_incidents": 1.5}, "max_incidents"),
     ({"tensorboard": True}, "tensorboard"), ({"loss_fn": 3}, "loss_fn")],
    ids=lambda v: str(v),
)
def test_bad_options_raise_invalid_argument(kwargs, argument):
    with pytest.raises(InvalidArgumentError, match=f"`{argument}`"):
        ngj.Monitor(None, **kwargs)


def test_metrics_without_the_guard_keys_are_rejected():
    mon = ngj.Monitor(None, verbose=0)
    with pytest.raises(InvalidArgumentError, match="`metrics`"):
        mon.observe({"loss": jnp.float32(1.0)})


def test_a_saved_jax_incident_is_relocalized_offline_by_the_cli(tmp_path, capsys):
    from nanguard.cli import main

    step, params, opt_state = _setup(log_loss_fn)
    mon = ngj.Monitor(tmp_path, loss_fn=log_loss_fn, verbose=0)
    for x in (jnp.ones((4, 3)), -jnp.ones((4, 3))):
        params, opt_state, m = step(params, opt_state, x, jnp.ones((4, 1)))
        mon.observe(m, params=params, opt_state=opt_state, batch=(x, jnp.ones((4, 1))))
    mon.close()
    capsys.readouterr()
    assert main(["locate", str(tmp_path / "incidents" / "1")]) == 1  # 1: origin located
    out = capsys.readouterr().out
    assert "log_of_zero" in out and "test_jax_monitor.py" in out


def test_a_loss_spike_is_skipped_and_logged_as_a_spike_event(tmp_path):
    tx = ngj.guard(optax.sgd(1e-3), spike=True)
    params = {"w": jnp.ones((3, 1)) * 0.1, "b": jnp.zeros((1,))}
    opt_state = tx.init(params)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    mon = ngj.Monitor(tmp_path, loss_fn=loss_fn, verbose=0)
    ys = [1.0] * 70 + [1e4, 1.0]
    for i, yv in enumerate(ys):
        x = jnp.full((4, 3), 1.0 + 0.01 * (i % 5))
        params, opt_state, m = step(params, opt_state, x, jnp.full((4, 1), yv))
        mon.observe(m, params=params, opt_state=opt_state, batch=(x, jnp.full((4, 1), yv)))
    mon.close()
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [(e["kind"], e["step"]) for e in events if e["kind"] in ("skip", "spike")] == [
        ("spike", 70)]
    assert json.loads((tmp_path / "run.json").read_text())["spikes"] == 1


def _donated_run(tmp_path, xs):
    tx = ngj.guard(optax.adam(1e-2))
    params = {"w": jnp.ones((3, 1)) * 0.1, "b": jnp.zeros((1,))}
    opt_state = tx.init(params)

    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(log_loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    step = jax.jit(step, donate_argnums=(0, 1))
    mon = ngj.Monitor(tmp_path, loss_fn=log_loss_fn, verbose=0)
    y = jnp.ones((4, 1))
    for x in xs:
        params, opt_state, m = step(params, opt_state, x, y)
        mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
    mon.close()
    return mon, params


def test_with_donated_buffers_a_skip_streak_is_replayed_from_the_next_skipped_outputs(
        tmp_path):
    good, bad = jnp.ones((4, 3)), -jnp.ones((4, 3))
    mon, params = _donated_run(tmp_path, [good, bad, bad, good, good])
    # Step 1's own outputs were donated to step 2; step 2 skipped too, so its outputs
    # (the same arrays bit for bit) were replayed.
    assert mon.incidents[0]["step"] == 1
    report = json.loads((tmp_path / "incidents" / "1" / "report.json").read_text())
    assert report["cause"] == "log_of_zero" and report["origin"]["op"] == "log"
    assert np.isfinite(np.asarray(params["w"])).all()


def test_with_donated_buffers_an_isolated_skip_is_replayed_from_the_next_steps_outputs(
        tmp_path):
    good, bad = jnp.ones((4, 3)), -jnp.ones((4, 3))
    mon, params = _donated_run(tmp_path, [good, bad, good, good])
    # Step 2 applied an update on the donated state: step 1's own state is gone, and the
    # batch is replayed from step 2's outputs (one update later), which still fail.
    assert [i["step"] for i in mon.incidents] == [1]
    report = json.loads((tmp_path / "incidents" / "1" / "report.json").read_text())
    assert report["cause"] == "log_of_zero" and report["origin"]["op"] == "log"
    meta = json.loads((tmp_path / "incidents" / "1" / "meta.json").read_text())
    assert meta["state_exact"] is False and meta["state_from"].startswith("step 2's outputs")
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["skipped"] == 1 and run["status"] == "completed"
