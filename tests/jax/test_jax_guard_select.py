"""The guard's fused select and sum of squares: bitwise skips in every dtype, and no extra traffic.

The ``where`` select is evaluated inside the inner update's jaxpr (``_select``), and
the sum of squares is written ``abs(g) * abs(g)`` so XLA:CPU fuses it. These tests
pin what must not change (a skip is bitwise in float16/bfloat16/float32, eager and
jitted, donated or not, for state leaves passed through or returned twice) and what
the rewrite is for (XLA's own byte count of the compiled step stays near plain optax).
"""

from __future__ import annotations

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402
from nanguard.jax import _guard  # noqa: E402

DTYPES = [jnp.float16, jnp.bfloat16, jnp.float32]


def _bits(tree):
    return [np.asarray(x).tobytes() for x in jax.tree_util.tree_leaves(tree)]


def _params(dtype):
    return {"w": jnp.array([[-0.0, 1.0], [2.0, -3.0]], dtype),
            "b": jnp.array([0.5, -0.0], dtype)}


def _grads(dtype, bad=None):
    g = {"w": jnp.array([[0.25, -1.0], [0.5, 2.0]], dtype), "b": jnp.array([1.0, -0.5], dtype)}
    if bad is not None:
        g["w"] = g["w"].at[1, 0].set(bad)
    return g


def _step(tx, jit: bool, donate: bool):
    def step(params, state, grads, loss):
        updates, state = tx.update(grads, state, params, loss=loss)
        return ngj.apply_updates(params, updates, state), state
    if not jit:
        return step
    return jax.jit(step, donate_argnums=(0, 1) if donate else ())


@pytest.mark.parametrize("mode", ["eager", "jit", "jit_donated"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: jnp.dtype(d).name)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_bad_gradient_leaves_narrow_float_params_and_state_bitwise(mode, dtype, bad):
    tx = ngj.guard(optax.adam(1e-2))
    step = _step(tx, jit=mode != "eager", donate=mode == "jit_donated")
    params = _params(dtype)
    params, state = step(params, tx.init(params), _grads(dtype), jnp.float32(1.0))
    before = _bits((params, state.inner_state))
    params, state = step(params, state, _grads(dtype, bad), jnp.float32(1.0))
    assert _bits((params, state.inner_state)) == before
    assert not bool(state.applied) and int(state.last_skip_trigger) == 2
    params, state = step(params, state, _grads(dtype), jnp.float32(1.0))
    assert bool(state.applied) and _bits(params) != before[:2]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: jnp.dtype(d).name)
def test_jitted_and_eager_guard_give_the_same_state_on_a_healthy_step(dtype):
    # Under jit the select runs through the inner update's jaxpr; eagerly it is a plain
    # where over the new state. Same operations on the same values: same numbers.
    tx = ngj.guard(optax.adamw(1e-2, weight_decay=1e-2))
    params = _params(dtype)
    state = tx.init(params)
    eager = _step(tx, jit=False, donate=False)(params, state, _grads(dtype), jnp.float32(1.0))
    jitted = _step(tx, jit=True, donate=False)(params, state, _grads(dtype), jnp.float32(1.0))
    for a, b in zip(jax.tree_util.tree_leaves(eager[1].inner_state),
                    jax.tree_util.tree_leaves(jitted[1].inner_state)):
        np.testing.assert_allclose(np.asarray(a, np.float32), np.asarray(b, np.float32),
                                   rtol=1e-6, atol=0)


def _odd_state_transformation():
    """A transformation whose state returns one new array twice and passes one through."""

    def init(params):
        def zeros():
            return jax.tree_util.tree_map(jnp.zeros_like, params)
        return (zeros(), zeros(), jnp.ones(()), jnp.zeros((), jnp.int32))

    def update(updates, state, params=None):
        acc = jax.tree_util.tree_map(lambda a, g: a + g, state[0], updates)
        return acc, (acc, acc, state[2], state[3] + 1)

    return optax.GradientTransformation(init, update)


@pytest.mark.parametrize("donate", [False, True])
def test_a_skip_is_bitwise_for_state_leaves_returned_twice_or_passed_through(donate):
    tx = ngj.guard(_odd_state_transformation())
    step = _step(tx, jit=True, donate=donate)
    params = _params(jnp.float32)
    params, state = step(params, tx.init(params), _grads(jnp.float32), jnp.float32(1.0))
    before = _bits((params, state.inner_state))
    params, state = step(params, state, _grads(jnp.float32, np.nan), jnp.float32(1.0))
    assert _bits((params, state.inner_state)) == before and not bool(state.applied)
    params, state = step(params, state, _grads(jnp.float32), jnp.float32(1.0))
    assert bool(state.applied) and int(state.inner_state[3]) == 2
    assert _bits(state.inner_state[0]) == _bits(state.inner_state[1])


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: jnp.dtype(d).name)
def test_sum_of_squares_is_float32_and_propagates_nan_and_inf(dtype):
    g = jnp.array([300.0, -300.0, 1.0], dtype)  # float16's own sum of squares overflows
    want = float(np.sum(np.asarray(g, np.float64) ** 2))
    for fn in (_guard._sum_of_squares, jax.jit(_guard._sum_of_squares)):
        got = fn([g])
        assert got.dtype == jnp.float32
        assert abs(float(got) - want) <= 1e-6 * want
        assert np.isnan(float(fn([g.at[1].set(np.nan)])))
        assert float(fn([g.at[0].set(-np.inf)])) == np.inf


def _step_bytes(make, tx, donate):
    key = jax.random.PRNGKey(0)
    sizes = (64, 256, 256, 10)
    params = [{"w": jax.random.normal(jax.random.fold_in(key, i), (m, n)), "b": jnp.zeros(n)}
              for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:]))]
    x, y = jnp.ones((32, sizes[0])), jnp.ones((32, sizes[-1]))

    def loss_fn(params, x, y):
        h = x
        for layer in params[:-1]:
            h = jax.nn.relu(h @ layer["w"] + layer["b"])
        return jnp.mean((h @ params[-1]["w"] + params[-1]["b"] - y) ** 2)

    step = jax.jit(make(tx, loss_fn), donate_argnums=(0, 1) if donate else ())
    cost = step.lower(params, tx.init(params), x, y).compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    grad_bytes = sum(4 * leaf.size for leaf in jax.tree_util.tree_leaves(params))
    return cost["bytes accessed"], grad_bytes


def _plain(tx, loss_fn):
    def step(params, state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, state = tx.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss
    return step


def _guarded(tx, loss_fn):
    def step(params, state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, state = tx.update(grads, state, params, loss=loss)
        return ngj.apply_updates(params, updates, state), state, ngj.metrics(state)
    return step


@pytest.mark.parametrize("donate", [False, True])
def test_the_guarded_step_moves_at_most_one_extra_read_of_the_gradients(donate):
    # XLA's own count of the compiled step's memory traffic (deterministic, not a
    # timing). Before the rewrite, the squares were written to memory and read back
    # (+2 gradient sizes), the parameter update re-read the old moments (+1), and
    # with donation every moment was copied (+4).
    plain, grad_bytes = _step_bytes(_plain, optax.adamw(1e-3), donate)
    guarded, _ = _step_bytes(_guarded, ngj.guard(optax.adamw(1e-3)), donate)
    assert guarded <= plain + 1.25 * grad_bytes, (guarded, plain, grad_bytes)
