"""Property tests: every loss, every float dtype, drawn values plus forced edge points.

Same three properties as the ops (finite value and gradient; agreement with the
naive float64 formula and its autodiff in the interior; eager = graph = XLA).
Losses return float32 for 16-bit predictions, so their values are checked
against float32's range there.
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

from nanguard import losses
from nanguard.numerics._transcendental import exp_cap
from nanguard.numerics._xp import FINFO

ROWS = (4, 8)
UNIT = (0.0, 1.0)
ANY = (None, None)
MASK = np.array([[False] * 8, [True, False] * 4, [True] * 8, [True] + [False] * 7])


def tiny(d):
    return FINFO[d].tiny


def eps(d):
    return FINFO[d].eps


def rows(mask):
    return np.all(mask, axis=-1)


def _mean(x):
    return tf.reduce_mean(x, -1)


def _naive_huber(t, p):
    e = p - t
    return _mean(tf.where(tf.abs(e) <= 1.0, 0.5 * e * e, tf.abs(e) - 0.5))


def _naive_bce(t, p):
    return _mean(-(t * tf.math.log(p) + (1 - t) * tf.math.log(1 - p)))


def _naive_masked_cce(t, x):
    logp = tf.nn.log_softmax(tf.where(MASK, x, tf.constant(-np.inf, x.dtype)))
    return -tf.reduce_sum(tf.where(MASK, t * logp, tf.zeros_like(x)), -1)


def _naive_focal_logits(t, x):
    p, q = tf.sigmoid(x), tf.sigmoid(-x)
    return _mean(-(t * q * q * tf.math.log_sigmoid(x) + (1 - t) * p * p * tf.math.log_sigmoid(-x)))


def _naive_focal_probs(t, p):
    a = 0.25
    return _mean(
        -(a * t * (1 - p) ** 2 * tf.math.log(p) + (1 - a) * (1 - t) * p**2 * tf.math.log(1 - p))
    )


def _cos(t, p):
    return tf.reduce_sum(t * p, -1) / (tf.norm(t, axis=-1) * tf.norm(p, axis=-1))


def _naive_gaussian(t, p):
    mean, var = p[..., :8], p[..., 8:]
    return _mean(0.5 * (tf.math.log(var) + (t - mean) ** 2 / var))


def _naive_contrastive(t, pairs):
    d = tf.norm(pairs[..., 0, :] - pairs[..., 1, :], axis=-1)
    return t * d * d + (1 - t) * tf.maximum(1.0 - d, 0.0) ** 2


def _pred_inside(lo_fn, hi_fn=None):
    def interior(a, d):
        p = a[1]
        ok = p > lo_fn(d)
        if hi_fn is not None:
            ok &= p < hi_fn(d)
        return rows(ok)

    return interior


def _rmsle_interior(a, d):  # away from -1, and the squared log error does not underflow
    t, p = a
    with np.errstate(all="ignore"):
        diff = np.abs(np.log1p(np.maximum(p, -0.5)) - np.log1p(t)).max(-1)
    return rows(p > -1 + eps(d)) & (diff > 1e3 * math.sqrt(FINFO["float32"].tiny))


def _norms_ok(a, d):  # where the naive norms and dot product neither overflow nor underflow
    lo, hi = tiny(d) ** 0.25, FINFO[d].max ** 0.25
    sizes = [np.abs(v).max(-1) for v in a]
    return np.all([(m > lo) & (m < hi) for m in sizes], axis=0)


def _angle_ok(a, d):
    t, p = a
    with np.errstate(all="ignore"):
        c = np.sum(t * p, -1) / (np.linalg.norm(t, axis=-1) * np.linalg.norm(p, axis=-1))
    return _norms_ok(a, d) & (np.abs(c) < 0.9)


def _loss(name, fn, naive, **kw):
    kw.setdefault("domains", (ANY, ANY))
    kw.setdefault("shapes", (ROWS, ROWS))
    kw.setdefault("wrt", (1,))
    return Spec(name, fn, naive, elementwise=False, loss=True, **kw)


SPECS = [
    _loss("mse", losses.mse, lambda t, p: _mean((p - t) ** 2), always_finite=False,
          bounded_grad=False),
    _loss("mae", losses.mae, lambda t, p: _mean(tf.abs(p - t)), always_finite=False),
    _loss("huber", losses.huber, _naive_huber, always_finite=False),
    _loss("log_cosh", losses.log_cosh, lambda t, p: _mean(tf.math.log(tf.cosh(p - t))),
          always_finite=False, atol=2.0),
    _loss("bce_probs", losses.binary_crossentropy, _naive_bce, domains=(UNIT, ANY),
          interior=_pred_inside(tiny, lambda d: 1 - eps(d)), atol=2.0),
    _loss("bce_logits", losses.binary_crossentropy(from_logits=True),
          lambda t, x: _mean(tf.nn.sigmoid_cross_entropy_with_logits(t, x)),
          domains=(UNIT, ANY), atol=2.0),
    _loss("cce_logits_masked", losses.categorical_crossentropy(from_logits=True, mask=MASK),
          _naive_masked_cce, domains=(UNIT, ANY), always_finite=False, atol=4.0,
          interior=lambda a, d: (a[1].max(-1) - a[1].min(-1)) < FINFO[d].max / 4),
    _loss("cce_probs", losses.categorical_crossentropy,
          lambda t, p: -tf.reduce_sum(t * tf.math.log(p), -1), domains=(UNIT, UNIT),
          interior=_pred_inside(tiny), atol=4.0),
    _loss("focal_logits", losses.focal(from_logits=True), _naive_focal_logits,
          domains=(UNIT, ANY), atol=2.0),
    _loss("focal_probs", losses.focal(alpha=0.25), _naive_focal_probs, domains=(UNIT, UNIT),
          interior=_pred_inside(tiny, lambda d: 1 - eps(d)), atol=2.0),
    _loss("kl_divergence", losses.kl_divergence,
          lambda t, p: tf.reduce_sum(t * tf.math.log(t / p), -1), domains=(UNIT, UNIT),
          interior=lambda a, d: rows((a[0] > tiny(d)) & (a[1] > tiny(d))), atol=4.0),
    _loss("dice", losses.dice,
          lambda t, p: 1 - 2 * tf.reduce_sum(t * p, -1) / tf.reduce_sum(t + p, -1),
          domains=(UNIT, UNIT), interior=lambda a, d: (a[0] + a[1]).sum(-1) > 1e-3, atol=2.0),
    _loss("poisson_nll", losses.poisson_nll, lambda t, lr: _mean(tf.exp(lr) - t * lr),
          domains=((0.0, 1000.0), ANY), interior=lambda a, d: rows(a[1] < exp_cap(d)),
          always_finite=False, bounded_grad=False, atol=2.0),
    _loss("gaussian_nll", losses.gaussian_nll, _naive_gaussian, shapes=(ROWS, (4, 16)),
          interior=lambda a, d: rows(a[1][..., 8:] > 1e-6), always_finite=False,
          bounded_grad=False, atol=2.0, rtol=16.0),
    _loss("rmsle", losses.rmsle,
          lambda t, p: tf.sqrt(_mean((tf.math.log1p(p) - tf.math.log1p(t)) ** 2)),
          domains=((0.0, None), ANY), interior=_rmsle_interior, atol=2.0,
          rtol=16.0),
    _loss("cosine_distance", losses.cosine_distance, lambda t, p: 1 - _cos(t, p),
          wrt=(0, 1), interior=_norms_ok, atol=4.0),
    _loss("euclidean_distance", losses.euclidean_distance,
          lambda t, p: tf.norm(p - t, axis=-1), wrt=(0, 1), always_finite=False,
          interior=lambda a, d: np.abs(a[1] - a[0]).max(-1) > math.sqrt(tiny(d))),
    _loss("angular_distance", losses.angular_distance,
          lambda t, p: tf.acos(_cos(t, p)) / math.pi, wrt=(0, 1), interior=_angle_ok,
          atol=4.0),
    _loss("contrastive", losses.contrastive, _naive_contrastive, domains=(UNIT, ANY),
          shapes=((4,), (4, 2, 4)), always_finite=False, bounded_grad=False, atol=2.0,
          interior=lambda a, d: np.abs(a[1][:, 0] - a[1][:, 1]).max(-1) > 1e-3),
]  # fmt: skip

CASES = [pytest.param(s, d, id=f"{s.name}-{d}") for s in SPECS for d in DTYPES]
QUIET = [HealthCheck.filter_too_much]


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=10, suppress_health_check=QUIET)
@given(data=st.data())
@example(data=EDGES)
@example(data=ZEROS)
def test_loss_value_and_gradient_are_finite(spec, dtype, data):
    check_finite(spec, dtype, data)


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=10, suppress_health_check=QUIET)
@given(data=st.data())
@example(data=EDGES)
def test_loss_matches_naive_value_and_gradient_in_interior(spec, dtype, data):
    check_reference(spec, dtype, data)


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=3, suppress_health_check=QUIET)
@given(data=st.data())
@example(data=EDGES)
def test_loss_eager_graph_and_xla_agree(spec, dtype, data):
    check_modes_agree(spec, dtype, data)
