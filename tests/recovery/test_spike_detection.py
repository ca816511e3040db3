"""In-graph spike detection with the defaults: no false alarms, real spikes caught."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from recovery_scenarios import BATCH, LearningRateSpike, regression_data, small_model  # noqa: E402

import nanguard  # noqa: E402


def _noisy_mlp_data(n=800, seed=3):
    # Heavy label noise (signal-to-noise ~1) and a batch of 8: loss and gradient
    # norm fluctuate a lot from step to step, which is what a false alarm feeds on.
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = np.tanh(x @ rng.normal(size=(4, 1))) + 0.7 * rng.normal(size=(n, 1))
    return x, y.astype("float32")


@pytest.mark.slow
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_no_false_spikes_in_a_healthy_2000_step_noisy_run_with_the_defaults(optimizer):
    x, y = _noisy_mlp_data()
    opt = keras.optimizers.Adam(1e-3) if optimizer == "adam" else keras.optimizers.SGD(0.05)
    model = small_model(optimizer=opt)
    guard = nanguard.keras.Guard(spike=True, verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=20, shuffle=True, verbose=0, callbacks=[guard])
    state = guard._graph_guard.read_host()
    assert guard.steps == 2000
    assert int(state["spikes"]) == 0 and guard.skipped == 0, guard.events


@pytest.mark.parametrize(
    "at, factor",
    [
        pytest.param(40, 1000.0, id="before_warmup_ratio_rule"),
        pytest.param(150, 30.0, id="after_warmup_zscore_x30"),
    ],
)
def test_a_real_spike_is_caught_and_its_update_skipped(at, factor):
    x, y = regression_data(n=512)
    model = small_model()
    guard = nanguard.keras.Guard(spike=True, verbose=0, capture=False, max_consecutive_skips=1000)
    model.fit(
        x,
        y,
        batch_size=BATCH,
        epochs=3,
        shuffle=False,
        verbose=0,
        callbacks=[guard, LearningRateSpike(at, factor)],
    )
    assert guard.events, "no spike detected"
    first = guard.events[0]
    assert first["trigger"] == "spike" and first["step"] == at + 1
    assert np.isfinite(first["loss"])
    if at > 64:  # past the warm-up, below the 10x ratio: the z-score rule caught it
        assert first["loss"] < 10 * float(guard._graph_guard.read_host()["max_loss"])
