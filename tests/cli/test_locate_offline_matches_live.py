"""`nanguard locate INCIDENT` gives the live guard's finding for a NaN born inside a layer.

The same fault in each framework: Keras' built-in GlobalAveragePooling1D over
empty documents, PyTorch's ``nn.LayerNorm(eps=0)`` and Flax NNX's
``LayerNorm(epsilon=0)`` on a constant row. The live guard names the layer's
class, the rows at fault, the layer-level fix (and, in Keras, the line that
created the layer); re-localizing the saved incident offline must give the same
report field for field. An incident saved before the trace recorded that context
still loads and gives the op-level finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nanguard.cli import main
from nanguard.core import incident_store
from nanguard.core.incident import Finding, Origin
from nanguard.core.origin_context import TRACE_KEY, add_note, context_of
from nanguard.core.relocalize import restore


def _offline(folder, capsys) -> dict:
    capsys.readouterr()
    assert main(["locate", str(folder), "--format", "json"]) == 1
    return json.loads(capsys.readouterr().out)


def _live(folder) -> dict:
    return json.loads((folder / "report.json").read_text())


def _keras_empty_documents_incident(tmp_path):
    import keras

    import nanguard.keras

    t, v = 10, 40
    rng = np.random.default_rng(1)
    x = rng.integers(1, v, size=(32, t)).astype("int32")
    x[:, 7:] = 0
    x[[3, 5]] = 0  # rows 3 and 5 of the first batch are empty documents
    y = rng.integers(0, 2, size=(32, 1)).astype("float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((t,), dtype="int32"),
        keras.layers.Embedding(v, 8, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(name="pool"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    guard = nanguard.keras.Guard(logdir=tmp_path / "run", verbose=0)
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped >= 1
    return Path(guard.incidents[0]["folder"])


def test_keras_builtin_layer_finding_is_the_same_offline(tf, tmp_path, capsys):
    folder = _keras_empty_documents_incident(tmp_path)
    live, offline = _live(folder), _offline(folder, capsys)
    o = live["origin"]
    # The live finding is the layer-level one (what offline used to lack) ...
    assert (o["phase"], o["op"], o["layer"], o["layer_class"]) == (
        "forward", "RealDiv", "pool", "GlobalAveragePooling1D")
    assert o["file"] == __file__ and o["rows"] == [3, 5]
    assert "empty sequences" in live["fix"] and "safe_div" not in live["fix"]
    # ... and offline gives every field of it.
    assert offline == live


def test_an_incident_saved_without_the_context_still_loads_with_the_op_level_finding(
        tf, tmp_path, capsys):
    folder = _keras_empty_documents_incident(tmp_path)
    trace = json.loads((folder / "trace.json").read_text())
    trace.pop(TRACE_KEY)  # as written before the key existed
    incident_store.add_file(folder, "trace.json", trace)  # re-sealed: a valid old folder
    offline = _offline(folder, capsys)
    o = offline["origin"]
    assert (o["phase"], o["op"], o["layer"], offline["cause"]) == (
        "forward", "RealDiv", "pool", "div_by_zero")
    assert o["layer_class"] is None and o["rows"] is None and "safe_div" in offline["fix"]


def test_keras_learning_rate_incident_is_relocalized_on_its_schedule(tf, tmp_path, capsys):
    """A non-finite learning rate is located on the schedule's op; its trace is saved too."""
    import keras

    import nanguard.keras
    from nanguard.errors import NonFiniteError

    class RsqrtWarmup(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return 0.01 * tf.math.rsqrt(tf.cast(step, tf.float32))  # inf at step 0

        def get_config(self):
            return {}

    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(RsqrtWarmup()), loss="mse")
    guard = nanguard.keras.Guard(logdir=tmp_path, max_consecutive_skips=2, verbose=0)
    with pytest.raises(NonFiniteError):
        model.fit(x, x[:, :1], batch_size=8, verbose=0, callbacks=[guard])
    folder = Path(guard.incidents[0]["folder"])
    live, offline = _live(folder), _offline(folder, capsys)
    assert live["trigger"] == "learning_rate" and live["origin"]["op"] == "Rsqrt"
    assert offline == live


def test_keras_sample_ids_said_live_are_said_offline(tf, tmp_path, capsys):
    import keras

    import nanguard.keras

    t, v = 10, 40
    rng = np.random.default_rng(1)
    x = rng.integers(1, v, size=(32, t)).astype("int32")
    x[:, 7:] = 0
    x[[19, 26]] = 0  # batch 1 (rows 3 and 10): empty documents, sample ids 19 and 26
    y = rng.integers(0, 2, size=(32, 1)).astype("float32")
    ds = nanguard.keras.with_sample_ids(tf.data.Dataset.from_tensor_slices((x, y))).batch(16)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((t,), dtype="int32"), keras.layers.Embedding(v, 8, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(name="pool"), keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    guard = nanguard.keras.Guard(logdir=tmp_path, verbose=0)
    model.fit(ds, epochs=1, verbose=0, shuffle=False, callbacks=[guard])
    folder = Path(guard.incidents[0]["folder"])
    live, offline = _live(folder), _offline(folder, capsys)
    assert "Sample ids in the dataset: 19, 26." in live["explanation"]
    assert offline == live


def test_torch_layernorm_finding_is_the_same_offline(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    from torch import nn

    import nanguard.torch as ngt

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.LayerNorm(4, eps=0.0)
            self.head = nn.Linear(4, 1)

        def forward(self, x):
            return self.head(self.norm(x)).mean()

    torch.manual_seed(0)
    model = Model()
    x = torch.randn(5, 4)
    x[2] = 1.5  # constant across the features
    guard = ngt.Guard(model, torch.optim.SGD(model.parameters(), lr=0.1), loss_fn=model,
                      logdir=tmp_path, verbose=0)
    loss = model(x)
    loss.backward()
    guard.step(loss, x)
    guard.close()
    folder = Path(guard.incidents[0]["folder"])
    live, offline = _live(folder), _offline(folder, capsys)
    assert live["origin"]["layer_class"] == "LayerNorm" and live["origin"]["rows"] == [2]
    assert "was created at" in live["explanation"] and "epsilon > 0" in live["fix"]
    assert offline == live


def test_torch_micro_batch_named_live_is_named_offline(tmp_path, capsys):
    torch = pytest.importorskip("torch")

    import nanguard.torch as ngt

    torch.manual_seed(0)
    lin = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(lin.parameters(), lr=1e-2)

    def loss_fn(batch):
        x, y = batch
        return torch.nn.functional.mse_loss(lin(torch.log(x)), y) / 4

    guard = ngt.Guard(lin, opt, loss_fn=loss_fn, logdir=tmp_path, verbose=0)
    g = torch.Generator().manual_seed(1)
    micro = []
    for i in range(4):
        x = torch.rand(8, 4, generator=g) + 0.1
        if i == 2:
            x[3, 1] = -1.0  # log of a negative: NaN in micro-batch 2
        y = torch.rand(8, 1, generator=g)
        loss_fn((x, y)).backward()
        micro.append((x, y))
    guard.step(loss_fn(micro[-1]), ngt.MicroBatches(micro))
    guard.close()
    folder = Path(guard.incidents[0]["folder"])
    live, offline = _live(folder), _offline(folder, capsys)
    assert "micro-batch 2 (0-based) of the 4" in live["explanation"]
    assert offline == live


def test_flax_nnx_layernorm_finding_is_the_same_offline(tmp_path, capsys):
    jax = pytest.importorskip("jax")
    optax = pytest.importorskip("optax")
    nnx = pytest.importorskip("flax.nnx")
    import jax.numpy as jnp

    import nanguard.jax as ngj
    from nanguard.jax.nnx import Optimizer

    class Model(nnx.Module):
        def __init__(self, rngs):
            self.lin = nnx.Linear(4, 4, rngs=rngs)
            self.norm = nnx.LayerNorm(4, epsilon=0.0, rngs=rngs)
            self.head = nnx.Linear(4, 1, rngs=rngs)

        def __call__(self, x):
            return self.head(self.norm(self.lin(x)))

    def mse(model, x):
        return jnp.mean(model(x) ** 2)

    model = Model(nnx.Rngs(0))
    model.lin.kernel.value = jnp.eye(4)
    model.lin.bias.value = jnp.zeros(4)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    x[2] = 1.5
    x = jnp.asarray(x)
    graphdef, _ = nnx.split(model)
    opt = Optimizer(model, ngj.guard(optax.adam(1e-3)), wrt=nnx.Param)

    @nnx.jit
    def step(model, opt, x):
        loss, grads = nnx.value_and_grad(lambda m: mse(m, x))(model)
        opt.update(model, grads, loss=loss)
        return opt.metrics()

    mon = ngj.Monitor(tmp_path, loss_fn=lambda s, x: mse(nnx.merge(graphdef, s), x), verbose=0)
    for _ in range(2):
        mon.observe(step(model, opt, x), params=nnx.as_pure(nnx.state(model)),
                    opt_state=nnx.as_pure(opt.opt_state), batch=(x,))
    mon.close()
    assert jax is not None and mon.incidents
    folder = tmp_path / mon.incidents[0]["folder"]
    live, offline = _live(folder), _offline(folder, capsys)
    assert live["origin"]["layer_class"] == "LayerNorm" and live["origin"]["rows"] == [2]
    assert "epsilon > 0" in live["fix"]
    assert offline == live


def _finding(layer="pool"):
    return Finding(origin=Origin(phase="forward", op="RealDiv", layer=layer),
                   cause="div_by_zero", explanation="x/0.", fix="Use safe_div.")


def test_a_recorded_context_of_another_origin_is_not_applied():
    live = _finding()
    live.origin.rows = [1]
    add_note(live, "A note.")
    record = context_of(live)
    other = restore(_finding(layer="dense"), {TRACE_KEY: record})
    assert other.origin.rows is None and other.explanation == "x/0."
    same = restore(_finding(), {TRACE_KEY: record})
    assert same.origin.rows == [1] and same.explanation == "x/0. A note."


def test_a_finding_with_nothing_added_records_nothing():
    assert context_of(_finding()) is None


def test_a_malformed_record_is_ignored_not_a_crash():
    live = _finding()
    live.origin.rows = [1]
    record = context_of(live)
    record.update(rows=["x"], notes=[3, "Kept."],
                  layer_context={"layer_class": "LayerNorm", "builtin": "yes", "site": [1],
                                 "framework_name": "Keras", "batch_size": None})
    found = restore(_finding(), {TRACE_KEY: record})
    assert found.origin.rows is None and found.origin.layer_class is None
    assert found.explanation == "x/0. Kept."
