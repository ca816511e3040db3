"""Flax NNX: nanguard.jax.nnx.Optimizer skips bitwise; the JAX demo shows the rescue end to end."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
nnx = pytest.importorskip("flax.nnx")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.errors import InvalidArgumentError  # noqa: E402
from nanguard.jax.nnx import Optimizer  # noqa: E402


class Net(nnx.Module):
    def __init__(self, rngs):
        self.hidden = nnx.Linear(3, 4, rngs=rngs)
        self.out = nnx.Linear(4, 1, rngs=rngs)

    def __call__(self, x):
        return self.out(jax.nn.relu(self.hidden(x)))


def _bits(tree):
    return [np.asarray(x).tobytes() for x in jax.tree_util.tree_leaves(tree)]


def _step_fn(guarded_kwargs=True):
    @nnx.jit
    def step(model, opt, x):
        loss, grads = nnx.value_and_grad(lambda m: jnp.mean(m(x) ** 2))(model)
        if guarded_kwargs:
            opt.update(model, grads, loss=loss)
        else:
            opt.update(model, grads)

    return step


def test_a_nan_batch_leaves_model_optimizer_state_and_step_bitwise():
    model = Net(nnx.Rngs(0))
    opt = Optimizer(model, ngj.guard(optax.adamw(1e-2)), wrt=nnx.Param)
    step = _step_fn()
    step(model, opt, jnp.ones((2, 3)))
    params, inner = _bits(nnx.state(model)), _bits(nnx.as_pure(opt.opt_state).inner_state)
    step(model, opt, jnp.full((2, 3), jnp.nan))
    assert _bits(nnx.state(model)) == params
    assert _bits(nnx.as_pure(opt.opt_state).inner_state) == inner
    assert not bool(opt.metrics()["applied"]) and int(opt.step[...]) == 1


def test_healthy_steps_equal_plain_nnx_optimizer_bitwise():
    m1, m2 = Net(nnx.Rngs(0)), Net(nnx.Rngs(0))
    plain = nnx.Optimizer(m1, optax.adam(1e-2), wrt=nnx.Param)
    guarded = Optimizer(m2, ngj.guard(optax.adam(1e-2)), wrt=nnx.Param)
    s_plain, s_guarded = _step_fn(False), _step_fn()
    for i in range(3):
        x = jnp.full((2, 3), 0.5 + i)
        s_plain(m1, plain, x)
        s_guarded(m2, guarded, x)
    assert _bits(nnx.state(m1)) == _bits(nnx.state(m2))
    assert int(plain.step[...]) == int(guarded.step[...]) == 3


def test_plain_nnx_optimizer_forwards_the_loss_to_the_guard_but_counts_the_skip():
    model = Net(nnx.Rngs(0))
    opt = nnx.Optimizer(model, ngj.guard(optax.sgd(0.1)), wrt=nnx.Param)
    before = _bits(nnx.state(model))
    _step_fn()(model, opt, jnp.full((2, 3), jnp.inf))
    assert _bits(nnx.state(model)) == before  # -0.0 updates: normal floats are kept
    assert not bool(ngj.metrics(nnx.as_pure(opt.opt_state))["applied"])
    assert int(opt.step[...]) == 1  # why nanguard.jax.nnx.Optimizer exists


def test_an_unguarded_transformation_is_rejected():
    with pytest.raises(InvalidArgumentError, match="`tx`"):
        Optimizer(Net(nnx.Rngs(0)), optax.adam(1e-3), wrt=nnx.Param)


@pytest.mark.slow
def test_jax_demo_plain_run_is_destroyed_and_the_guarded_run_names_the_sqrt(tmp_path):
    from nanguard.jax.demo import run_demo

    results = run_demo(tmp_path / "run", epochs=1)
    plain, guard = results["plain"], results["guard"]
    assert plain["nan_weights"] == 1.0 and all(math.isnan(v) for v in plain["loss"])
    assert guard["nan_weights"] == 0.0 and all(math.isfinite(v) for v in guard["loss"])
    assert guard["skipped"] >= 1
    finding = guard["incidents"][0]["finding"]
    origin = finding["origin"]
    assert (origin["phase"], origin["op"], finding["cause"]) == (
        "backward", "sqrt", "grad_singularity")
    assert Path(origin["file"]).name == "demo.py" and "jnp.sqrt" in origin["code"]
    assert Path(results["report"]).is_file()


@pytest.mark.slow
def test_cli_demo_framework_jax_exits_zero(tmp_path):
    from nanguard.cli import main

    assert main(["demo", "--framework", "jax", "--epochs", "1", "--logdir",
                 str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "run.json").is_file()
