"""Property tests: every safe op, every float dtype, drawn values plus forced edge points.

For each (op, dtype):
* the value is finite wherever the true value fits the dtype (and everywhere for
  the ops whose docstring says so), and the gradient is finite (everywhere for
  ops with a bounded gradient, else wherever the true gradient fits);
* in the interior the value matches the naive float64 formula and the gradient
  matches its float64 autodiff, within a tolerance scaled by ``finfo(dtype).eps``;
* eager, ``tf.function`` and ``tf.function(jit_compile=True)`` agree.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from numerics_support import DTYPES, EDGES, ZEROS, Spec
from property_checks import check_finite, check_modes_agree, check_reference

from nanguard import ops
from nanguard.numerics._transcendental import exp_cap
from nanguard.numerics._xp import FINFO

ROWS = (4, 8)
MASK = np.array(
    [[False] * 8, [True, False] * 4, [True] * 8, [True] + [False] * 7]
)  # a fully masked row, a sparse row, a full row, a single entry


def tiny(d):
    return FINFO[d].tiny


def _naive_masked_softmax(x):
    z = tf.where(MASK, x, tf.constant(-np.inf, x.dtype))
    return tf.where(MASK, tf.nn.softmax(z), tf.zeros_like(x))


def _naive_masked_mean(x):
    m = tf.constant(MASK, x.dtype)
    return tf.reduce_sum(x * m, -1) / tf.reduce_sum(m, -1)


def _accurate_log1mexp(x):  # Maechler's two-branch formula, in float64
    near = x > -math.log(2)
    return tf.where(near, tf.math.log(-tf.math.expm1(x)), tf.math.log1p(-tf.exp(x)))


def _row_spread_ok(args, d):
    x = args[0]
    ok = (x.max(-1) - x.min(-1)) < FINFO[d].max / 2
    return np.broadcast_to(ok[:, None], x.shape)


SPECS = [
    Spec("safe_log", ops.safe_log, tf.math.log, interior=lambda a, d: a[0] > tiny(d)),
    Spec("safe_log1p", ops.safe_log1p, tf.math.log1p,
         interior=lambda a, d: a[0] > -1 + FINFO[d].eps, extra_edges=(-1.0, -1.5)),
    Spec("safe_sqrt", ops.safe_sqrt, tf.sqrt, interior=lambda a, d: a[0] > tiny(d)),
    Spec("safe_div", ops.safe_div, lambda x, y: x / y, domains=((None, None), (None, None)),
         wrt=(0, 1), shapes=((32,), (32,)), interior=lambda a, d: np.abs(a[1]) > tiny(d),
         bounded_grad=False, always_finite=False),
    Spec("safe_reciprocal", ops.safe_reciprocal, lambda x: 1 / x,
         interior=lambda a, d: np.abs(a[0]) > tiny(d), bounded_grad=False),
    Spec("safe_pow_half", lambda x: ops.safe_pow(x, 0.5), lambda x: tf.pow(x, 0.5),
         interior=lambda a, d: a[0] > tiny(d)),
    Spec("safe_pow_2_5", lambda x: ops.safe_pow(x, 2.5), lambda x: tf.pow(x, 2.5),
         interior=lambda a, d: a[0] > tiny(d), bounded_grad=False, always_finite=False),
    Spec("safe_pow_neg", lambda x: ops.safe_pow(x, -0.5), lambda x: tf.pow(x, -0.5),
         interior=lambda a, d: a[0] > tiny(d), bounded_grad=False),
    Spec("safe_pow_tensor_exponent", ops.safe_pow, tf.pow,
         domains=((None, None), (-3.0, 3.0)), wrt=(0, 1), shapes=((32,), (32,)),
         interior=lambda a, d: a[0] > tiny(d), bounded_grad=False, always_finite=False,
         rtol=64.0),
    Spec("safe_exp", ops.safe_exp, tf.exp, interior=lambda a, d: a[0] < exp_cap(d),
         extra_edges=(11.0, 11.1, 88.7, 88.8, 709.7, 710.0)),
    Spec("safe_acos", ops.safe_acos, tf.acos, interior=lambda a, d: np.abs(a[0]) < 0.9,
         extra_edges=(1.0, -1.0)),
    Spec("safe_asin", ops.safe_asin, tf.asin, interior=lambda a, d: np.abs(a[0]) < 0.9,
         extra_edges=(1.0, -1.0)),
    Spec("softplus", ops.softplus, lambda x: tf.math.log1p(tf.exp(x)), atol=1.0),
    Spec("log_sigmoid", ops.log_sigmoid, lambda x: -tf.math.log1p(tf.exp(-x)), atol=1.0),
    Spec("log1mexp", ops.log1mexp, _accurate_log1mexp,
         interior=lambda a, d: a[0] < -2 * tiny(d), extra_edges=(-math.log(2), -1e-3)),
    Spec("xlogy", ops.xlogy, lambda x, y: x * tf.math.log(y), domains=((None, None), (None, None)),
         wrt=(0, 1), shapes=((32,), (32,)), interior=lambda a, d: a[1] > tiny(d),
         bounded_grad=False, always_finite=False, atol=1.0),
    Spec("safe_norm", ops.safe_norm, lambda x: tf.sqrt(tf.reduce_sum(x * x, -1)),
         shapes=(ROWS,), elementwise=False, always_finite=False,
         interior=lambda a, d: np.abs(a[0]).max(-1) > math.sqrt(tiny(d))),
    Spec("logsumexp", ops.logsumexp, lambda x: tf.reduce_logsumexp(x, -1), shapes=(ROWS,),
         elementwise=False, atol=4.0),
    Spec("log_softmax", ops.log_softmax, tf.nn.log_softmax, shapes=(ROWS,), elementwise=False,
         interior=_row_spread_ok, atol=4.0),
    Spec("masked_softmax", lambda x: ops.masked_softmax(x, MASK), _naive_masked_softmax,
         shapes=(ROWS,), elementwise=False, atol=2.0),
    Spec("safe_mean", lambda x: ops.safe_mean(x, MASK, axis=-1), _naive_masked_mean,
         shapes=(ROWS,), elementwise=False, atol=1.0),
    Spec("safe_where", lambda x: ops.safe_where(x > 0, tf.sqrt, lambda v: -v, x),
         lambda x: tf.where(x > 0, tf.sqrt(x), -x), interior=lambda a, d: a[0] > tiny(d)),
]  # fmt: skip

CASES = [pytest.param(s, d, id=f"{s.name}-{d}") for s in SPECS for d in DTYPES]


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=12, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
@example(data=EDGES)
@example(data=ZEROS)
def test_op_value_and_gradient_are_finite(spec, dtype, data):
    check_finite(spec, dtype, data)


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=12, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
@example(data=EDGES)
def test_op_matches_naive_value_and_gradient_in_interior(spec, dtype, data):
    check_reference(spec, dtype, data)


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=4, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
@example(data=EDGES)
def test_op_eager_graph_and_xla_agree(spec, dtype, data):
    check_modes_agree(spec, dtype, data)
