"""What a JAX user reads through nanguard.jax.Monitor (issue 15): summaries and rows at fault.

A real optax loop whose loss normalizes each row by its sum: an all-zero row divides
0 by 0 in the forward pass, every step, so every update is skipped.
"""

from __future__ import annotations

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402


def row_share_loss(params, x, y):
    share = x / jnp.sum(x, axis=1, keepdims=True)  # 0/0 for an all-zero row
    return jnp.mean((share @ params["w"] - y) ** 2)


def _loop(*, epochs: int, steps: int, end_epochs: bool, verbose: int = 1):
    tx = ngj.guard(optax.sgd(1e-2))
    params = {"w": jnp.ones((3, 1)) * 0.1}
    opt_state = tx.init(params)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(row_share_loss)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates), opt_state, ngj.metrics(opt_state)

    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 1.5, (6, 3)).astype(np.float32)
    x[[1, 4]] = 0.0
    x, y = jnp.asarray(x), jnp.ones((6, 1), jnp.float32)
    mon = ngj.Monitor(None, loss_fn=row_share_loss, max_consecutive_skips=100, verbose=verbose)
    w0 = np.asarray(params["w"]).copy()
    for epoch in range(epochs):
        for _ in range(steps):
            params, opt_state, m = step(params, opt_state, x, y)
            mon.observe(m, params=params, opt_state=opt_state, batch=(x, y), epoch=epoch)
        if end_epochs:
            assert mon.end_epoch() is None  # no recovery: nothing restored
    mon.close()
    np.testing.assert_array_equal(np.asarray(params["w"]), w0)  # every update skipped
    return mon


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("nanguard:")]


def test_repeated_skips_print_the_origin_once_and_one_summary_per_epoch(capfd):
    mon = _loop(epochs=3, steps=4, end_epochs=True)
    out = capfd.readouterr().out
    lines = _lines(out)
    assert mon.status.skipped == 12
    assert len(lines) == 4, out
    assert "step 0: skipped the update" in lines[0]
    assert lines[1].startswith("nanguard: steps 1-3 (epoch 1): skipped 3 more updates"), out
    assert "same origin" in lines[1] and "4 skipped in total" in lines[1]
    assert lines[2].startswith("nanguard: steps 4-7 (epoch 2): skipped 4 more updates"), out
    assert lines[3].startswith("nanguard: steps 8-11 (epoch 3): skipped 4 more updates"), out
    assert "12 skipped in total" in lines[3]
    assert [e["epoch"] for e in mon.events] == [0] * 4 + [1] * 4 + [2] * 4


def test_without_end_epoch_the_repeats_are_summarized_once_at_the_end(capfd):
    _loop(epochs=3, steps=4, end_epochs=False)
    lines = _lines(capfd.readouterr().out)
    assert len(lines) == 2
    assert "steps 1-11" in lines[1] and "11 more updates" in lines[1]


def test_verbose_2_prints_a_line_per_skipped_step(capfd):
    _loop(epochs=2, steps=3, end_epochs=True, verbose=2)
    out = capfd.readouterr().out
    assert out.count("skipped the update") == 6 and "more updates" not in out
    assert "step 5: skipped the update" in out and "6 in total" in out


def test_a_forward_origin_names_the_rows_of_the_batch_at_fault():
    mon = _loop(epochs=1, steps=1, end_epochs=True, verbose=0)
    finding = mon.incidents[0]["finding"]
    origin = finding["origin"]
    assert origin["phase"] == "forward" and origin["op"] == "div"
    assert origin["code"].startswith("share = x / jnp.sum(x, axis=1, keepdims=True)")
    assert origin["rows"] == [1, 4]


def test_nanguard_locate_also_names_the_rows():
    x = np.ones((5, 3), np.float32)
    x[2] = 0.0
    finding = ngj.locate(row_share_loss, {"w": jnp.ones((3, 1))}, jnp.asarray(x),
                         jnp.ones((5, 1)))
    assert finding.origin.rows == [2]


def test_a_nan_validation_loss_is_counted_said_once_and_never_skips_or_stops(tmp_path, capsys):
    tx = ngj.guard(optax.sgd(1e-2))
    params = {"w": jnp.ones((3, 1)) * 0.1}
    opt_state = tx.init(params)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(row_share_loss)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates), opt_state, ngj.metrics(opt_state)

    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(0.5, 1.5, (6, 3)).astype(np.float32))
    y = jnp.ones((6, 1), jnp.float32)
    x_val = np.asarray(x).copy()
    x_val[3] = 0.0  # an all-zero validation row: 0/0 in the forward pass
    x_val = jnp.asarray(x_val)
    mon = ngj.Monitor(tmp_path, loss_fn=row_share_loss, verbose=1)
    w_seen = []
    for epoch in range(2):
        for _ in range(3):
            params, opt_state, m = step(params, opt_state, x, y)
            mon.observe(m, params=params, opt_state=opt_state, batch=(x, y), epoch=epoch)
            w_seen.append(np.asarray(params["w"]).copy())
        for _ in range(2):  # two validation batches per epoch, both NaN
            val_loss = jax.jit(row_share_loss)(params, x_val, y)
            assert mon.check_eval(val_loss, params=params, batch=(x_val, y))
        assert not mon.check_eval(jax.jit(row_share_loss)(params, x, y), params=params,
                                  batch=(x, y))
    mon.close()
    out = capsys.readouterr().out
    assert out.count("evaluation: loss non-finite") == 1  # said once (one origin)
    assert "nothing was skipped and training continues" in out
    assert mon.validation_nonfinite == 4
    (finding,) = mon.validation_findings
    assert finding["action"] == "reported" and finding["cause"] in ("div_by_zero",
                                                                   "invalid_operation")
    assert finding["origin"]["rows"] == [3] and finding["origin"]["op"] == "div"
    run = __import__("json").loads((tmp_path / "run.json").read_text())
    assert run["validation_nonfinite"] == 4 and run["status"] == "completed"
    assert run["skipped"] == 0  # training steps were all applied
    assert all(not np.array_equal(a, b) for a, b in zip(w_seen, w_seen[1:]))
