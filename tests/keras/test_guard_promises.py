"""The README's promises about Guard, each pinned by a test that can fail (issue 17).

* fp16 overflow steps handled by the loss scale are counted apart as ``loss_scale_skips``;
* healthy steps never call back to the host (no ``tf.py_function`` runs);
* a skipped step leaves model and optimizer variables bitwise unchanged under
  ``jit_compile=True`` and ``steps_per_execution > 1`` too.
"""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard  # noqa: E402

BATCH = 8


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 1))).astype("float32")
    return x, y


def _model(bn=False, **compile_kw):
    keras.utils.set_random_seed(7)
    layers = [keras.Input((4,)), keras.layers.Dense(16, activation="tanh")]
    if bn:
        layers.append(keras.layers.BatchNormalization())
    layers.append(keras.layers.Dense(1))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse", **compile_kw)
    return model


def _state(model):
    return [np.array(v.numpy(), copy=True) for v in model.variables + model.optimizer.variables]


def _bitwise_equal(a, b):
    return len(a) == len(b) and all(
        x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
        for x, y in zip(a, b)
    )


# --------------------------------------------------------------------------- loss_scale_skips
class ScaleLog(keras.callbacks.Callback):
    """The LossScaleOptimizer's dynamic scale after every batch."""

    def __init__(self):
        super().__init__()
        self.scales = []

    def on_train_batch_end(self, batch, logs=None):
        self.scales.append(float(self.model.optimizer.dynamic_scale.numpy()))


def test_fp16_overflow_is_counted_as_loss_scale_skip_not_as_skipped_step(tmp_path):
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        x, y = _data()
        # Step 3: targets of 1e6 give a finite float32 loss (~1e12) whose scaled gradient
        # d(16 * loss)/d(pred) = 16 * 2 * 1e6 / 8 = 4e6 is past float16's max (65504):
        # the fp16 backward pass overflows to inf. With the scale at 16 the other
        # batches (|y| of a few units) stay far below it.
        y[3 * BATCH:4 * BATCH] = 1e6
        # Step 5: a NaN label, a real failure the guard must skip.
        y[5 * BATCH, 0] = np.nan
        model = _model()
        opt = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(1e-2), initial_scale=16.0)
        model.compile(optimizer=opt, loss="mse")
        guard = nanguard.keras.Guard(logdir=tmp_path / "run", verbose=0)
        scales = ScaleLog()
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                  callbacks=[guard, scales])
    finally:
        keras.mixed_precision.set_global_policy("float32")
    # The overflow really happened: the loss scale halved at step 3, and only there.
    assert scales.scales == [16.0] * 3 + [8.0] * 5
    assert guard.loss_scale_skips == 1
    assert guard.skipped == 1  # the NaN label only
    assert [e["step"] for e in guard.events] == [5]
    assert all(np.isfinite(v.numpy()).all() for v in model.trainable_variables)
    summary = json.loads((tmp_path / "run" / "run.json").read_text())
    assert summary["loss_scale_skips"] == 1 and summary["skipped"] == 1


# --------------------------------------------------------------------------- no host callbacks
class HostCalls:
    """Counts every ``tf.py_function`` / ``tf.numpy_function`` body TensorFlow runs.

    TensorFlow runs them through one registry object (``script_ops._py_funcs``); its
    ``__call__`` is wrapped, not replaced, so the program behaves as before.
    """

    def __init__(self, monkeypatch):
        from tensorflow.python.ops import script_ops

        self.count = 0
        lock = threading.Lock()
        original = script_ops.FuncRegistry.__call__

        def counting(registry, token, device, args):
            with lock:
                self.count += 1
            return original(registry, token, device, args)

        monkeypatch.setattr(script_ops.FuncRegistry, "__call__", counting)


@pytest.mark.parametrize(
    "guard_kw",
    [
        pytest.param({}, id="quick_start"),
        pytest.param({"spike": True, "recovery": "memory"}, id="spike_recovery"),
    ],
)
def test_healthy_steps_never_call_back_to_the_host(monkeypatch, tmp_path, guard_kw):
    kw = dict(guard_kw)
    if kw.get("recovery"):
        kw["recovery"] = nanguard.keras.Recovery(snapshot_every=2)
    x, y = _data()
    model = _model(bn=True)
    guard = nanguard.keras.Guard(logdir=tmp_path / "ok", log_every=1, verbose=0, **kw)
    calls = HostCalls(monkeypatch)
    model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.steps == 16 and guard.skipped == 0
    assert calls.count == 0

    # The same counter sees the host callback of a skipped step: it can fail.
    x[3 * BATCH, 0] = np.nan
    bad = nanguard.keras.Guard(logdir=tmp_path / "bad", verbose=0)
    _model(bn=True).fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                        callbacks=[bad])
    assert bad.skipped == 1
    assert calls.count >= 1


# --------------------------------------------------------------------------- bitwise skip
@pytest.mark.parametrize(
    "compile_kw",
    [
        pytest.param({"jit_compile": True}, id="jit_compile"),
        pytest.param({"steps_per_execution": 3}, id="steps_per_execution_3"),
        pytest.param({"jit_compile": True, "steps_per_execution": 3}, id="both"),
    ],
)
def test_skipped_step_is_a_bitwise_no_op_under_compile_options(compile_kw):
    """Training with a bad batch equals training without it, bit for bit.

    With ``steps_per_execution`` the host never sees the state between the steps of
    one execution, so the state right after the skip cannot be read; instead every
    model variable (BatchNorm statistics included), every optimizer variable
    (``iterations``, Adam's slots) and the loss metric after the run must equal
    those of the same run on the data without the bad batch. Any change made by the
    skipped step would carry into every later step.
    """
    x, y = _data()
    bad = 4
    x_bad = x.copy()
    x_bad[bad * BATCH + 1, 2] = np.nan
    keep = np.r_[0:bad * BATCH, (bad + 1) * BATCH:len(x)]

    model = _model(bn=True, **compile_kw)
    guard = nanguard.keras.Guard(verbose=0)
    hist = model.fit(x_bad, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                     callbacks=[guard])
    assert guard.skipped == 1 and [e["step"] for e in guard.events] == [bad]

    reference = _model(bn=True, **compile_kw)
    ref_guard = nanguard.keras.Guard(verbose=0)
    ref_hist = reference.fit(x[keep], y[keep], batch_size=BATCH, epochs=1, shuffle=False,
                             verbose=0, callbacks=[ref_guard])
    assert ref_guard.skipped == 0

    assert int(model.optimizer.iterations.numpy()) == len(keep) // BATCH
    assert _bitwise_equal(_state(model), _state(reference))
    assert hist.history["loss"] == ref_hist.history["loss"]
    # The comparison is sensitive: one more applied step (the batch, finite) changes it.
    applied = _model(bn=True, **compile_kw)
    applied.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                callbacks=[nanguard.keras.Guard(verbose=0)])
    assert not _bitwise_equal(_state(applied), _state(reference))
