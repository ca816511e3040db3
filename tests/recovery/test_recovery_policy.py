"""The pure recovery rules (nanguard.core.recovery_policy), with plain numbers."""

from __future__ import annotations

import pytest

from nanguard.core import recovery_policy as rp


def _run(state, cfg, step, **obs):
    return rp.decide(state, rp.Observation(step=step, **obs), cfg)


def test_snapshots_every_k_healthy_steps_and_keeps_a_ring():
    cfg = rp.RecoveryConfig(snapshot_every=10, ring=2)
    s = rp.init_state(cfg)
    taken, forgotten = [], []
    for step in range(1, 41):
        a, s = _run(s, cfg, step)
        if a.kind == rp.SNAPSHOT:
            taken.append(step)
            forgotten += list(a.forget)
    assert taken == [10, 20, 30, 40]
    assert s.snapshots == (30, 40) and forgotten == [10, 20]


def test_no_snapshot_while_the_last_step_was_skipped_it_is_retried_next_step():
    cfg = rp.RecoveryConfig(snapshot_every=10)
    s = rp.init_state(cfg)
    a, s = _run(s, cfg, 10, healthy=False)
    assert a.kind == rp.NONE
    a, s = _run(s, cfg, 11)
    assert a.kind == rp.SNAPSHOT and s.snapshots == (11,)


def test_max_skips_within_the_window_rolls_back_to_a_snapshot_before_the_trouble():
    cfg = rp.RecoveryConfig(snapshot_every=10, max_skips=3, window=20, skip_batches=7)
    s = rp.init_state(cfg)._replace(snapshots=(10, 20, 30), last_snapshot=30)
    a, s = _run(s, cfg, 32, failures=(30, 31))  # 2 < 3: keep skipping
    assert a.kind == rp.NONE
    a, s = _run(s, cfg, 33, failures=(32,))
    # Snapshot 30 holds update 29, the step before the first failure: not trusted.
    assert a.kind == rp.ROLLBACK and a.candidates == (20, 10)
    assert a.lr_scale == 1.0 and a.skip_batches == 7  # the first rollback keeps the rate
    s = rp.rolled_back(s, a, restored=20, step=33)
    assert s.rollbacks == 1 and s.cooldown_until == 40 and s.failures == ()


def test_failures_cleared_as_batch_faults_leave_the_count():
    cfg = rp.RecoveryConfig(max_skips=3, window=50)
    s = rp.init_state(cfg)._replace(snapshots=(0,))
    a, s = _run(s, cfg, 12, failures=(10, 11))
    a, s = _run(s, cfg, 13, cleared=(10, 11))  # step 12 passed: two bad batches
    a, s = _run(s, cfg, 31, failures=(30,))
    assert a.kind == rp.NONE and s.failures == (30,)


def test_failures_spread_wider_than_the_window_do_not_roll_back():
    cfg = rp.RecoveryConfig(max_skips=3, window=10)
    s = rp.init_state(cfg)._replace(snapshots=(0,))
    for step in (5, 20, 35, 50):
        a, s = _run(s, cfg, step + 1, failures=(step,))
        assert a.kind == rp.NONE


def test_one_spike_is_skipped_a_repeated_spike_rolls_back():
    cfg = rp.RecoveryConfig(max_skips=3, window=50)
    s = rp.init_state(cfg)._replace(snapshots=(0, 100))
    a, s = _run(s, cfg, 151, spikes=(150,))
    assert a.kind == rp.NONE
    a, s = _run(s, cfg, 152, spikes=(151,))
    assert a.kind == rp.ROLLBACK and a.candidates == (100, 0)
    assert "repeated loss/gradient-norm spike" in a.reason


def test_skips_during_the_cooldown_do_not_count():
    cfg = rp.RecoveryConfig(max_skips=2, window=50, skip_batches=20)
    s = rp.init_state(cfg)._replace(snapshots=(0,))
    a, s = _run(s, cfg, 12, failures=(10, 11))
    s = rp.rolled_back(s, a, restored=0, step=12)
    a, s = _run(s, cfg, 20, failures=(15, 16, 17))
    assert a.kind == rp.NONE and s.failures == ()


def test_learning_rate_backs_off_only_when_rollbacks_repeat_without_progress_to_the_floor():
    cfg = rp.RecoveryConfig(
        lr_factor=0.5, lr_floor=0.2, max_rollbacks=10, window=5, max_skips=1, skip_batches=0
    )
    s = rp.init_state(cfg)._replace(snapshots=(0,))
    scales = []
    step = 10
    for _ in range(5):
        a, s = _run(s, cfg, step, failures=(step - 1,))
        assert a.kind == rp.ROLLBACK
        s = rp.rolled_back(s, a, restored=0, step=step)
        scales.append(s.lr_scale)
        step += 2  # trouble again inside the window: no progress
    assert scales == [1.0, 0.5, 0.25, 0.2, 0.2]


def test_independent_troubles_never_add_up_to_a_stop_or_a_back_off():
    cfg = rp.RecoveryConfig(window=5, max_skips=1, max_rollbacks=2)
    s = rp.init_state(cfg)._replace(snapshots=(0,))
    for step in (10, 13, 16, 19):  # each restored state ran a step before failing again
        a, s = _run(s, cfg, step, failures=(step - 1,))
        assert a.kind == rp.ROLLBACK
        s = rp.rolled_back(s, a, restored=0, step=step)
    assert s.lr_scale == 1.0 and s.rollbacks == 4 and s.streak == 1


def test_corruption_found_again_at_once_walks_back_without_backing_off_then_stops():
    cfg = rp.RecoveryConfig(max_rollbacks=2)
    s = rp.init_state(cfg)._replace(snapshots=(25, 50, 75))
    what = "nonfinite_weights (dense/kernel)"
    a, s = _run(s, cfg, 80, corrupt=what)
    s = rp.rolled_back(s, a, restored=75, step=80)
    a, s = _run(s, cfg, 81, corrupt=what)  # the first step after the restore: same trouble
    assert a.kind == rp.ROLLBACK and a.candidates[0] == 50 and a.lr_scale == 1.0
    s = rp.rolled_back(s, a, restored=50, step=81)
    a, s = _run(s, cfg, 83, corrupt=what)
    assert a.kind == rp.STOP and "restored the snapshots of steps 75, 50" in a.reason


def test_corruption_rolls_back_at_once_to_the_newest_snapshot():
    cfg = rp.RecoveryConfig(max_skips=3, window=50)
    s = rp.init_state(cfg)._replace(snapshots=(25, 50, 75), last_snapshot=75)
    a, s = _run(s, cfg, 80, corrupt="nonfinite_optimizer_state (adam/v)")
    assert a.kind == rp.ROLLBACK and a.candidates == (75, 50, 25)
    assert a.reason == "nonfinite_optimizer_state (adam/v) found before the step"
    # With failures already in the window, the snapshot before the first one is the target.
    s = rp.init_state(cfg)._replace(snapshots=(25, 50, 75), failures=(76,))
    a, s = _run(s, cfg, 80, corrupt="nonfinite_weights (dense/kernel)")
    assert a.candidates == (75, 50, 25)


def test_rollbacks_without_progress_walk_back_then_stop():
    cfg = rp.RecoveryConfig(max_skips=1, window=50, skip_batches=5, max_rollbacks=2)
    s = rp.init_state(cfg)._replace(snapshots=(0, 100, 200))
    a, s = _run(s, cfg, 251, failures=(250,))
    assert a.candidates[0] == 200
    s = rp.rolled_back(s, a, restored=200, step=251)
    a, s = _run(s, cfg, 257, failures=(256,))  # trouble again, right after the cool-down
    assert a.kind == rp.ROLLBACK and a.candidates[0] == 100  # one snapshot further back
    s = rp.rolled_back(s, a, restored=100, step=257)
    a, s = _run(s, cfg, 263, failures=(262,))
    assert a.kind == rp.STOP
    # The reason says what was tried.
    assert "2 rollbacks in a row made no progress (max_rollbacks=2; restored the snapshots " \
        "of steps 200, 100; learning rate at 0.5 of the original" in a.reason


def test_persistent_failure_without_any_snapshot_before_it_stops():
    cfg = rp.RecoveryConfig()
    s = rp.init_state(cfg, step=50)._replace(snapshots=(50,))
    a, s = _run(s, cfg, 60, failures=(50,), persistent=True)
    assert a.kind == rp.STOP and "no snapshot from before the trouble" in a.reason


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"window": 1}, r"`window` must be an int >= 2; got 1", id="window"),
        pytest.param(
            {"lr_factor": 0.0},
            r"`lr_factor` must be a number in \(0, 1\]; got 0.0",
            id="lr_factor_zero",
        ),
        pytest.param(
            {"lr_factor": 1.5},
            r"`lr_factor` must be a number in \(0, 1\]; got 1.5",
            id="lr_factor_above_one",
        ),
        pytest.param(
            {"snapshot_every": 0},
            r"`snapshot_every` must be an int >= 1; got 0",
            id="snapshot_every",
        ),
        pytest.param(
            {"max_skips": 60, "window": 50},
            r"`max_skips` must be at most window",
            id="max_skips_exceeds_window",
        ),
        pytest.param(
            {"lr_floor": 0.9, "lr_factor": 0.5},
            r"`lr_floor` must be at most lr_factor",
            id="floor_above_factor",
        ),
        pytest.param({"ring": True}, r"`ring` must be an int >= 1; got True", id="ring_bool"),
    ],
)
def test_config_rejects_bad_values_naming_them(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rp.RecoveryConfig(**kwargs)
