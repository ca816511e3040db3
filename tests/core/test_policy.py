"""The pure guard decision (NumPy namespace): the same rules every adapter runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nanguard.core.policy import GuardConfig, decide, init_state, is_divergence
from nanguard.numerics._xp import NumpyBackend

xp = NumpyBackend()


def _step(state, loss, sumsq, cfg):
    return decide(state, np.float32(loss), np.float32(sumsq), cfg, xp)


@pytest.mark.parametrize(
    "loss, sumsq, trigger",
    [
        pytest.param(math.nan, 1.0, 1, id="nan_loss"),
        pytest.param(math.inf, 1.0, 1, id="inf_loss"),
        pytest.param(1.0, math.nan, 2, id="nan_grads"),
        pytest.param(1.0, math.inf, 2, id="inf_grads"),
    ],
)
def test_nonfinite_loss_or_gradients_are_not_applied_and_counted(loss, sumsq, trigger):
    cfg = GuardConfig()
    s = init_state(cfg, xp)
    d, s = _step(s, loss, sumsq, cfg)
    assert not bool(d.apply) and int(d.trigger) == trigger
    assert int(s.skipped) == 1 and int(s.consecutive) == 1 and int(s.step) == 1
    d, s = _step(s, 1.0, 1.0, cfg)
    assert bool(d.apply) and int(s.consecutive) == 0 and int(s.skipped) == 1


def test_clip_scale_is_computed_from_a_finite_norm_only():
    cfg = GuardConfig(clipnorm=1.0)
    s = init_state(cfg, xp)
    d, _ = _step(s, 1.0, 16.0, cfg)  # norm 4 -> scale 0.25
    assert float(d.clip_scale) == pytest.approx(0.25)
    d, _ = _step(s, 1.0, math.nan, cfg)
    assert float(d.clip_scale) == 1.0  # never NaN: the step is skipped instead


def test_spike_rule_skips_a_loss_far_above_the_window_but_not_noise():
    cfg = GuardConfig(spike=True, spike_window=16, spike_warmup=8)
    s = init_state(cfg, xp)
    rng = np.random.default_rng(0)
    for _ in range(32):
        d, s = _step(s, 1.0 + 0.05 * rng.normal(), 4.0 + 0.1 * rng.normal(), cfg)
        assert bool(d.apply)
    d, s = _step(s, 5.0, 4.0, cfg)
    assert not bool(d.apply) and int(d.trigger) == 3 and int(s.spikes) == 1


def test_ratio_rule_flags_loss_above_ten_times_the_largest_healthy_loss():
    cfg = GuardConfig(spike=True, spike_window=16, spike_warmup=16)
    s = init_state(cfg, xp)
    d, s = _step(s, 2.0, 1.0, cfg)
    d, s = _step(s, 21.0, 1.0, cfg)
    assert not bool(d.apply) and int(d.trigger) == 3


def test_divergence_needs_a_hundredfold_growth():
    assert is_divergence({"loss": [1.0, 2.0, 10.0, 150.0]})
    assert not is_divergence({"loss": [1.0, 2.0, 10.0, 50.0]})


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"clipnorm": float("nan")}, "clipnorm", id="nan_clip"),
        pytest.param({"spike_window": 1}, "spike_window", id="window"),
        pytest.param({"spike_ratio": 1.0}, "spike_ratio", id="ratio"),
        pytest.param({"spike_warmup": 200, "spike_window": 128}, "spike_warmup", id="warmup"),
    ],
)
def test_config_rejects_bad_values_naming_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        GuardConfig(**kwargs)


@pytest.mark.parametrize(
    "loss, sumsq, lr_ok, hp_ok, trigger",
    [
        pytest.param(1.0, 1.0, False, True, 4, id="learning_rate"),
        pytest.param(1.0, 1.0, True, False, 5, id="hyperparameter"),
        pytest.param(1.0, 1.0, False, False, 4, id="learning_rate_before_hyperparameter"),
        pytest.param(math.nan, 1.0, False, True, 1, id="loss_before_learning_rate"),
        pytest.param(1.0, math.inf, False, True, 2, id="gradients_before_learning_rate"),
    ],
)
def test_a_non_finite_learning_rate_or_hyperparameter_skips_a_finite_step(
    loss, sumsq, lr_ok, hp_ok, trigger
):
    cfg = GuardConfig(clipnorm=1.0)
    s = init_state(cfg, xp)
    d, s = decide(s, np.float32(loss), np.float32(sumsq), cfg, xp,
                  learning_rate_ok=np.bool_(lr_ok), hyperparameters_ok=np.bool_(hp_ok))
    assert not bool(d.apply) and int(d.trigger) == trigger
    assert int(s.skipped) == 1 and int(s.hist_count) == 0 and float(d.clip_scale) == 1.0
    d, s = decide(s, np.float32(1.0), np.float32(1.0), cfg, xp,
                  learning_rate_ok=np.bool_(True), hyperparameters_ok=np.bool_(True))
    assert bool(d.apply) and int(d.trigger) == 0
