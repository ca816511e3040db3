"""nanguard.jax.guard: a bad step changes nothing (bitwise, inside jit); a good one is optax."""

from __future__ import annotations

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.errors import InvalidArgumentError  # noqa: E402

OPTIMIZERS = {
    "adam": lambda: optax.adam(1e-2),
    "adamw": lambda: optax.adamw(1e-2, weight_decay=1e-2),
    "sgd_momentum": lambda: optax.sgd(1e-2, momentum=0.9),
    "chain_clip_adam": lambda: optax.chain(optax.clip_by_global_norm(1.0), optax.adam(1e-2)),
    "inject_adam": lambda: optax.inject_hyperparams(optax.adam)(learning_rate=1e-2),
    "lion": lambda: optax.lion(1e-3),
}


def _bits(tree):
    """Every leaf as raw bytes: equality here is bitwise (NaN, -0.0, subnormals included)."""
    return [np.asarray(x).tobytes() for x in jax.tree_util.tree_leaves(tree)]


def _params():
    return {
        "w": jnp.array([[-0.0, 1.0], [2.0, -3.0]], jnp.float32),
        "b": jnp.array([0.5, -0.0], jnp.float32),
    }


def _loss_fn(params, x, y):
    pred = x @ params["w"] + params["b"]
    return jnp.mean((pred - y) ** 2)


def _make_step(tx, guarded=True, select_on_state=False):
    @jax.jit
    def step(params, opt_state, x, y, extra_loss, grad_poison=0.0):
        loss, grads = jax.value_and_grad(_loss_fn)(params, x, y)
        loss = loss + extra_loss  # a loss-only NaN leaves the gradients finite
        grads = {**grads, "b": grads["b"] + grad_poison}  # a gradient-only Inf
        if guarded:
            updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
            params = ngj.apply_updates(params, updates, opt_state if select_on_state else None)
        else:
            updates, opt_state = tx.update(grads, opt_state, params)
            params = optax.apply_updates(params, updates)
        return params, opt_state

    return step


def _batch(bad=None):
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]], np.float32)
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
    if bad is not None:
        x[1, 0] = bad
    return jnp.asarray(x), jnp.asarray(y)


@pytest.mark.parametrize("select", ["where", "cond"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("bad", ["nan_batch", "inf_batch", "nan_loss_only", "inf_grads_only"])
def test_bad_step_leaves_params_and_inner_state_bitwise_unchanged(name, bad, select):
    tx = ngj.guard(OPTIMIZERS[name](), select=select)
    step = _make_step(tx)
    params = _params()
    opt_state = tx.init(params)
    x, y = _batch()
    params, opt_state = step(params, opt_state, x, y, 0.0)  # a healthy step first
    before = _bits((params, opt_state.inner_state))
    x_bad, extra, poison = x, 0.0, 0.0
    if bad == "nan_loss_only":
        extra = jnp.float32(np.nan)
    elif bad == "inf_grads_only":
        poison = jnp.float32(np.inf)
    else:
        x_bad = _batch(np.nan if bad == "nan_batch" else np.inf)[0]
    params2, opt_state2 = step(params, opt_state, x_bad, y, extra, poison)
    assert _bits((params2, opt_state2.inner_state)) == before
    assert not bool(opt_state2.applied)
    # A bad batch makes the loss bad too: the loss is checked first (trigger 1).
    assert int(opt_state2.last_skip_trigger) == (2 if bad == "inf_grads_only" else 1)
    assert int(opt_state2.guard.skipped) == 1
    assert int(opt_state2.guard.consecutive) == 1


@pytest.mark.parametrize("check", ["sample", "all"])
@pytest.mark.parametrize("select", ["where", "cond"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_healthy_steps_equal_plain_optax(name, select, check):
    tx_plain = OPTIMIZERS[name]()
    tx = ngj.guard(OPTIMIZERS[name](), select=select, check_updates=check)
    plain, guarded = _make_step(tx_plain, guarded=False), _make_step(tx, select_on_state=True)
    p1 = p2 = {"w": jnp.array([[0.3, 1.0], [2.0, -3.0]]), "b": jnp.array([0.5, -0.25])}
    s1, s2 = tx_plain.init(p1), tx.init(p2)
    x, y = _batch()
    for _ in range(4):
        p1, s1 = plain(p1, s1, x, y, 0.0)
        p2, s2 = guarded(p2, s2, x, y, 0.0)
    if select == "where" and check == "all":
        # With the state, the select is one scalar flag: XLA fuses `p + u` exactly as
        # it does for optax.apply_updates (its FMA contraction included).
        assert _bits(p1) == _bits(p2)
        assert _bits(s1) == _bits(s2.inner_state)
    else:
        # The update leaves a cond, or ("sample") passes the per-entry backstop's
        # `where(isfinite(u), u, -0.0)` before `p + u`: XLA cannot FMA-contract that
        # add as plain optax does (and fuses, so contracts, the moments differently:
        # lion), so the values agree to the last bits only.
        pairs = zip(jax.tree_util.tree_leaves((p1, s1)),
                    jax.tree_util.tree_leaves((p2, s2.inner_state)))
        for a, b in pairs:
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-7)
    assert int(s2.guard.skipped) == 0 and bool(s2.applied)


@pytest.mark.parametrize("select", ["where", "cond"])
def test_a_skip_is_bitwise_when_the_step_donates_params_and_state(select):
    tx = ngj.guard(optax.adam(1e-2), select=select)

    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(_loss_fn)(params, x, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state

    step = jax.jit(step, donate_argnums=(0, 1))
    params, state = _params(), tx.init(_params())
    params, state = step(params, state, *_batch())
    before = _bits((params, state.inner_state))
    params, state = step(params, state, *_batch(np.nan))
    assert _bits((params, state.inner_state)) == before and not bool(state.applied)
    params, state = step(params, state, *_batch())
    assert bool(state.applied) and _bits(params) != before[:2]


def test_per_entry_apply_updates_is_the_exact_ieee_sum_on_healthy_entries():
    rng = np.random.default_rng(1)
    p = rng.standard_normal(64).astype(np.float32)
    u = (rng.standard_normal(64) * 1e-3).astype(np.float32)
    u[:4] = [0.0, -0.0, 1e-3, -1e-3]
    out = np.asarray(jax.jit(ngj.apply_updates)({"p": jnp.asarray(p)}, {"p": jnp.asarray(u)})["p"])
    assert out.tobytes() == (p + u).tobytes()


def test_training_resumes_after_a_skip_and_counters_track_it():
    tx = ngj.guard(optax.adam(1e-2))
    step = _make_step(tx)
    params = _params()
    state = tx.init(params)
    x, y = _batch()
    xb, _ = _batch(np.nan)
    for xi in (x, xb, xb, x):
        params, state = step(params, state, xi, y, 0.0)
    m = ngj.metrics(state)
    assert bool(m["applied"]) and int(m["trigger"]) == 0
    assert int(m["skipped"]) == 2 and int(m["consecutive"]) == 0 and int(m["step"]) == 4
    assert int(state.last_skip_trigger) == 1 and int(state.last_skip_step) == 2
    assert np.isfinite(np.asarray(params["w"])).all()


def test_stop_flag_rises_after_max_consecutive_skips_and_nothing_is_applied():
    tx = ngj.guard(optax.sgd(0.1), max_consecutive_skips=3)
    step = _make_step(tx)
    params = _params()
    state = tx.init(params)
    xb, y = _batch(np.inf)
    before = _bits(params)
    flags = []
    for _ in range(5):  # optax.apply_if_finite applies the NaN after its limit; the guard never
        params, state = step(params, state, xb, y, 0.0)
        flags.append(bool(ngj.metrics(state)["stop"]))
    assert flags == [False, False, True, True, True]
    assert ngj.should_stop(state)
    assert _bits(params) == before


def test_nan_learning_rate_from_inject_hyperparams_is_skipped_as_a_hyperparameter_trigger():
    tx = ngj.guard(optax.inject_hyperparams(optax.adam)(learning_rate=1e-2))
    step = _make_step(tx)
    params = _params()
    state = tx.init(params)
    x, y = _batch()
    params, state = step(params, state, x, y, 0.0)
    hp = dict(state.inner_state.hyperparams, learning_rate=jnp.asarray(np.nan, jnp.float32))
    state = state._replace(inner_state=state.inner_state._replace(hyperparams=hp))
    before = _bits((params, state.inner_state))
    params2, state2 = step(params, state, x, y, 0.0)
    assert _bits((params2, state2.inner_state)) == before
    from nanguard.core.policy import Trigger

    assert int(state2.last_skip_trigger) == Trigger.HYPERPARAMETER
    assert ngj.metrics(state2)["trigger"] == Trigger.HYPERPARAMETER


def test_nan_schedule_value_outside_the_state_is_skipped_by_the_sampled_update_check():
    # optax.adam(schedule) keeps no learning rate in its state: only the update shows it.
    lr = lambda count: jnp.where(count >= 1, jnp.nan, 1e-2)  # noqa: E731
    tx = ngj.guard(optax.adam(lr))
    step = _make_step(tx)
    params = {"w": jnp.ones((64, 32)), "b": jnp.ones(32)}
    state = tx.init(params)
    x, y = jnp.ones((3, 64)), jnp.ones((3, 32))
    params, state = step(params, state, x, y, 0.0)
    assert bool(state.applied)
    before = _bits((params, state.inner_state))
    params2, state2 = step(params, state, x, y, 0.0)
    from nanguard.core.policy import Trigger

    assert not bool(state2.applied)
    assert int(state2.last_skip_trigger) == Trigger.HYPERPARAMETER
    assert _bits((params2, state2.inner_state)) == before


@pytest.mark.parametrize("mode", ["sample", "all"])
def test_one_corrupted_moment_entry_in_a_large_leaf_is_caught_only_by_check_updates_all(mode):
    tx = ngj.guard(optax.adam(1e-2), check_updates=mode)
    step = _make_step(tx)
    params = {"w": jnp.ones((64, 32)), "b": jnp.ones(32)}
    state = tx.init(params)
    x, y = jnp.ones((3, 64)), jnp.ones((3, 32))
    params, state = step(params, state, x, y, 0.0)
    adam = state.inner_state[0]
    nu = {**adam.nu, "w": adam.nu["w"].at[5, 7].set(jnp.nan)}  # one entry, as if corrupted
    state = state._replace(inner_state=(adam._replace(nu=nu), *state.inner_state[1:]))
    params2, state2 = step(params, state, x, y, 0.0)
    w = np.asarray(params2["w"])
    if mode == "all":
        assert not bool(state2.applied) and np.isfinite(w).all()
    else:
        # The documented limit of the default: the step is applied and the NaN stays
        # in that moment entry; the per-entry backstop keeps that one weight as it was.
        assert bool(state2.applied) and np.isfinite(w).all()
        assert w[5, 7] == np.asarray(params["w"])[5, 7] and (w != np.asarray(params["w"])).sum() > 1
        assert np.isnan(np.asarray(state2.inner_state[0].nu["w"][5, 7]))


def test_clipping_happens_after_the_check_from_a_finite_float32_norm():
    # float16 gradients [300, 300, 1]: optax.global_norm overflows float16 to Inf and
    # clip_by_global_norm turns them into finite zeros; the guard's float32 norm is 424.
    tx = ngj.guard(optax.sgd(1.0), clipnorm=1.0)
    params = {"w": jnp.zeros(3, jnp.float16)}
    state = tx.init(params)
    grads = {"w": jnp.array([300.0, 300.0, 1.0], jnp.float16)}
    updates, state = jax.jit(lambda g, s: tx.update(g, s, params, loss=jnp.float32(1.0)))(
        grads, state)
    u = np.asarray(updates["w"], np.float32)
    norm = float(np.sqrt(300.0**2 * 2 + 1))
    assert bool(state.applied)
    assert float(ngj.metrics(state)["grad_norm"]) == pytest.approx(norm, rel=1e-3)
    np.testing.assert_allclose(u, -np.array([300, 300, 1]) / norm, rtol=2e-3)
    plain = optax.clip_by_global_norm(1.0)
    clipped, _ = plain.update(grads, plain.init(params))
    assert not np.any(np.asarray(clipped["w"], np.float32))  # the optax trap this avoids


def test_clip_scale_is_one_on_a_skipped_step_and_inf_never_reaches_the_inner_state():
    tx = ngj.guard(optax.adam(1e-2), clipnorm=1.0)
    params = {"w": jnp.ones(3)}
    state = tx.init(params)
    grads = {"w": jnp.array([np.inf, 1.0, 2.0], jnp.float32)}
    _, state = tx.update(grads, state, params, loss=jnp.float32(1.0))
    assert float(state.guard.last_clip) == 1.0
    assert np.isfinite(np.asarray(state.inner_state[0].mu["w"])).all()


def test_apply_updates_keeps_negative_zero_and_subnormals_bitwise():
    params = {"w": jnp.array([-0.0, 1e-40, 3.0], jnp.float32)}
    skip = {"w": jnp.full(3, -0.0, jnp.float32)}
    out = jax.jit(ngj.apply_updates)(params, skip)
    assert _bits(out) == _bits(params)
    plain = jax.jit(optax.apply_updates)(params, jax.tree_util.tree_map(jnp.zeros_like, skip))
    assert _bits(plain) != _bits(params)  # optax: -0.0 + 0.0 = +0.0


def test_apply_updates_with_opt_state_selects_the_whole_tree():
    tx = ngj.guard(optax.sgd(1.0))
    params = {"w": jnp.array([1e-40, -0.0])}
    state = tx.init(params)
    updates, state = tx.update({"w": jnp.array([np.nan, 1.0])}, state, params,
                               loss=jnp.float32(0.0))
    assert _bits(ngj.apply_updates(params, updates, state)) == _bits(params)


def test_value_keyword_is_the_loss_and_reaches_the_inner_transformation():
    inner = optax.chain(optax.sgd(1.0), optax.contrib.reduce_on_plateau(patience=1))
    tx = ngj.guard(inner)
    params = {"w": jnp.ones(2)}
    state = tx.init(params)
    _, state = tx.update({"w": jnp.ones(2)}, state, params, value=jnp.float32(np.nan))
    assert int(state.last_skip_trigger) == 1
    _, state = tx.update({"w": jnp.ones(2)}, state, params, value=jnp.float32(2.0))
    assert bool(state.applied)
    assert float(state.inner_state[1].best_value) == 2.0


def test_without_a_loss_only_gradients_are_checked():
    tx = ngj.guard(optax.sgd(1.0))
    params = {"w": jnp.ones(2)}
    state = tx.init(params)
    _, state = tx.update({"w": jnp.ones(2)}, state, params)
    assert bool(state.applied)
    _, state = tx.update({"w": jnp.array([1.0, np.nan])}, state, params)
    assert int(state.last_skip_trigger) == 2


def test_spike_option_skips_a_gradient_spike_after_warm_up():
    from nanguard.core.policy import GuardConfig

    warmup = GuardConfig().spike_warmup
    tx = ngj.guard(optax.sgd(1e-3), spike=True)
    params = {"w": jnp.ones(2)}
    state = tx.init(params)
    update = jax.jit(lambda g, s, loss: tx.update(g, s, params, loss=loss))
    rng = np.random.default_rng(0)
    for _ in range(warmup + 2):
        g = {"w": jnp.asarray(1.0 + 0.01 * rng.standard_normal(2), jnp.float32)}
        _, state = update(g, state, jnp.float32(1.0))
        assert bool(state.applied)
    _, state = update({"w": jnp.array([1e4, 1e4], jnp.float32)}, state, jnp.float32(1.0))
    assert not bool(state.applied) and int(state.last_skip_trigger) == 3


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"tx": object()}, "tx"),
        ({"tx": lambda g: g}, "tx"),
        ({"clipnorm": 0.0}, "clipnorm"),
        ({"clipnorm": float("nan")}, "clipnorm"),
        ({"clipnorm": True}, "clipnorm"),
        ({"max_consecutive_skips": 0}, "max_consecutive_skips"),
        ({"max_consecutive_skips": 2.5}, "max_consecutive_skips"),
        ({"spike": "yes"}, "spike"),
        ({"axis_name": 3}, "axis_name"),
        ({"check_updates": "some"}, "check_updates"),
        ({"select": "if"}, "select"),
    ],
    ids=lambda v: str(v),
)
def test_bad_options_raise_invalid_argument_naming_it(kwargs, argument):
    kwargs = {"tx": optax.sgd(0.1), **kwargs}
    with pytest.raises(InvalidArgumentError, match=f"`{argument}`") as info:
        ngj.guard(**kwargs)
    assert info.value.argument == argument


@pytest.mark.parametrize(
    "loss",
    [jnp.ones(3), jnp.asarray(1, jnp.int32), "1.0"],
    ids=["vector", "int", "string"],
)
def test_a_loss_that_is_not_a_scalar_float_is_rejected(loss):
    tx = ngj.guard(optax.sgd(0.1))
    params = {"w": jnp.ones(2)}
    state = tx.init(params)
    with pytest.raises(InvalidArgumentError, match="`loss`"):
        tx.update({"w": jnp.ones(2)}, state, params, loss=loss)


def test_metrics_and_apply_updates_reject_a_state_not_from_the_guard():
    with pytest.raises(InvalidArgumentError, match="`opt_state`"):
        ngj.metrics(optax.adam(1e-3).init({"w": jnp.ones(2)}))
