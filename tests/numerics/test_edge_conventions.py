"""Each op's documented convention at its edge, pinned point by point (value and gradient)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf

from nanguard import losses, ops
from nanguard.numerics._xp import FINFO

DTYPES = [pytest.param(d, id=d) for d in ("float16", "bfloat16", "float32", "float64")]


def grad(fn, *args, mode="eager"):
    """Value and gradients of ``sum(fn(*args))`` with respect to every argument."""

    def compute(*xs):
        with tf.GradientTape() as tape:
            for x in xs:
                tape.watch(x)
            y = fn(*xs)
            total = tf.reduce_sum(tf.cast(y, tf.float32))
        return y, tape.gradient(total, list(xs))

    if mode == "xla":
        compute = tf.function(compute, jit_compile=True, autograph=False)
    y, gs = compute(*args)
    return y.numpy().astype(np.float64), [g.numpy().astype(np.float64) for g in gs]


def const(values, dtype="float32"):
    return tf.constant(values, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_safe_sqrt_gradient_is_zero_at_zero_and_finite_just_above(dtype):
    sub = {"float16": 2**-24, "bfloat16": 2**-126, "float32": 2**-126, "float64": 2**-1022}[dtype]
    y, (g,) = grad(ops.safe_sqrt, const([0.0, -1.0, sub], dtype))
    assert y[:2].tolist() == [0.0, 0.0]
    assert g[:2].tolist() == [0.0, 0.0]
    assert np.isfinite(g[2]) and g[2] > 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_safe_log_at_zero_is_log_tiny_with_zero_gradient(dtype):
    y, (g,) = grad(ops.safe_log, const([0.0, -3.0, 1.0], dtype))
    expected = math.log(FINFO[dtype].tiny)
    assert y[0] == pytest.approx(expected, rel=FINFO[dtype].eps * 4)
    assert y[1] == y[0]
    assert g.tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("dtype", DTYPES)
def test_safe_log1p_at_minus_one_is_log_half_eps_with_zero_gradient(dtype):
    y, (g,) = grad(ops.safe_log1p, const([-1.0, -7.0], dtype))
    expected = math.log(FINFO[dtype].eps / 2)
    assert y.tolist() == pytest.approx([expected] * 2, rel=FINFO[dtype].eps * 4)
    assert g.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("mode", ["eager", "xla"])
def test_safe_div_by_zero_is_zero_with_zero_gradients(mode):
    y, (gx, gy) = grad(ops.safe_div, const([1.0, 0.0, -5.0]), const([0.0, 0.0, 0.0]), mode=mode)
    assert y.tolist() == [0.0, 0.0, 0.0]
    assert gx.tolist() == [0.0, 0.0, 0.0] and gy.tolist() == [0.0, 0.0, 0.0]


def test_safe_div_gradient_stays_finite_under_xla_for_tiny_divisor():
    # XLA rewrites (-x / y) / y into -x / (y * y): 0/0 = NaN for |y| < 1e-19 with `/`.
    _, (_, gy) = grad(ops.safe_div, const([0.0]), const([1e-30]), mode="xla")
    assert gy.tolist() == [0.0]


def test_safe_reciprocal_of_zero_is_zero_with_zero_gradient():
    y, (g,) = grad(ops.safe_reciprocal, const([0.0, 2.0]))
    assert y.tolist() == [0.0, 0.5] and g.tolist() == [0.0, -0.25]


@pytest.mark.parametrize("dtype", DTYPES)
def test_safe_exp_saturates_below_max_and_keeps_a_gradient(dtype):
    y, (g,) = grad(ops.safe_exp, const([1e4, 0.0], dtype))
    assert np.isfinite(y).all() and y[0] > 0.9 * FINFO[dtype].max
    assert y[1] == 1.0
    assert g[0] == pytest.approx(y[0], rel=0.01)  # straight-through: gradient exp(cap), not 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_safe_acos_at_and_beyond_plus_minus_one_has_zero_gradient(dtype):
    y, (g,) = grad(ops.safe_acos, const([1.0, -1.0, 1.5, -2.0, 0.0], dtype))
    assert y[:4] == pytest.approx([0.0, math.pi, 0.0, math.pi], rel=FINFO[dtype].eps * 2)
    assert g.tolist()[:4] == [0.0] * 4
    assert g[4] == pytest.approx(-1.0)


def test_safe_asin_at_plus_minus_one_is_plus_minus_half_pi_with_zero_gradient():
    y, (g,) = grad(ops.safe_asin, const([1.0, -1.0, 0.0], "float64"))
    assert y.tolist() == pytest.approx([math.pi / 2, -math.pi / 2, 0.0])
    assert g.tolist() == [0.0, 0.0, 1.0]


def test_safe_pow_fractional_exponent_at_zero_has_zero_gradients():
    y, (gx, gp) = grad(ops.safe_pow, const([0.0, -4.0, 4.0]), const([0.5, 0.5, 0.5]))
    assert y.tolist() == [0.0, 0.0, 2.0]
    assert gx.tolist() == [0.0, 0.0, 0.25]
    assert gp[:2].tolist() == [0.0, 0.0] and gp[2] == pytest.approx(2 * math.log(4))


def test_safe_pow_zero_exponent_is_one_and_negative_exponent_uses_eps():
    y, _ = grad(lambda x: ops.safe_pow(x, 0.0), const([0.0, 3.0]))
    assert y.tolist() == [1.0, 1.0]
    y, (g,) = grad(lambda x: ops.safe_pow(x, -0.5, eps=1e-4), const([0.0]))
    assert y.tolist() == pytest.approx([100.0]) and g.tolist() == [0.0]


def test_safe_where_discarded_branch_does_not_poison_the_gradient():
    x = const([0.0, 4.0, -1.0])
    _, (naive,) = grad(lambda v: tf.where(v > 0, tf.math.log(v), -v), x)
    assert np.isnan(naive[0])  # the trap this op exists for: 0 * (1/0) in the dead branch
    y, (g,) = grad(lambda v: ops.safe_where(v > 0, tf.math.log, lambda u: -u, v), x)
    assert y.tolist() == pytest.approx([0.0, math.log(4.0), 1.0])
    assert g.tolist() == [-1.0, 0.25, -1.0]


def test_safe_where_fills_every_tensor_of_a_tuple():
    y = ops.safe_where(
        const([True, False], "bool"), lambda a, b: a / b, lambda a, b: a * b,
        (const([1.0, 2.0]), const([2.0, 0.0])), true_fill=1.0,
    )  # fmt: skip
    assert y.numpy().tolist() == [0.5, 0.0]


def test_logsumexp_of_an_all_minus_inf_row_is_minus_inf_with_zero_gradient():
    x = const([[-np.inf, -np.inf], [0.0, 0.0]])
    y, (g,) = grad(ops.logsumexp, x)
    assert y[0] == -np.inf and y[1] == pytest.approx(math.log(2))
    assert g.tolist() == [[0.0, 0.0], [0.5, 0.5]]


def test_log_softmax_saturates_at_minus_max_in_float16():
    y, (g,) = grad(ops.log_softmax, const([60000.0, -60000.0], "float16"))
    assert y.tolist() == [0.0, -65504.0]
    assert np.isfinite(g).all()


@pytest.mark.parametrize("mode", ["eager", "xla"])
def test_masked_softmax_of_a_fully_masked_row_is_zero_with_zero_gradient(mode):
    mask = tf.constant([[False, False, False], [True, False, True]])

    def weighted(x):
        return ops.masked_softmax(x, mask) * tf.constant([[1.0, 2.0, 3.0]])

    y, (g,) = grad(weighted, const([[1.0, 2.0, 3.0], [0.0, 50.0, 0.0]]), mode=mode)
    assert y.tolist() == [[0.0, 0.0, 0.0], [0.5, 0.0, 1.5]]
    assert g[0].tolist() == [0.0, 0.0, 0.0] and np.isfinite(g).all()


def test_safe_mean_of_an_empty_mask_is_zero_with_zero_gradient_and_ignores_masked_nan():
    x = const([[np.nan, 1.0], [2.0, 4.0]])
    mask = tf.constant([[False, False], [True, True]])
    y, (g,) = grad(lambda v: ops.safe_mean(v, mask, axis=-1), x)
    assert y.tolist() == [0.0, 3.0]
    assert g.tolist() == [[0.0, 0.0], [0.5, 0.5]]


def test_safe_mean_does_not_overflow_float16_sum():
    assert ops.safe_mean(const([30000.0] * 3, "float16")).numpy() == 30000.0


def test_safe_norm_gradient_is_zero_at_the_zero_vector_and_value_does_not_overflow():
    y, (g,) = grad(ops.safe_norm, const([[0.0, 0.0], [3e30, 4e30]]))
    assert y[0] == 0.0 and y[1] == pytest.approx(5e30, rel=1e-6)
    assert g[0].tolist() == [0.0, 0.0] and g[1] == pytest.approx([0.6, 0.8], rel=1e-6)


def test_softplus_gradient_is_half_at_zero_and_value_is_finite_for_large_inputs():
    y, (g,) = grad(ops.softplus, const([0.0, 1e30]))
    assert g[0] == 0.5 and y[1] == pytest.approx(1e30)


def test_log_sigmoid_is_finite_for_very_negative_inputs():
    y, (g,) = grad(ops.log_sigmoid, const([-1e4, 0.0]))
    assert y.tolist() == pytest.approx([-1e4, -math.log(2)]) and g.tolist() == [1.0, 0.5]


def test_log1mexp_at_zero_is_log_tiny_with_zero_gradient():
    y, (g,) = grad(ops.log1mexp, const([0.0, 1.0, -1e-3]))
    assert y[0] == pytest.approx(math.log(FINFO["float32"].tiny)) and y[1] == y[0]
    assert g[:2].tolist() == [0.0, 0.0]
    assert y[2] == pytest.approx(math.log(-math.expm1(-1e-3)), rel=1e-6)


def test_xlogy_of_zero_and_zero_is_zero_with_finite_gradients():
    y, (gx, gy) = grad(ops.xlogy, const([0.0, 2.0]), const([0.0, 1.0]))
    assert y.tolist() == [0.0, 0.0]
    assert np.isfinite(gx).all() and gy.tolist() == [0.0, 2.0]


# -- losses -------------------------------------------------------------------------------


def test_categorical_crossentropy_fully_masked_row_gives_zero_loss_and_zero_gradient():
    logits = const([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    target = const([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    mask = tf.constant([[False, False, False], [True, True, True]])
    y, (g,) = grad(
        lambda x: losses.categorical_crossentropy(target, x, from_logits=True, mask=mask), logits
    )
    assert y[0] == 0.0 and g[0].tolist() == [0.0, 0.0, 0.0]
    expected = -tf.nn.log_softmax(logits[1])[2].numpy()
    assert y[1] == pytest.approx(expected, rel=1e-6)


def test_log_cosh_is_finite_and_linear_beyond_89():
    y, (g,) = grad(lambda p: losses.log_cosh(const([[0.0]]), p), const([[1000.0]]))
    assert y[0] == pytest.approx(1000 - math.log(2), rel=1e-6) and g[0, 0] == pytest.approx(1.0)


def test_cosine_distance_of_a_zero_vector_is_one_with_zero_gradient():
    y, (gt, gp) = grad(losses.cosine_distance, const([[0.0, 0.0]]), const([[1.0, 2.0]]))
    assert y.tolist() == [1.0]
    assert gt.tolist() == [[0.0, 0.0]] and np.isfinite(gp).all()


def test_euclidean_distance_gradient_is_zero_at_zero_distance():
    y, (gt, gp) = grad(losses.euclidean_distance, const([[1.0, 2.0]]), const([[1.0, 2.0]]))
    assert y.tolist() == [0.0] and gp.tolist() == [[0.0, 0.0]] and gt.tolist() == [[0.0, 0.0]]


def test_contrastive_gradient_is_finite_at_zero_distance():
    pairs = const([[[1.0, 2.0], [1.0, 2.0]], [[1.0, 2.0], [1.0, 2.0]]])
    y, (g,) = grad(lambda p: losses.contrastive(const([1.0, 0.0]), p, margin=1.0), pairs)
    assert y.tolist() == [0.0, 1.0] and np.isfinite(g).all()


def test_angular_distance_of_identical_vectors_has_zero_gradient():
    v = const([[0.3, 0.4, 0.5]])
    y, (gt, gp) = grad(losses.angular_distance, v, v)
    assert y.tolist() == pytest.approx([0.0], abs=1e-3)
    assert np.isfinite(gt).all() and np.isfinite(gp).all()


def test_rmsle_is_finite_for_predictions_at_and_below_minus_one():
    y, (g,) = grad(lambda p: losses.rmsle(const([[1.0, 1.0]]), p), const([[-1.0, -5.0]]))
    assert np.isfinite(y).all() and np.isfinite(g).all() and y[0] > 0


def test_gaussian_nll_floors_the_variance():
    y, (g,) = grad(
        lambda p: losses.gaussian_nll(const([[0.0]]), p, var_floor=1e-2), const([[0.0, -1.0]])
    )
    assert y[0] == pytest.approx(0.5 * math.log(1e-2), rel=1e-6)
    assert g.tolist() == [[0.0, 0.0]]


def test_dice_of_two_empty_masks_is_zero_with_zero_gradient():
    y, (g,) = grad(lambda p: losses.dice(const([[0.0, 0.0]]), p), const([[0.0, 0.0]]))
    assert y.tolist() == [0.0] and g.tolist() == [[0.0, 0.0]]


def test_poisson_nll_with_a_huge_log_rate_is_finite_and_still_pushes_down():
    y, (g,) = grad(lambda p: losses.poisson_nll(const([[1.0]]), p), const([[1e4]]))
    assert np.isfinite(y).all() and g[0, 0] > 0 and np.isfinite(g).all()


def test_binary_crossentropy_from_probabilities_is_finite_at_zero_and_one():
    y, (g,) = grad(
        lambda p: losses.binary_crossentropy(const([[1.0, 0.0, 1.0]]), p), const([[0.0, 1.0, 1.0]])
    )
    assert np.isfinite(y).all() and np.isfinite(g).all()


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_mae_and_mse_accumulate_in_float32_for_16_bit_inputs(dtype):
    pred = const([[30000.0, 30000.0, 30000.0]], dtype)
    target = tf.zeros_like(pred)
    mae = losses.mae(target, pred)
    mse = losses.mse(target, pred)
    assert mae.dtype == tf.float32 and mse.dtype == tf.float32
    assert mae.numpy()[0] == pytest.approx(30000.0, rel=1e-2)
    assert mse.numpy()[0] == pytest.approx(9e8, rel=2e-2)  # 9e8 > float16's 65504


def test_ops_accept_numpy_arrays_and_agree_with_tensorflow():
    x = np.array([0.0, 0.5, 2.0, -1.0], np.float32)
    for fn in (ops.safe_log, ops.safe_sqrt, ops.softplus, ops.safe_acos, ops.log_sigmoid):
        assert isinstance(fn(x), np.ndarray)
        np.testing.assert_allclose(fn(x), fn(tf.constant(x)).numpy(), rtol=1e-6)
