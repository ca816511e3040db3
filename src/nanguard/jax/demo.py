"""``nanguard demo --framework jax``: the classic backward-only NaN in Flax NNX, plain vs guarded.

A ``Linear(8, 100) -> relu -> Linear(1)`` NNX regression uses a per-sample
"robust RMSE" whose input is clipped for safety: ``sqrt(clip(square(y - p), 0,
1e6))``. Some batches hold padding rows (x = 0, y = 0); while the model maps
them to exactly 0 the residual is exactly 0 and ``sqrt(0) = 0``: the forward
pass is finite, the gradient is ``inf * 0 = NaN``.

Run 1 is plain optax + ``nnx.Optimizer``: one NaN update destroys every weight.
Run 2 wraps the optimizer in ``nanguard.jax.guard`` (``nanguard.jax.nnx.Optimizer``)
and logs through ``nanguard.jax.Monitor``: the bad steps are skipped bitwise,
the origin is located, and training completes with a finite loss.
"""

from __future__ import annotations

import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

import nanguard.jax as ngj
from nanguard.jax.nnx import Optimizer as GuardedOptimizer
from nanguard.report.demo_summary import print_demo_summary


class Regressor(nnx.Module):
    def __init__(self, rngs: nnx.Rngs):
        self.hidden = nnx.Linear(8, 100, rngs=rngs)
        self.out = nnx.Linear(100, 1, rngs=rngs)

    def __call__(self, x):
        return self.out(jax.nn.relu(self.hidden(x)))


def robust_rmse(y_true, y_pred):
    residual_sq = jnp.clip(jnp.square(y_true - y_pred), 0.0, 1e6)
    return jnp.mean(jnp.sqrt(residual_sq))


def make_data(n=2048, pad_every=8, batch_size=32, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    w = rng.normal(size=(8, 1)).astype("float32")
    y = (x @ w + 0.1 * rng.normal(size=(n, 1))).astype("float32")
    for b in range(0, n // batch_size, pad_every):  # padding rows: all-zero x and y
        x[b * batch_size + batch_size - 1] = 0.0
        y[b * batch_size + batch_size - 1] = 0.0
    return x, y




def _train(guarded: bool, x, y, epochs: int, logdir, batch_size=32):
    model = Regressor(nnx.Rngs(0))
    graphdef, _ = nnx.split(model)
    tx = optax.adam(1e-3)
    if guarded:
        opt = GuardedOptimizer(model, ngj.guard(tx), wrt=nnx.Param)

        def loss_of_state(state, xb, yb):
            return robust_rmse(yb, nnx.merge(graphdef, state)(xb))

        monitor = ngj.Monitor(logdir, loss_fn=loss_of_state, verbose=1)
    else:
        opt = nnx.Optimizer(model, tx, wrt=nnx.Param)
        monitor = None

    @nnx.jit
    def step(model, opt, xb, yb):
        loss, grads = nnx.value_and_grad(lambda m: robust_rmse(yb, m(xb)))(model)
        if guarded:
            opt.update(model, grads, loss=loss)
            return loss, opt.metrics()
        opt.update(model, grads)
        return loss, {}

    losses = []
    for epoch in range(epochs):
        total, count = 0.0, 0
        for i in range(0, len(x), batch_size):
            xb, yb = jnp.asarray(x[i:i + batch_size]), jnp.asarray(y[i:i + batch_size])
            loss, m = step(model, opt, xb, yb)
            if monitor is not None:
                # Pure arrays: the model's Variables are updated in place by later steps.
                monitor.observe(m, params=nnx.as_pure(nnx.state(model)),
                                opt_state=nnx.as_pure(opt.opt_state), batch=(xb, yb),
                                epoch=epoch)
                if not bool(m["applied"]):
                    continue
            total, count = total + float(loss), count + 1
        losses.append(total / max(count, 1))
    if monitor is not None:
        monitor.close()
    leaves = jax.tree_util.tree_leaves(nnx.state(model, nnx.Param))
    weights = np.concatenate([np.asarray(w).ravel() for w in leaves])
    return {"loss": losses, "nan_weights": float(np.mean(~np.isfinite(weights))),
            "monitor": monitor}


def run_demo(logdir: str | Path = "nanguard-demo-jax", epochs: int = 3, report: bool = True):
    from nanguard.report.console import console

    con = console()
    x, y = make_data()
    results = {}
    con.rule("[bold]Run 1: plain optax + nnx.Optimizer")
    t0 = time.perf_counter()
    plain = _train(False, x, y, epochs, None)
    results["plain"] = {"loss": plain["loss"], "nan_weights": plain["nan_weights"],
                        "seconds": time.perf_counter() - t0, "skipped": 0}
    con.rule("[bold]Run 2: the same run with nanguard.jax.guard + Monitor")
    t0 = time.perf_counter()
    guarded = _train(True, x, y, epochs, logdir)
    mon = guarded["monitor"]
    results["guard"] = {"loss": guarded["loss"], "nan_weights": guarded["nan_weights"],
                        "seconds": time.perf_counter() - t0, "skipped": mon.status.skipped,
                        "steps": mon.status.steps, "incidents": mon.incidents}
    print_demo_summary(
        con, results, title="nanguard demo (JAX, Flax NNX): the same model, data and loss",
        plain_label="plain optax", guard_label="with nanguard.jax.guard")
    if report:
        from nanguard.report.html import write_report

        path = write_report(logdir)
        con.print(f"HTML report: [bold]{path}[/]")
        results["report"] = str(path)
    return results

