"""Regression losses: mse, mae, huber, log_cosh, poisson_nll, gaussian_nll, rmsle.

Each returns the per-sample loss (mean over the last axis), in float32 for
16-bit predictions (accumulated in float32) and in the prediction's dtype
otherwise. Values and gradients are finite wherever the true ones fit the
dtype; each docstring lists where they do not.
"""

from __future__ import annotations

import math
from typing import Any

from nanguard.errors import InvalidArgumentError
from nanguard.numerics._elementwise import log1p_clamped, sqrt_kernel
from nanguard.numerics._inputs import float_inputs
from nanguard.numerics._loss_api import check_same_shape, loss_function
from nanguard.numerics._loss_common import loss_inputs, mean_last
from nanguard.numerics._transcendental import exp_cap, exp_kernel

__all__ = ["mse", "mae", "huber", "log_cosh", "poisson_nll", "gaussian_nll", "rmsle"]


@loss_function
def mse(y_true: Any, y_pred: Any) -> Any:
    """Mean squared error, accumulated in float32 for 16-bit inputs.

    Naive edge: in float16 ``(y_pred - y_true)**2`` overflows once the error
    exceeds 256, and a float16 sum overflows at 65504.

    Convention: ``sum((err / sqrt(n))**2, axis=-1)``, computed in float32 for
    16-bit inputs, so the square does not overflow where the mean still fits.
    Gradient ``2 * err / n``. Exceptions: for float32/float64 inputs the value
    overflows where ``err**2 / n`` (or ``err`` itself) exceeds the dtype's max;
    for 16-bit inputs the gradient, cast back to the input dtype, overflows where
    ``2|err|/n > max`` (float16: 65504).

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions (floating point).

    Returns:
        Per-sample loss, shape ``y_pred.shape[:-1]``.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(mse(np.array([0.0, 0.0]), np.array([300.0, 300.0], np.float16)))
        90000.0
    """
    inp = loss_inputs("mse", y_true, y_pred)
    pred, true = inp.arrays
    # (err / sqrt(n))**2 summed: no overflow of err**2 when err**2 / n still fits.
    err = (pred - true) / inp.xp.sqrt(inp.xp.size_along(pred, -1, inp.compute))
    return inp.xp.sum(err * err, axis=-1)


@loss_function
def mae(y_true: Any, y_pred: Any) -> Any:
    """Mean absolute error, accumulated in float32 for 16-bit inputs.

    Naive edge: a float16 sum of absolute errors overflows at 65504; ``|y_pred -
    y_true|`` itself overflows for opposite signs near the max.

    Convention: ``mean(|y_pred - y_true|, axis=-1)``, 16-bit inputs computed in
    float32. Gradient ``sign(err)/n``, 0 at ``err = 0``. Exception: for
    float32/float64 inputs ``y_pred - y_true`` overflows where it exceeds the max.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions (floating point).

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(mae(np.array([0.0]), np.array([-3.0], np.float32)))
        3.0
    """
    inp = loss_inputs("mae", y_true, y_pred)
    pred, true = inp.arrays
    return mean_last(inp, inp.xp.abs(pred - true))


@loss_function
def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """Huber loss: quadratic for small errors, linear beyond ``delta``.

    Naive edge: ``where(|e| <= delta, 0.5 e**2, ...)`` evaluates ``e**2`` for every
    element, which overflows for large errors in float16/float32.

    Convention: ``0.5 q**2 + delta (|e| - q)`` with ``q = min(|e|, delta)``: no
    ``where``, no square of a large error. Gradient ``clip(e, -delta, delta)/n``
    (0 at ``e = 0``), bounded by ``delta``. Exception: ``y_pred - y_true``
    overflows (float32/float64) when it exceeds the max.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions (floating point).
        delta: the switch point, positive.

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ, or ``delta <= 0``.

    Example:
        >>> float(huber(np.array([0.0]), np.array([3.0], np.float32)))
        2.5
    """
    inp = loss_inputs("huber", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    size = xp.abs(pred - true)
    d = inp.const(delta)
    quadratic = xp.minimum(size, d)
    return mean_last(inp, 0.5 * quadratic * quadratic + d * (size - quadratic))


@loss_function
def log_cosh(y_true: Any, y_pred: Any) -> Any:
    """``mean(log(cosh(y_pred - y_true)))``, stable for every error size.

    Naive edge: ``cosh(e)`` overflows for ``|e| > 89`` in float32 (11.8 in
    float16) giving ``inf``, and its gradient ``tanh`` becomes ``inf/inf = NaN``;
    for tiny ``e`` ``log(cosh(e))`` rounds to 0.

    Convention: ``log1p(2 sinh(e/2)**2)`` for ``|e| < 1`` (accurate near 0) and
    ``|e| + log1p(exp(-2|e|)) - log 2`` beyond, each side fed only its own inputs.
    Gradient ``tanh(e)/n``, bounded by 1/n. Exception: ``y_pred - y_true``
    overflows (float32/float64) when it exceeds the max.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions (floating point).

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> round(float(log_cosh(np.array([0.0]), np.array([1000.0], np.float32))), 3)
        999.307
    """
    inp = loss_inputs("log_cosh", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    err = pred - true
    small = xp.abs(err) < 1
    e_small = xp.where(small, err, inp.const(0.0))
    size_large = xp.abs(xp.where(small, inp.const(1.0), err))
    half_sinh = xp.sinh(0.5 * e_small)
    near = xp.log1p(2.0 * half_sinh * half_sinh)
    far = size_large + xp.log1p(xp.exp(-2.0 * size_large)) - math.log(2.0)
    return mean_last(inp, xp.where(small, near, far))


@loss_function
def poisson_nll(y_true: Any, y_pred: Any) -> Any:
    """Poisson negative log-likelihood from a log-rate: ``exp(log_rate) - y * log_rate``.

    ``y_pred`` is the log of the rate (``log(y!)`` is omitted, a constant).

    Naive edge: from a rate, ``rate - y log(rate)`` is ``-inf``/NaN at rate 0 and
    the gradient ``1 - y/rate`` is infinite; from a log-rate, ``exp`` overflows
    for a log-rate above ``log(max)`` (11.09 in float16).

    Convention: ``safe_exp(log_rate) - y * log_rate``: the exponential saturates
    at ``exp(cap)``, ``cap = log(max) - 1/64`` of the prediction's dtype, with the
    gradient kept at ``exp(cap)`` above it (so it still pushes the rate down).
    Gradient ``(exp(log_rate) - y)/n``. Exception: ``y * log_rate`` overflows
    where the product exceeds the max.

    Args:
        y_true: observed counts, same shape as ``y_pred``.
        y_pred: predicted log-rates (floating point).

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(poisson_nll(np.array([1.0]), np.array([0.0], np.float32)))
        1.0
    """
    inp = loss_inputs("poisson_nll", y_true, y_pred)
    xp, (log_rate, counts) = inp.xp, inp.arrays
    return mean_last(inp, exp_kernel(xp, log_rate, exp_cap(inp.dtype)) - counts * log_rate)


@loss_function
def gaussian_nll(y_true: Any, y_pred: Any, variance: Any = None, var_floor: float = 1e-6) -> Any:
    """Gaussian negative log-likelihood with a variance floor.

    ``0.5 * (log(var) + (y - mean)**2 / var)`` per element (the constant
    ``0.5 log(2 pi)`` is omitted). The mean and variance come either as
    ``y_pred`` and ``variance=``, or, when ``variance`` is None (the form
    ``model.compile`` needs), as the two halves of ``y_pred``'s last axis:
    ``y_pred[..., :d]`` is the mean and ``y_pred[..., d:]`` the variance, with
    ``d = y_true.shape[-1]``.

    Naive edge: a variance of 0 gives ``log(0) = -inf`` and ``x/0 = inf``; a
    negative variance gives NaN.

    Convention: ``var = max(variance, var_floor)``; below the floor the value uses
    the floor and the gradient with respect to the variance is 0. Gradients:
    ``(mean - y)/var`` and ``0.5 (1/var - (y-mean)**2/var**2)``, over ``n``.
    Exceptions: where ``|y - mean| / sqrt(var)`` exceeds ``sqrt(max)`` of the
    compute dtype the value overflows; the gradients, cast back to a 16-bit
    prediction dtype, overflow where they exceed its max (e.g. error 1 with
    variance 1e-6 in float16).

    Args:
        y_true: targets.
        y_pred: predicted means, or means and variances concatenated (see above).
        variance: predicted variances, same shape as ``y_true``, or None.
        var_floor: the variance floor, positive (default 1e-6).

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes do not fit, or ``var_floor <= 0``.

    Example:
        >>> float(gaussian_nll(np.array([0.0]), np.array([0.0, 0.0], np.float32)))
        -6.9077...
    """
    if variance is None:
        inp = loss_inputs("gaussian_nll", y_true, y_pred, same_shape=False)
        xp, (pred, true) = inp.xp, inp.arrays
        d = xp.shape(true)[-1] if xp.shape(true) else None
        if d is None or xp.shape(pred)[-1] != 2 * d:
            raise InvalidArgumentError(
                "y_pred",
                f"shape {tuple(xp.shape(pred))}",
                f"`y_true`'s shape {tuple(xp.shape(true))} with a doubled last axis "
                "(means, then variances)",
                hint="(gaussian_nll) Or pass the variances as `variance=`.",
            )
        mean, var = pred[..., :d], pred[..., d:]
    else:
        inp = float_inputs(
            "gaussian_nll",
            ("y_pred", y_pred),
            ("variance", variance),
            ("y_true", y_true),
            labels=("y_true",),
        )
        xp, (mean, var, true) = inp.xp, inp.arrays
    check_same_shape("gaussian_nll", xp, true, mean)
    floor = inp.const(var_floor)
    var = xp.where(var > floor, var, floor)
    n = xp.size_along(mean, -1, inp.compute)
    # The 1/(2n) of the mean is folded in before squaring, so the square only
    # overflows where the loss itself would.
    scaled = (true - mean) / xp.sqrt(var) / xp.sqrt(2.0 * n)
    return xp.sum(scaled * scaled + 0.5 * xp.log(var) / n, axis=-1)


@loss_function
def rmsle(y_true: Any, y_pred: Any) -> Any:
    """Root mean squared log error, safe for predictions at or below -1.

    ``sqrt(mean((log1p(y_pred) - log1p(y_true))**2))`` per sample.

    Naive edge: ``log1p(y_pred)`` is ``-inf`` at -1 and NaN below; a perfect
    prediction makes ``sqrt(0)``, whose gradient is infinite (NaN once chained).

    Convention: both ``log1p`` are :func:`safe_log1p` (clamped at
    ``-1 + eps/2`` of the prediction's dtype, gradient 0 at or below it), and the
    root is :func:`safe_sqrt` (gradient 0 at a perfect prediction).

    Args:
        y_true: non-negative targets, same shape as ``y_pred``.
        y_pred: predictions (floating point).

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(rmsle(np.array([0.0]), np.array([-5.0], np.float32))) > 0
        True
    """
    inp = loss_inputs("rmsle", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    eps = inp.fi.eps / 2
    diff = log1p_clamped(xp, pred, eps) - log1p_clamped(xp, true, eps)
    return sqrt_kernel(xp, mean_last(inp, diff * diff))
