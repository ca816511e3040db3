"""Under ``mixed_float16`` a NaN the loss scale cannot fix is said within a few steps.

Keras wraps the optimizer in a ``LossScaleOptimizer`` under that policy. The guard
leaves a step with non-finite gradients from a finite loss to the loss scale (an
overflow: the optimizer halves its scale and skips the update). A genuine backward
NaN looks the same, so the scale fell 15 times (2^15 -> 1) in silence before the
guard named it. Now, once the scale has fallen ``LOSS_SCALE_CHECK_AFTER`` times
since it last grew, the step is replayed at scale 1: still non-finite, it is
reported at once; finite, it was an overflow and nothing is said.
"""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard.keras  # noqa: E402
from nanguard.tf._loss_scale_watch import LOSS_SCALE_CHECK_AFTER  # noqa: E402


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG-LINE {tag}"))


@pytest.fixture
def mixed_float16():
    keras.mixed_precision.set_global_policy("mixed_float16")
    yield
    keras.mixed_precision.set_global_policy("float32")


class ScaleLog(keras.callbacks.Callback):
    """The LossScaleOptimizer's dynamic scale after every batch."""

    def __init__(self):
        super().__init__()
        self.scales = []

    def on_train_batch_end(self, batch, logs=None):
        self.scales.append(float(self.model.optimizer.dynamic_scale.numpy()))


# keras#6644 ("custom rmse loss return nan"): sqrt of a per-sample MSE at an exact fit has
# an infinite derivative; times the zero residual it is NaN, at every loss scale.
def rmse(y_true, y_pred):
    mse = keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)
    return keras.ops.sqrt(mse)  # BUG-LINE rmse


def rmse_at_an_exact_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2, dtype="float32")])
    model.layers[-1].set_weights([np.zeros((8, 2), "float32"), np.zeros(2, "float32")])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 2)).astype("float32")
    y[7] = y[23] = 0.0  # one sample per batch that the zero head already predicts exactly
    model.compile(optimizer=keras.optimizers.SGD(1e-2), loss=rmse)
    return model, x, y


def test_backward_nan_under_loss_scale_is_named_after_three_falls_not_fifteen(
        mixed_float16, tmp_path, capsys):
    model, x, y = rmse_at_an_exact_fit()
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
    before = [w.copy() for w in model.get_weights()]
    guard = nanguard.keras.Guard(logdir=str(tmp_path), max_consecutive_skips=100, verbose=1)
    scales = ScaleLog()
    steps = LOSS_SCALE_CHECK_AFTER + 1  # two batches an epoch, every one fails
    model.fit(x, y, batch_size=16, epochs=steps // 2, verbose=0, shuffle=False,
              callbacks=[guard, scales])
    # The loss scale still handles these steps (it halves and skips the update) ...
    assert scales.scales == [2.0 ** (15 - k) for k in range(1, steps + 1)]
    assert guard.loss_scale_skips == steps and guard.skipped == 0
    assert all(np.array_equal(b, a) for b, a in zip(before, model.get_weights()))
    # ... but the third fall is replayed at scale 1, fails there too, and is reported now.
    assert len(guard.incidents) == 1
    incident = guard.incidents[0]
    assert incident["step"] == LOSS_SCALE_CHECK_AFTER - 1
    finding = incident["finding"]
    origin = finding["origin"]
    assert (origin["phase"], origin["op"], origin["file"], origin["line"]) == (
        "backward", "Sqrt", __file__, _bug_line("rmse"))
    assert (finding["cause"], finding["trigger"]) == ("grad_singularity", "gradients")
    assert "Replayed at loss scale 1 the step is still non-finite" in finding["explanation"]
    out = capsys.readouterr().out
    assert f"step {LOSS_SCALE_CHECK_AFTER - 1}: origin: backward Sqrt" in out
    assert "grad_singularity" in out and "safe_sqrt" in out
    [check] = guard.loss_scale_checks
    assert np.isnan(check.pop("grad_norm"))
    assert check == {"step": LOSS_SCALE_CHECK_AFTER - 1, "falls": LOSS_SCALE_CHECK_AFTER,
                     "loss_scale": 2.0 ** (16 - LOSS_SCALE_CHECK_AFTER),
                     "verdict": "nonfinite at scale 1"}
    # The saved incident carries the sentence too (what `nanguard locate` re-reads).
    assert (tmp_path / "incidents" / str(LOSS_SCALE_CHECK_AFTER - 1) / "report.json").exists()


def test_float16_overflow_the_loss_scale_fixes_prints_nothing_and_trains(
        mixed_float16, tmp_path, capsys):
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 2))).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(2, dtype="float32")])
    # A healthy model with a far too large initial scale: the scaled float16 gradients
    # overflow until the scale has fallen well below 2^30, many falls in a row.
    opt = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(1e-2), initial_scale=2.0 ** 30)
    model.compile(optimizer=opt, loss="mse")
    guard = nanguard.keras.Guard(logdir=str(tmp_path), verbose=1)
    scales = ScaleLog()
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False,
                        callbacks=[guard, scales])
    falls = guard.loss_scale_skips
    # The scale fell at each of the first 13 steps (2^29 ... 2^17), then twice more later
    # (a batch that overflowed at 2^17, one at 2^16), never growing in between.
    assert scales.scales[:13] == [2.0 ** (29 - k) for k in range(13)]
    assert scales.scales[-1] == 2.0 ** 15 and falls == 15
    # Every check replayed an overflow at scale 1, found it finite and said nothing.
    n = LOSS_SCALE_CHECK_AFTER
    assert [(c["step"], c["falls"]) for c in guard.loss_scale_checks] == [
        (n - 1, n), (2 * n - 1, 2 * n), (4 * n - 1, 4 * n)]
    assert {c["verdict"] for c in guard.loss_scale_checks} == {"overflow"}
    # A real overflow's gradients hold NaN, not only Inf (inf - inf one layer down): NaN
    # versus Inf cannot tell it from a bug; the replay at scale 1 does.
    assert all(np.isnan(c["grad_norm"]) for c in guard.loss_scale_checks)
    assert guard.incidents == [] and guard.skipped == 0
    assert not (tmp_path / "incidents").exists()
    assert "nanguard:" not in capsys.readouterr().out
    losses = history.history["loss"]
    assert np.isfinite(losses).all() and losses[-1] < losses[0]
    assert all(np.isfinite(w).all() for w in model.get_weights())
