"""The guard's per-entry backstop: no non-finite update entry reaches a weight.

With the default ``check_updates="sample"`` the decision sees only the smallest
update leaf and the scalar state leaves. ``optax.rmsprop(eps=0)`` on an embedding
whose unused rows have a zero gradient computes ``0 / sqrt(0) = NaN`` for those
rows only, in a large leaf the sample does not see: the step is applied, and the
final select drops each non-finite entry (``-0.0``, the weight kept as it was).
Without the backstop the unused rows become NaN: the witness below applies the
plain optax update and asserts exactly that, so these tests can fail.
"""

from __future__ import annotations

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
linen = pytest.importorskip("flax.linen")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402

UNUSED = slice(10, 20)  # tokens are drawn from 0-9


class Bag(linen.Module):
    @linen.compact
    def __call__(self, tokens):
        return linen.Dense(1, name="head")(linen.Embed(20, 8, name="emb")(tokens).mean(1))[:, 0]


def _setup():
    tokens = jax.random.randint(jax.random.PRNGKey(0), (8, 4), 0, 10)
    y = jax.random.normal(jax.random.PRNGKey(1), (8,))
    model = Bag()
    params = model.init(jax.random.PRNGKey(2), tokens)

    def loss_fn(params, tokens, y):
        return jnp.mean((model.apply(params, tokens) - y) ** 2)

    return params, tokens, y, loss_fn


def _emb(params):
    return np.asarray(params["params"]["emb"]["embedding"])


def test_without_the_backstop_the_unused_embedding_rows_become_nan():
    params, tokens, y, loss_fn = _setup()
    tx = optax.rmsprop(1e-3, eps=0.0)
    grads = jax.grad(loss_fn)(params, tokens, y)
    updates, _ = tx.update(grads, tx.init(params), params)
    emb = _emb(optax.apply_updates(params, updates))
    assert np.isnan(emb[UNUSED]).all() and np.isfinite(emb[:10]).all()


@pytest.mark.parametrize("apply", ["opt_state", "per_entry", "optax"])
@pytest.mark.parametrize("select", ["where", "cond"])
@pytest.mark.parametrize("donate", [False, True])
def test_default_guard_drops_the_optimizer_born_nan_entries_and_applies_the_rest(
        apply, select, donate):
    params, tokens, y, loss_fn = _setup()
    tx = ngj.guard(optax.rmsprop(1e-3, eps=0.0), select=select)
    opt_state = tx.init(params)
    before = _emb(params).copy()
    head_before = np.asarray(params["params"]["head"]["kernel"]).copy()

    def train_step(params, opt_state, tokens, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, tokens, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        if apply == "optax":
            params = optax.apply_updates(params, updates)
        else:
            params = ngj.apply_updates(params, updates,
                                       opt_state if apply == "opt_state" else None)
        return params, opt_state, ngj.metrics(opt_state)

    step = jax.jit(train_step, donate_argnums=(0, 1) if donate else ())
    for _ in range(3):
        params, opt_state, m = step(params, opt_state, tokens, y)
        host = m.host()
        assert bool(host["applied"]) and int(host["skipped"]) == 0
    emb = _emb(params)
    assert emb[UNUSED].tobytes() == before[UNUSED].tobytes()
    assert np.isfinite(emb).all()
    assert not np.array_equal(emb[:10], before[:10])  # the used rows were trained
    assert not np.array_equal(np.asarray(params["params"]["head"]["kernel"]), head_before)
    for leaf in jax.tree_util.tree_leaves(opt_state):
        assert np.isfinite(np.asarray(leaf, dtype=np.float64)).all()


def test_backstop_leaves_a_healthy_update_bitwise_as_the_inner_transformation_made_it():
    params, tokens, y, loss_fn = _setup()
    inner = optax.rmsprop(1e-3, eps=1e-8)
    tx = ngj.guard(optax.rmsprop(1e-3, eps=1e-8))
    loss, grads = jax.value_and_grad(loss_fn)(params, tokens, y)

    @jax.jit
    def both(grads, inner_state, guard_state, params, loss):
        plain, _ = inner.update(grads, inner_state, params)
        guarded, guard_state = tx.update(grads, guard_state, params, loss=loss)
        return plain, guarded, ngj.metrics(guard_state)

    plain, guarded, m = both(grads, inner.init(params), tx.init(params), params, loss)
    assert bool(m["applied"])
    for a, b in zip(jax.tree_util.tree_leaves(plain), jax.tree_util.tree_leaves(guarded)):
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes()


def test_check_updates_all_still_skips_the_whole_step_instead():
    params, tokens, y, loss_fn = _setup()
    tx = ngj.guard(optax.rmsprop(1e-3, eps=0.0), check_updates="all")
    opt_state = tx.init(params)
    loss, grads = jax.value_and_grad(loss_fn)(params, tokens, y)
    updates, opt_state = jax.jit(lambda g, s, p, loss: tx.update(g, s, p, loss=loss))(
        grads, opt_state, params, loss)
    assert not bool(ngj.metrics(opt_state)["applied"])
    for u in jax.tree_util.tree_leaves(updates):
        u = np.asarray(u)
        assert (u == 0).all() and np.signbit(u).all()
