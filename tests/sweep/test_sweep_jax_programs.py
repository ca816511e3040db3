"""Sweep (JAX): ``nanguard.locate`` on buggy programs written the way users write them.

Unlike ``tests/jax/zoo_cases`` (one-line losses) each program here is a small model or
solver in a style of its own: a ``jax.checkpoint``'d block, a ``vmap``'d per-example loss,
a ``jax.jit`` helper called inside the loss, a ``lax.fori_loop`` solver, a ``lax.scan``
over time that fails at a late step, a user ``custom_vjp``, ``jax.scipy.special``,
``optax``'s losses, nested Flax Linen submodules, a float16 model. Each test pins what a
user needs: the phase, the op, the line marked ``# BUG <tag>`` in this file, the module
path where there is one, the cause, and a fix naming a safe op. Two healthy programs
(a stable ``log_sigmoid`` loss, NaN-padded data masked before use) give no finding.
"""

from __future__ import annotations

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
nn = pytest.importorskip("flax.linen")
import jax.numpy as jnp  # noqa: E402
import jax.scipy as jsp  # noqa: E402

import nanguard  # noqa: E402


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    hits = [i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG {tag}")]
    assert len(hits) == 1, (tag, hits)
    return hits[0]


def _check(finding, tag, *, phase, op, cause, fix, layer=None, iteration=None):
    assert finding is not None
    got = (finding.phase, finding.op, finding.file, finding.line, finding.cause)
    assert got == (phase, op, __file__, _bug_line(tag), cause), (got, finding.explanation)
    assert finding.layer == layer, finding.layer
    assert finding.origin.iteration == iteration, finding.origin.iteration
    assert fix in finding.fix, finding.fix


def _key(i):
    return jax.random.PRNGKey(i)


# P1 jax.checkpoint'd residual block that L2-normalizes its features without an epsilon;
# a zero input row (padding) gives 0 / 0 in the forward pass.
@jax.checkpoint
def _normalized_block(w, h):
    z = jnp.tanh(h @ w)
    return z / jnp.sqrt(jnp.sum(z * z, axis=-1, keepdims=True))  # BUG p1


def test_remat_block_normalizing_a_zero_row_is_a_forward_div():
    w = jax.random.normal(_key(0), (4, 4))
    x = jax.random.normal(_key(1), (6, 4)).at[2].set(0.0)

    def loss_fn(w, x):
        return jnp.mean(_normalized_block(w, x) ** 2)

    finding = nanguard.locate(loss_fn, w, x)
    # 0 / 0 is the cause `div_by_zero` ("x/0 gives ±inf, or 0/0 gives NaN"), not an
    # inf-inf/0*inf `invalid_operation`: the expectation first said the latter.
    _check(finding, "p1", phase="forward", op="div", cause="div_by_zero", fix="safe_div")
    assert finding.origin.rows == [2]


# P2 a vmap'd per-example Poisson log-likelihood whose rate is a ReLU: a dead unit gives
# log(0) for that example.
def _poisson_nll(w, x, y):
    rate = jax.nn.relu(x @ w)
    return rate - y * jnp.log(rate)  # BUG p2


def test_vmapped_per_example_poisson_nll_of_a_relu_rate_is_a_forward_log_of_zero():
    w = jnp.array([1.0, -1.0, 0.5])
    x = jnp.abs(jax.random.normal(_key(0), (8, 3))).at[:, 1].set(0.0).at[5].set(
        jnp.array([0.0, 2.0, 0.0]))
    y = jnp.arange(8.0) % 3 + 1

    def loss_fn(w, x, y):
        return jnp.mean(jax.vmap(_poisson_nll, in_axes=(None, 0, 0))(w, x, y))

    finding = nanguard.locate(loss_fn, w, x, y)
    _check(finding, "p2", phase="forward", op="log", cause="log_of_zero", fix="safe_log")


# P3 a jitted pairwise-distance helper (nested jax.jit inside the loss): the diagonal is
# a zero distance, so sqrt's derivative is infinite there.
@jax.jit
def _pairwise_dist(a, b):
    d2 = jnp.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1)
    return jnp.sqrt(d2)  # BUG p3


def test_nested_jit_pairwise_distance_is_a_backward_sqrt_singularity():
    w = jnp.eye(3)
    x = jax.random.normal(_key(0), (5, 3))

    def loss_fn(w, x):
        e = x @ w
        return jnp.mean(jnp.exp(-_pairwise_dist(e, e)))

    finding = nanguard.locate(loss_fn, w, x)
    _check(finding, "p3", phase="backward", op="sqrt", cause="grad_singularity",
           fix="safe_sqrt")


# P4 Sinkhorn iterations in lax.fori_loop with a too-small entropic epsilon: the kernel
# exp(-C / eps) underflows to 0 for a whole row, so the scaling update divides by 0.
def test_fori_loop_sinkhorn_with_underflowed_kernel_names_the_div_and_iteration():
    x = jax.random.normal(_key(0), (4, 2)).at[3].set(jnp.array([30.0, 30.0]))
    y = jax.random.normal(_key(1), (4, 2))

    def loss_fn(shift, x, y):
        cost = jnp.sum((x[:, None] + shift - y[None]) ** 2, -1)
        kernel = jnp.exp(-cost / 0.05)
        a = b = jnp.full((4,), 0.25)

        def body(i, uv):
            u, v = uv
            u = a / (kernel @ v)  # BUG p4
            v = b / (kernel.T @ u)
            return u, v

        u, v = jax.lax.fori_loop(0, 10, body, (jnp.ones(4), jnp.ones(4)))
        return jnp.sum(u[:, None] * kernel * v[None] * cost)

    finding = nanguard.locate(loss_fn, jnp.zeros(2), x, y)
    _check(finding, "p4", phase="forward", op="div", cause="div_by_zero", fix="safe_div",
           iteration=[0])


# P5 a scan over time steps that normalizes each step's input: the padded (zero) steps
# of a short sequence start at t = 6, so the NaN appears only there.
def test_scan_rnn_names_the_late_step_where_padding_makes_zero_over_zero():
    xs = jax.random.normal(_key(0), (9, 3)).at[6:].set(0.0)
    params = {"w": jax.random.normal(_key(1), (3, 3)) * 0.3,
              "u": jax.random.normal(_key(2), (3, 3)) * 0.3}

    def loss_fn(params, xs):
        def step(h, x_t):
            x_t = x_t / jnp.linalg.norm(x_t)  # BUG p5
            h = jnp.tanh(h @ params["u"] + x_t @ params["w"])
            return h, h

        _, hs = jax.lax.scan(step, jnp.zeros(3), xs)
        return jnp.mean(hs ** 2)

    finding = nanguard.locate(loss_fn, params, xs)
    # 0 / 0 is `div_by_zero` (see p1).
    _check(finding, "p5", phase="forward", op="div", cause="div_by_zero", fix="safe_div",
           iteration=[6])


# P6 a user custom_vjp that normalizes the incoming gradient (gradient "whitening"):
# an example whose cotangent is all zero gives 0 / 0 in the user's backward rule.
@jax.custom_vjp
def _grad_normalize(h):
    return h


def _grad_normalize_fwd(h):
    return h, None


def _grad_normalize_bwd(_, g):
    return (g / jnp.linalg.norm(g, axis=-1, keepdims=True),)  # BUG p6


_grad_normalize.defvjp(_grad_normalize_fwd, _grad_normalize_bwd)


def test_custom_vjp_backward_normalizing_a_zero_cotangent_names_the_users_bwd_line():
    w = jax.random.normal(_key(0), (3, 4))
    x = jax.random.normal(_key(1), (5, 3))
    mask = jnp.array([1.0, 1.0, 0.0, 1.0, 1.0])  # example 2 does not reach the loss

    def loss_fn(w, x, mask):
        h = _grad_normalize(x @ w)
        return jnp.sum(mask[:, None] * jnp.tanh(h))

    finding = nanguard.locate(loss_fn, w, x, mask)
    # 0 / 0 is `div_by_zero` (see p1); the line is the one inside the user's bwd.
    _check(finding, "p6", phase="backward", op="div", cause="div_by_zero", fix="safe_div")


# P7 a Gaussian copula: ranks scaled to [0, 1] *inclusive* (rank / (n - 1) instead of
# (rank + 1) / (n + 1)), so erfinv(2u - 1) is erfinv(+-1) = +-inf.
def test_gaussian_copula_with_inclusive_ranks_is_a_forward_erfinv_at_one():
    x = jax.random.normal(_key(0), (7,))
    scale = jnp.array(1.5)

    def loss_fn(scale, x):
        u = jnp.argsort(jnp.argsort(x)) / (x.shape[0] - 1)
        z = jnp.sqrt(2.0) * jsp.special.erfinv(2.0 * u - 1.0)  # BUG p7
        return jnp.mean((scale * z - x) ** 2)

    finding = nanguard.locate(loss_fn, scale, x)
    # erfinv(+-1) = +-inf in every dtype: a pole (as atanh at +-1), not a domain error
    # (the expectation first said so) nor an `overflow` (our first output: a wider dtype
    # was the fix, which cannot help).
    _check(finding, "p7", phase="forward", op="erf_inv", cause="pole",
           fix="erfinv clip to (-1 + eps, 1 - eps)")


# P8 a GP marginal likelihood without jitter: two identical inputs make the RBF kernel
# matrix singular in float32, so its Cholesky factor is NaN.
def test_gp_kernel_without_jitter_is_a_forward_cholesky_failure():
    x = jnp.array([0.0, 0.5, 0.5, 1.3, 2.0])
    y = jnp.sin(x)

    def loss_fn(log_ls, x, y):
        k = jnp.exp(-0.5 * (x[:, None] - x[None]) ** 2 / jnp.exp(2 * log_ls))
        chol = jnp.linalg.cholesky(k)  # BUG p8
        alpha = jsp.linalg.cho_solve((chol, True), y)
        return 0.5 * y @ alpha + jnp.sum(jnp.log(jnp.diag(chol)))

    finding = nanguard.locate(loss_fn, jnp.array(0.0), x, y)
    # A matrix that is not positive definite is outside cholesky's domain: `domain_error`
    # (the expectation first said `invalid_operation`; our first output said so too, with
    # an inf-inf/masked-softmax fix that does not apply to finite inputs).
    _check(finding, "p8", phase="forward", op="cholesky", cause="domain_error",
           fix="add jitter to its diagonal")
    assert "from finite inputs" in finding.explanation


# P9 a heading loss on velocities: a stationary agent has velocity (0, 0), whose
# arctan2 is finite (0) but whose derivative is 0 / 0.
def test_heading_of_a_stationary_agent_is_a_backward_atan2_singularity():
    vel = jnp.array([[1.0, 0.5], [0.0, 0.0], [-0.3, 2.0]])
    target = jnp.array([0.4, 0.0, 1.7])

    def loss_fn(scale, vel, target):
        v = vel * scale
        heading = jnp.arctan2(v[:, 1], v[:, 0])  # BUG p9
        return jnp.mean(1.0 - jnp.cos(heading - target))

    finding = nanguard.locate(loss_fn, jnp.ones(2), vel, target)
    # Failed before: the fix listed safe_sqrt/safe_norm/safe_acos/safe_pow, none for atan2.
    _check(finding, "p9", phase="backward", op="atan2", cause="grad_singularity",
           fix="nanguard.ops.safe_where")
    assert "atan2" in finding.fix


# P10 a Flax Linen model run in float16 (mixed precision) with a hand-written softmax:
# exp of a logit of 12 is beyond float16's 65504.
class Float16Head(nn.Module):
    @nn.compact
    def __call__(self, x):
        logits = nn.Dense(3, dtype=jnp.float16, name="logits")(x)
        e = jnp.exp(logits)  # BUG p10
        return e / jnp.sum(e, axis=-1, keepdims=True)


class Float16Classifier(nn.Module):
    @nn.compact
    def __call__(self, x):
        return Float16Head(name="head")(nn.relu(nn.Dense(4, name="body")(x)))


def test_float16_hand_written_softmax_overflows_exp_in_the_linen_head():
    model = Float16Classifier()
    x = jax.random.normal(_key(0), (4, 3)).at[1].set(jnp.array([8.0, 8.0, 8.0]))
    params = model.init(_key(1), x)
    params = jax.tree_util.tree_map(jnp.abs, params)
    labels = jnp.array([0, 1, 2, 0])

    def loss_fn(params, x, labels):
        p = model.apply(params, x).astype(jnp.float32)
        return -jnp.mean(jnp.log(jnp.take_along_axis(p, labels[:, None], 1) + 1e-6))

    finding = nanguard.locate(loss_fn, params, x, labels)
    _check(finding, "p10", phase="forward", op="exp", cause="overflow", fix="safe_exp",
           layer="Float16Classifier/head")


# P11 a VAE encoder (nested Linen submodules) that predicts the variance with a plain
# Dense layer and takes its square root: a negative variance is a forward sqrt NaN.
class Gaussian(nn.Module):
    @nn.compact
    def __call__(self, h):
        mu = nn.Dense(2, name="mu")(h)
        var = nn.Dense(2, name="var")(h)
        return mu, jnp.sqrt(var)  # BUG p11


class Encoder(nn.Module):
    @nn.compact
    def __call__(self, x):
        return Gaussian(name="gauss")(nn.tanh(nn.Dense(4, name="trunk")(x)))


class VAE(nn.Module):
    @nn.compact
    def __call__(self, x, eps):
        mu, std = Encoder(name="encoder")(x)
        z = mu + std * eps
        return nn.Dense(3, name="decoder")(z)


def test_vae_variance_from_a_plain_dense_is_a_forward_sqrt_of_negative_in_the_submodule():
    model = VAE()
    x = jax.random.normal(_key(0), (6, 3))
    eps = jax.random.normal(_key(1), (6, 2))
    params = model.init(_key(2), x, eps)

    def loss_fn(params, x, eps):
        return jnp.mean((model.apply(params, x, eps) - x) ** 2)

    finding = nanguard.locate(loss_fn, params, x, eps)
    # The fix names the safe op (`safe_sqrt`); the expectation first asked for softplus,
    # one remedy among several for a learned variance that the generic fix does not list.
    _check(finding, "p11", phase="forward", op="sqrt", cause="domain_error",
           fix="nanguard.ops.safe_sqrt", layer="VAE/encoder/gauss")


# P12 a token classifier whose logits of padded vocabulary slots are -inf, on a token
# whose every slot is masked: optax's integer-label cross-entropy is NaN.
def test_optax_integer_label_cross_entropy_of_a_fully_masked_row_names_the_users_call():
    w = jax.random.normal(_key(0), (3, 5))
    x = jax.random.normal(_key(1), (4, 3))
    allowed = jnp.ones((4, 5), bool).at[1].set(False)
    labels = jnp.array([0, 2, 4, 1])

    def loss_fn(w, x, allowed, labels):
        logits = jnp.where(allowed, x @ w, -jnp.inf)
        losses = optax.softmax_cross_entropy_with_integer_labels(logits, labels)  # BUG p12
        return jnp.mean(losses)

    finding = nanguard.locate(loss_fn, w, x, allowed, labels)
    # Inside optax's loss the first non-finite value is log(sum(exp(row))) = log(0) = -inf
    # (jax.nn.logsumexp of the all -inf row); the NaN comes later (-inf - -inf), so the cause
    # is `log_of_zero`, not the `invalid_operation` the expectation first said. The op was
    # named `log` at first: the call the user's line made is the one to name.
    _check(finding, "p12", phase="forward",
           op="optax.softmax_cross_entropy_with_integer_labels",
           cause="log_of_zero", fix="masked_softmax")
    assert "only non-finite values are -inf" in finding.explanation
    assert finding.origin.rows == [1]


# P13 a mixture density network's log-likelihood with jax.scipy.special.logsumexp over
# components whose log-weights are all -inf for one example (every component pruned).
def test_scipy_logsumexp_over_all_pruned_components_is_named_as_the_user_called_it():
    mu = jnp.array([-1.0, 0.0, 1.0])
    y = jnp.array([0.2, -0.5, 1.1, 0.0])
    keep = jnp.ones((4, 3), bool).at[3].set(False)

    def loss_fn(mu, y, keep):
        log_w = jnp.where(keep, jnp.log(1.0 / 3.0), -jnp.inf)
        log_p = log_w - 0.5 * (y[:, None] - mu[None]) ** 2
        return -jnp.mean(jsp.special.logsumexp(log_p, axis=1))  # BUG p13

    finding = nanguard.locate(loss_fn, mu, y, keep)
    _check(finding, "p13", phase="forward", op="jax.scipy.special.logsumexp",
           cause="log_of_zero", fix="masked")


# Healthy: binary cross-entropy through jax.nn.log_sigmoid at extreme logits is finite.
def test_log_sigmoid_cross_entropy_at_extreme_logits_has_no_finding():
    w = jnp.array([40.0, -40.0])
    x = jnp.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    y = jnp.array([0.0, 1.0, 1.0])

    def loss_fn(w, x, y):
        z = x @ w
        return -jnp.mean(y * jax.nn.log_sigmoid(z) + (1 - y) * jax.nn.log_sigmoid(-z))

    assert nanguard.locate(loss_fn, w, x, y) is None


# Healthy: sequences padded with NaN, the padding replaced before any arithmetic (the
# double-where pattern), under a vmap'd, checkpointed per-example loss.
def test_nan_padding_replaced_before_use_in_a_vmapped_remat_loss_has_no_finding():
    xs = jax.random.normal(_key(0), (4, 6)).at[1, 3:].set(jnp.nan).at[3, 5:].set(jnp.nan)
    w = jnp.array(0.7)

    @jax.checkpoint
    def per_example(w, seq):
        valid = ~jnp.isnan(seq)
        clean = jnp.where(valid, seq, 0.0)
        sq = jnp.where(valid, jnp.sqrt(jnp.abs(clean * w) + 1e-6), 0.0)
        return jnp.sum(sq) / jnp.sum(valid)

    def loss_fn(w, xs):
        return jnp.mean(jax.vmap(per_example, in_axes=(None, 0))(w, xs))

    assert np.isfinite(float(loss_fn(w, xs)))
    assert nanguard.locate(loss_fn, w, xs) is None
