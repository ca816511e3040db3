"""Flax NNX findings name the module path and class, with Flax layer-level fixes (issue 14/15).

Real ``flax.nnx`` models, localized with ``nanguard.locate`` (the model passed as the
differentiated argument, or rebuilt with ``nnx.merge`` inside the loss, as a
``Monitor`` loss over pure state does) and through ``Monitor`` on a real training loop.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
nnx = pytest.importorskip("flax.nnx")
import jax.numpy as jnp  # noqa: E402

import nanguard  # noqa: E402
import nanguard.jax as ngj  # noqa: E402
from nanguard.jax._nnx_scopes import path_text  # noqa: E402


class Block(nnx.Module):
    def __init__(self, rngs, epsilon=0.0):
        self.lin = nnx.Linear(4, 4, rngs=rngs)
        self.norm = nnx.LayerNorm(4, epsilon=epsilon, rngs=rngs)

    def __call__(self, x):
        return self.norm(self.lin(x))  # LAYER-CALL


class Encoder(nnx.Module):
    def __init__(self, rngs, epsilon=0.0):
        self.layers = nnx.List([Block(rngs, epsilon), Block(rngs, epsilon)])

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class LogHead(nnx.Module):
    def __init__(self, rngs):
        self.proj = nnx.Linear(4, 2, rngs=rngs)

    def __call__(self, h):
        return jnp.log(jax.nn.relu(self.proj(h)))  # LOG-LINE


class Model(nnx.Module):
    def __init__(self, rngs, epsilon=0.0):
        self.encoder = Encoder(rngs, epsilon)
        self.head = nnx.Linear(4, 1, rngs=rngs)

    def __call__(self, x):
        return self.head(self.encoder(x))


def _line(marker: str) -> int:
    text = open(__file__).read().splitlines()
    return next(i for i, line in enumerate(text, 1) if line.rstrip().endswith(f"# {marker}"))


def _constant_row_batch():
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    x[2] = 1.5  # row 2 is constant across the features: LayerNorm(epsilon=0) divides by 0
    return jnp.asarray(x)


def _model_with_identity_first_layer(epsilon=0.0):
    model = Model(nnx.Rngs(0), epsilon)
    model.encoder.layers[0].lin.kernel.value = jnp.eye(4)
    model.encoder.layers[0].lin.bias.value = jnp.zeros(4)
    return model


def mse(model, x):
    return jnp.mean(model(x) ** 2)


def test_path_text_spells_list_indices_onto_their_attribute():
    assert path_text(("encoder", "layers", 0, "attn")) == "encoder.layers_0.attn"
    assert path_text(("head",)) == "head"
    assert path_text((3, "lin")) == "3.lin"


def test_a_layernorm_nan_names_the_module_path_class_rows_and_the_flax_fix():
    finding = nanguard.locate(mse, _model_with_identity_first_layer(), _constant_row_batch())
    o = finding.origin
    assert (o.phase, o.op, o.layer, o.layer_class) == (
        "forward", "rsqrt", "encoder.layers_0.norm", "LayerNorm")
    assert finding.cause == "div_by_zero"
    # The op is Flax's; the line is the user's call of the layer, not flax/nnx code.
    assert (o.file, o.line) == (__file__, _line("LAYER-CALL"))
    assert o.rows == [2]
    assert "Flax's built-in LayerNorm layer 'encoder.layers_0.norm'" in finding.explanation
    assert "row 2" in finding.explanation
    assert "epsilon > 0" in finding.fix and "safe_" not in finding.fix


def test_the_same_finding_when_the_loss_rebuilds_the_model_with_nnx_merge():
    model = _model_with_identity_first_layer()
    graphdef, state = nnx.split(model)

    def loss_of_state(state, x):  # what a Monitor loss over nnx.as_pure(state) looks like
        return mse(nnx.merge(graphdef, state), x)

    finding = nanguard.locate(loss_of_state, nnx.as_pure(state), _constant_row_batch())
    assert (finding.origin.layer, finding.origin.layer_class) == (
        "encoder.layers_0.norm", "LayerNorm")
    assert finding.origin.rows == [2]


def test_a_user_module_is_named_by_path_and_class_without_a_builtin_fix():
    class Net(nnx.Module):
        def __init__(self, rngs):
            self.blocks = nnx.List([nnx.Linear(3, 4, rngs=rngs), LogHead(rngs)])

        def __call__(self, x):
            return jnp.mean(self.blocks[1](self.blocks[0](x)))

    net = Net(nnx.Rngs(1))
    net.blocks[1].proj.kernel.value = -jnp.abs(net.blocks[1].proj.kernel.value)
    net.blocks[1].proj.bias.value = jnp.zeros(2)
    net.blocks[0].kernel.value = jnp.abs(net.blocks[0].kernel.value)
    finding = nanguard.locate(lambda m, x: m(x), net, jnp.ones((2, 3)))
    o = finding.origin
    assert (o.op, o.layer, o.layer_class, finding.cause) == (
        "log", "blocks_1", "LogHead", "log_of_zero")
    assert o.line == _line("LOG-LINE")
    assert "built-in" not in finding.explanation
    assert "safe_log" in finding.fix  # the op-level fix: the user wrote this line


def test_a_batchnorm_nan_names_the_feature_not_rows():
    class BNNet(nnx.Module):
        def __init__(self, rngs):
            self.bn = nnx.BatchNorm(3, epsilon=0.0, use_running_average=False, rngs=rngs)

        def __call__(self, x):
            return jnp.mean(self.bn(x) ** 2)

    x = np.random.default_rng(0).normal(size=(6, 3)).astype(np.float32)
    x[:, 1] = 0.0  # feature 1 is constant (0) over the batch
    finding = nanguard.locate(lambda m, x: m(x), BNNet(nnx.Rngs(0)), jnp.asarray(x))
    o = finding.origin
    assert (o.layer, o.layer_class) == ("bn", "BatchNorm")
    assert o.rows is None
    assert "constant over the batch for some feature" in finding.explanation
    assert "epsilon > 0" in finding.fix


def test_module_calls_are_restored_after_the_replay():
    before = {cls: cls.__dict__.get("__call__") for cls in (nnx.LayerNorm, nnx.Linear, Block)}
    nanguard.locate(mse, _model_with_identity_first_layer(), _constant_row_batch())
    assert {cls: cls.__dict__.get("__call__") for cls in before} == before
    assert "__call__" not in Encoder.__dict__ or not hasattr(Encoder.__call__, "__wrapped__")


def test_a_healthy_nnx_model_gives_no_finding():
    model = _model_with_identity_first_layer(epsilon=1e-6)
    assert nanguard.locate(mse, model, _constant_row_batch()) is None


def test_monitor_incident_of_an_nnx_run_names_the_module(tmp_path):
    from nanguard.jax.nnx import Optimizer

    model = _model_with_identity_first_layer()
    graphdef, _ = nnx.split(model)
    opt = Optimizer(model, ngj.guard(optax.adam(1e-3)), wrt=nnx.Param)

    def loss_of_state(state, x):
        return mse(nnx.merge(graphdef, state), x)

    @nnx.jit
    def step(model, opt, x):
        loss, grads = nnx.value_and_grad(lambda m: mse(m, x))(model)
        opt.update(model, grads, loss=loss)
        return opt.metrics()

    mon = ngj.Monitor(tmp_path, loss_fn=loss_of_state, verbose=0)
    x = _constant_row_batch()
    for _ in range(3):
        m = step(model, opt, x)
        mon.observe(m, params=nnx.as_pure(nnx.state(model)),
                    opt_state=nnx.as_pure(opt.opt_state), batch=(x,))
    mon.close()
    assert mon.incidents, "the skipped step was not captured"
    report = json.loads((tmp_path / mon.incidents[0]["folder"] / "report.json").read_text())
    origin = report["finding"]["origin"] if "finding" in report else report["origin"]
    assert origin["layer"] == "encoder.layers_0.norm" and origin["layer_class"] == "LayerNorm"
