"""Elementwise safe ops: finite value and finite gradient at every edge.

Conventions shared by every op here (see each docstring for the op's own):

* 16-bit inputs are computed in float32 and the result is cast back.
* Thresholds (``eps``) come from the *input* dtype's limits (``tiny`` = smallest
  positive normal, ``eps`` = machine epsilon), so that the largest gradient an op
  can produce (e.g. ``1/tiny`` for ``safe_log``) is still finite in that dtype.
* Subnormal inputs: TensorFlow on CPU treats float32/float64/bfloat16 subnormals
  as zero (denormals-are-zero), so they take the op's value *at zero*.
* The discarded side of every ``where`` is fed a harmless stand-in (the
  "double where"), so its gradient is never ``0 * inf = NaN``.
"""

from __future__ import annotations

import math
from typing import Any

from nanguard.numerics._inputs import float_inputs, resolve_eps

__all__ = [
    "safe_log",
    "safe_log1p",
    "safe_sqrt",
    "safe_div",
    "safe_reciprocal",
    "safe_pow",
    "safe_exp",
    "safe_acos",
    "safe_asin",
    "softplus",
    "log_sigmoid",
    "log1mexp",
    "xlogy",
    "exp_cap",
]


# -- kernels on compute-dtype arrays (also used by the losses) ---------------------------


def log_clamped(xp: Any, x: Any, eps: float) -> Any:
    """``log(max(x, eps))`` with gradient ``1/x`` above ``eps`` and 0 at or below it."""
    return xp.log(xp.where(x > eps, x, xp.asarray(eps, xp.dtype_name(x))))


def log1p_clamped(xp: Any, x: Any, eps: float) -> Any:
    """``log1p(max(x, eps - 1))`` with gradient 0 at or below ``eps - 1``."""
    floor = eps - 1.0
    return xp.log1p(xp.where(x > floor, x, xp.asarray(floor, xp.dtype_name(x))))


def sqrt_kernel(xp: Any, x: Any) -> Any:
    """``sqrt(max(x, 0))`` with gradient ``0.5/sqrt(x)`` for ``x > 0`` and 0 elsewhere."""
    positive = x > 0
    safe = xp.where(positive, x, xp.asarray(1.0, xp.dtype_name(x)))
    return xp.where(positive, xp.sqrt(safe), xp.asarray(0.0, xp.dtype_name(x)))


def div_kernel(xp: Any, x: Any, y: Any, eps: float) -> Any:
    """``x / y`` where ``|y| > eps``, else 0 with zero gradient."""
    dtype = xp.dtype_name(y)
    nonzero = xp.abs(y) > eps
    quotient = xp.divide(x, xp.where(nonzero, y, xp.asarray(1.0, dtype)))
    return xp.where(nonzero, quotient, xp.asarray(0.0, dtype))


def exp_cap(dtype: str) -> float:
    """The largest argument ``safe_exp`` exponentiates for an input of ``dtype``.

    ``log(max) - 1/64``: ``exp`` of it is about 0.98 * max, so neither the value
    nor its cast back to ``dtype`` rounds up to infinity.
    """
    from nanguard.numerics._xp import finfo

    return math.log(finfo(dtype).max) - 1.0 / 64


def exp_kernel(xp: Any, x: Any, cap: float) -> Any:
    """``exp(min(x, cap))``; above ``cap`` the gradient stays ``exp(cap)`` (straight-through)."""
    dtype = xp.dtype_name(x)
    capped = xp.minimum(x, xp.asarray(cap, dtype))
    value = xp.exp(capped)
    # (x - stop_gradient(x)) is exactly 0 in value but has gradient 1, so this term
    # only adds the gradient exp(cap) where the clamp would have zeroed it.
    finite = xp.where(xp.isfinite(x), x, xp.asarray(0.0, dtype))
    above = xp.where(x > cap, xp.asarray(math.exp(cap), dtype), xp.asarray(0.0, dtype))
    return value + (finite - xp.stop_gradient(finite)) * above


def softplus_kernel(xp: Any, x: Any) -> Any:
    """``log(1 + exp(x))`` without overflow; gradient ``sigmoid(x)`` (exactly 0.5 at 0)."""
    dtype = xp.dtype_name(x)
    zero = xp.asarray(0.0, dtype)
    positive = x > 0
    xp_pos = xp.where(positive, x, zero)
    xp_neg = xp.where(positive, zero, x)
    return xp.where(positive, xp_pos + xp.log1p(xp.exp(-xp_pos)), xp.log1p(xp.exp(xp_neg)))


# -- public ops ----------------------------------------------------------------------------


def safe_log(x: Any, eps: float | None = None) -> Any:
    """Natural log that is finite, with a finite gradient, for every finite input.

    Naive ``log`` at the edge: ``log(0) = -inf`` with gradient ``inf``, and
    ``log(x < 0) = NaN``.

    Convention: ``safe_log(x) = log(max(x, eps))``. For ``x > eps`` value and
    gradient (``1/x``) are exact; for ``x <= eps`` (0, negatives, subnormals) the
    value is ``log(eps)`` and the gradient is 0. The largest gradient is ``1/eps``.

    ``eps`` defaults to ``finfo(dtype).tiny`` of the input dtype: 6.1e-5 for
    float16 (``log(eps) = -9.70``), 1.18e-38 for float32 and bfloat16 (-87.3),
    2.2e-308 for float64 (-708.4). Every normal positive input is therefore exact.

    Args:
        x: a float tensor or array.
        eps: the clamp, a positive number; ``None`` for the dtype default.

    Returns:
        ``log(max(x, eps))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(safe_log(np.float32(0.0)))
        -87.33654...
    """
    inp = float_inputs("safe_log", ("x", x))
    eps = resolve_eps(eps, inp.fi.tiny, "safe_log")
    return inp.out(log_clamped(inp.xp, inp.arrays[0], eps))


def safe_log1p(x: Any, eps: float | None = None) -> Any:
    """``log(1 + x)`` that is finite, with a finite gradient, for every finite input.

    Naive ``log1p`` at the edge: ``log1p(-1) = -inf`` with gradient ``inf``, and
    ``log1p(x < -1) = NaN``.

    Convention: ``safe_log1p(x) = log1p(max(x, eps - 1))``. Above ``eps - 1``
    value and gradient (``1/(1+x)``) are exact; at or below it the value is
    ``log(eps)`` and the gradient 0.

    ``eps`` defaults to ``finfo(dtype).eps / 2``, the gap between -1 and the next
    float above it, so every representable input above -1 is exact: 4.9e-4 for
    float16 (``log(eps) = -7.62``), 3.9e-3 for bfloat16, 6.0e-8 for float32
    (-16.6), 1.1e-16 for float64 (-36.7).

    Args:
        x: a float tensor or array.
        eps: a positive number; ``None`` for the dtype default.

    Returns:
        ``log1p(max(x, eps - 1))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(safe_log1p(np.float64(-1.0)))
        -36.7368...
    """
    inp = float_inputs("safe_log1p", ("x", x))
    eps = resolve_eps(eps, inp.fi.eps / 2, "safe_log1p")
    return inp.out(log1p_clamped(inp.xp, inp.arrays[0], eps))


def safe_sqrt(x: Any) -> Any:
    """Square root with a finite gradient at 0 and below.

    Naive ``sqrt`` at the edge: ``sqrt(0) = 0`` but its gradient is ``inf`` (and
    ``0 * inf = NaN`` once chained); ``sqrt(x < 0) = NaN``.

    Convention: ``safe_sqrt(x) = sqrt(max(x, 0))``; gradient ``0.5/sqrt(x)`` for
    ``x > 0`` and ``safe_sqrt'(x) = 0`` for ``x <= 0``. No ``eps``: every
    positive input is exact and its gradient is finite in every dtype (the largest,
    at the smallest positive input, is 2048 for float16 and < 1e162 for float64).

    Args:
        x: a float tensor or array.

    Returns:
        ``sqrt(max(x, 0))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(safe_sqrt(np.float32(-4.0)))
        0.0
    """
    inp = float_inputs("safe_sqrt", ("x", x))
    return inp.out(sqrt_kernel(inp.xp, inp.arrays[0]))


def safe_div(x: Any, y: Any, eps: float | None = None) -> Any:
    """Division that returns 0 (with zero gradient) where the divisor is ~0.

    Naive ``x / y`` at the edge: ``x/0 = ±inf``, ``0/0 = NaN``; the gradient with
    respect to ``y``, ``-x/y**2``, is infinite.

    Convention: ``x / y`` exactly where ``|y| > eps``; elsewhere the value is 0
    and both gradients are 0 (as ``tf.math.divide_no_nan``, but also finite in
    the gradient). ``eps`` defaults to ``finfo(dtype).tiny`` (6.1e-5 for float16,
    1.2e-38 for float32/bfloat16, 2.2e-308 for float64), so the gradient with
    respect to ``x`` is at most ``1/tiny``, finite in the input dtype.

    Exceptions: where ``|x/y|`` exceeds the dtype's max the value overflows to
    ``±inf`` (the true quotient is not representable), and where ``|x|/y**2``
    does, so does the gradient with respect to ``y``.

    Args:
        x: numerator (float tensor, array or Python number).
        y: denominator.
        eps: a positive number; ``None`` for the dtype default.

    Returns:
        The quotient, broadcast, in the wider input dtype.

    Raises:
        InvalidDTypeError: ``x`` or ``y`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(safe_div(np.float32(1.0), np.float32(0.0)))
        0.0
    """
    inp = float_inputs("safe_div", ("x", x), ("y", y))
    eps = resolve_eps(eps, inp.fi.tiny, "safe_div")
    return inp.out(div_kernel(inp.xp, inp.arrays[0], inp.arrays[1], eps))


def safe_reciprocal(x: Any, eps: float | None = None) -> Any:
    """``1 / x`` that is 0 (with zero gradient) where ``|x| <= eps``.

    Naive ``1/x`` at the edge: ``1/0 = inf``, gradient ``-1/x**2 = -inf``.
    Convention and ``eps`` (default ``finfo(dtype).tiny``) as :func:`safe_div`
    with numerator 1. Exception: the gradient ``-1/x**2`` overflows where
    ``|x| < 1/sqrt(max)`` (e.g. ``|x| < 3.9e-3`` in float16).

    Args:
        x: a float tensor or array.
        eps: a positive number; ``None`` for the dtype default.

    Returns:
        ``1/x`` or 0, in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(safe_reciprocal(np.float32(0.0)))
        0.0
    """
    inp = float_inputs("safe_reciprocal", ("x", x))
    eps = resolve_eps(eps, inp.fi.tiny, "safe_reciprocal")
    one = inp.const(1.0)
    return inp.out(div_kernel(inp.xp, one, inp.arrays[0], eps))


def safe_pow(x: Any, p: Any, eps: float | None = None) -> Any:
    """``x ** p`` for a non-negative base, finite at 0 for fractional and negative ``p``.

    Naive ``pow`` at the edge: ``pow(0, p<1)`` has gradient ``p * 0**(p-1) = inf``;
    ``pow(x<0, fractional p) = NaN``; ``pow(0, p<0) = inf``; the gradient with
    respect to ``p``, ``x**p * log(x)``, is ``0 * -inf = NaN`` at ``x = 0``.

    Convention: the base is treated as non-negative. For ``p >= 0`` and ``x > 0``
    the value and both gradients are exact; for ``x <= 0`` the value is 0 (``p > 0``)
    or 1 (``p == 0``) and both gradients are 0. For ``p < 0`` the base is clamped
    to ``max(x, eps)``, so ``x <= eps`` gives ``eps ** p`` with zero gradient in
    ``x``. ``eps`` defaults to ``finfo(dtype).tiny``. Use ``x * x`` (not this op)
    for integer powers of signed values.

    Exceptions (the true result is not representable): ``eps ** p`` overflows for
    ``p < -1`` (e.g. ``p = -2`` in float32), and the gradient ``p * x**(p-1)``
    overflows where it exceeds the dtype's max (small ``x`` with ``p < 1``,
    e.g. ``x < 1e-7`` with ``p = 0.1`` in float16).

    Args:
        x: the base, a float tensor or array.
        p: the exponent, a Python number or a float tensor broadcastable to ``x``.
        eps: the base clamp for negative exponents; ``None`` for the dtype default.

    Returns:
        The power in the wider input dtype.

    Raises:
        InvalidDTypeError: ``x`` or ``p`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(safe_pow(np.float32(0.0), 0.5))
        0.0
    """
    inp = float_inputs("safe_pow", ("x", x), ("p", p))
    eps = resolve_eps(eps, inp.fi.tiny, "safe_pow")
    xp, (base, power) = inp.xp, inp.arrays
    zero, one, eps_c = inp.const(0.0), inp.const(1.0), inp.const(eps)
    negative = power < 0
    # p < 0: clamp the base to eps (never 0); p >= 0: only a positive base is powered.
    clamped = xp.where(negative, xp.maximum(base, eps_c), base)
    use_pow = clamped > 0
    safe_base = xp.where(use_pow, clamped, one)
    fallback = xp.where(power > 0, zero, one)
    return inp.out(xp.where(use_pow, xp.power(safe_base, power), fallback))


def safe_exp(x: Any) -> Any:
    """``exp`` that saturates below the dtype's max instead of overflowing.

    Naive ``exp`` at the edge: ``exp(x) = inf`` (and so is the gradient) once
    ``x > log(max)``: 11.09 for float16, 88.72 for float32/bfloat16, 709.78 for
    float64.

    Convention: ``safe_exp(x) = exp(min(x, cap))`` with ``cap = log(max) - 1/64``
    of the input dtype (11.07, 88.71, 709.77), so the value never exceeds about
    0.98 * max. Up to ``cap`` value and gradient are exact. Above it the gradient
    is *not* zeroed (as a clip would): it stays ``exp(cap)``, so an optimizer is
    still pushed back down. No ``eps``. Exception: inputs in ``(cap, log(max)]``,
    where the naive value is still finite, get ``exp(cap)`` (within 1.6%).

    Args:
        x: a float tensor or array.

    Returns:
        ``exp(min(x, cap))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> bool(np.isfinite(safe_exp(np.float32(1000.0))))
        True
    """
    inp = float_inputs("safe_exp", ("x", x))
    return inp.out(exp_kernel(inp.xp, inp.arrays[0], exp_cap(inp.dtype)))


def _inverse_trig(name: str, x: Any) -> Any:
    inp = float_inputs(f"safe_{name}", ("x", x))
    xp, (v,) = inp.xp, inp.arrays
    inside = xp.abs(v) < 1
    safe = xp.where(inside, v, inp.const(0.0))
    if name == "acos":
        value, at_plus, at_minus = xp.acos(safe), 0.0, math.pi
    else:
        value, at_plus, at_minus = xp.asin(safe), math.pi / 2, -math.pi / 2
    edge = xp.where(v > 0, inp.const(at_plus), inp.const(at_minus))
    return inp.out(xp.where(inside, value, edge))


def safe_acos(x: Any) -> Any:
    """``acos`` with a finite gradient at ±1 and a value outside [-1, 1].

    Naive ``acos`` at the edge: ``acos(±1)`` is finite but its gradient
    ``-1/sqrt(1 - x**2)`` is ``-inf``; ``acos(|x| > 1) = NaN`` (a cosine computed
    as 1.0000001 by rounding is enough).

    Convention: for ``|x| < 1`` value and gradient are exact (the largest gradient,
    next to ±1, is about 32 in float16, 2.9e3 in float32, 6.7e7 in float64); for
    ``x >= 1`` the value is 0, for ``x <= -1`` it is pi, and there
    ``safe_acos'(x) = 0``, like ``safe_sqrt'(0)``: at ``x = 1`` the angle is at
    its minimum. No ``eps``.

    Args:
        x: a float tensor or array.

    Returns:
        ``acos(clip(x, -1, 1))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(safe_acos(np.float32(1.0000001)))
        0.0
    """
    return _inverse_trig("acos", x)


def safe_asin(x: Any) -> Any:
    """``asin`` with a finite gradient at ±1 and a value outside [-1, 1].

    Naive ``asin`` at the edge: ``asin(±1) = ±pi/2`` with gradient
    ``1/sqrt(1 - x**2) = inf``; ``asin(|x| > 1) = NaN``.

    Convention: exact for ``|x| < 1``; ``x >= 1`` gives pi/2, ``x <= -1`` gives
    -pi/2, and ``safe_asin'(x) = 0`` there. No ``eps``.

    Args:
        x: a float tensor or array.

    Returns:
        ``asin(clip(x, -1, 1))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> round(float(safe_asin(np.float64(-1.5))), 4)
        -1.5708
    """
    return _inverse_trig("asin", x)


def softplus(x: Any) -> Any:
    """``log(1 + exp(x))`` without overflow.

    Naive formula at the edge: ``exp(x)`` overflows for ``x > log(max)`` (11.09 in
    float16), giving ``inf`` for a value that is really about ``x``; the gradient
    ``exp(x)/(1+exp(x))`` becomes ``inf/inf = NaN``. ``max(x, 0) + log1p(exp(-|x|))``
    fixes the value but has gradient 1 (not 0.5) at exactly 0 in TensorFlow.

    Convention: computed as ``x + log1p(exp(-x))`` for ``x > 0`` and
    ``log1p(exp(x))`` otherwise, each side fed only its own inputs. Value exact
    (finite for every finite input); gradient ``sigmoid(x)`` everywhere, 0.5 at
    0, always in [0, 1]. No ``eps``.

    Args:
        x: a float tensor or array.

    Returns:
        ``softplus(x)`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(softplus(np.float32(1000.0)))
        1000.0
    """
    inp = float_inputs("softplus", ("x", x))
    return inp.out(softplus_kernel(inp.xp, inp.arrays[0]))


def log_sigmoid(x: Any) -> Any:
    """``log(sigmoid(x)) = -softplus(-x)`` without underflow.

    Naive formula at the edge: ``sigmoid(x)`` underflows to 0 for ``x < -88``
    (float32; -17 in float16) so ``log`` gives ``-inf`` and the gradient NaN.

    Convention: exact value (about ``x`` for very negative ``x``), finite for every
    finite input; gradient ``sigmoid(-x)``, in [0, 1]. No ``eps``.

    Args:
        x: a float tensor or array.

    Returns:
        ``log(sigmoid(x))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(log_sigmoid(np.float32(-1000.0)))
        -1000.0
    """
    inp = float_inputs("log_sigmoid", ("x", x))
    return inp.out(-softplus_kernel(inp.xp, -inp.arrays[0]))


def log1mexp(x: Any, eps: float | None = None) -> Any:
    """``log(1 - exp(x))`` for ``x < 0``, accurate and finite at 0.

    Naive formula at the edge: at ``x = 0`` it is ``log(0) = -inf`` with gradient
    ``-inf``; for ``x > 0`` it is NaN; near 0, ``1 - exp(x)`` cancels
    catastrophically, and for very negative ``x`` ``log(1 - exp(x))`` rounds to 0.

    Convention: ``x`` is clamped to ``min(x, -eps)`` (gradient 0 at or above
    ``-eps``), then computed as ``log(-expm1(x))`` for ``x > -log 2`` and
    ``log1p(-exp(x))`` below (Maechler 2012). ``eps`` defaults to
    ``finfo(dtype).tiny``, giving ``log1mexp(0) = log(tiny)`` (-9.70 in float16,
    -87.3 in float32) and a largest gradient of ``1/tiny``.

    Args:
        x: a float tensor or array (meant to be <= 0).
        eps: a positive number; ``None`` for the dtype default.

    Returns:
        ``log(1 - exp(min(x, -eps)))`` in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> round(float(log1mexp(np.float64(-1e-20))), 2)
        -46.05
    """
    inp = float_inputs("log1mexp", ("x", x))
    eps = resolve_eps(eps, inp.fi.tiny, "log1mexp")
    xp, (v,) = inp.xp, inp.arrays
    clamped = xp.minimum(v, inp.const(-eps))
    near = clamped > -math.log(2.0)
    minus_one = inp.const(-1.0)
    a = xp.where(near, clamped, minus_one)
    b = xp.where(near, minus_one, clamped)
    return inp.out(xp.where(near, xp.log(-xp.expm1(a)), xp.log1p(-xp.exp(b))))


def xlogy(x: Any, y: Any, eps: float | None = None) -> Any:
    """``x * log(y)`` with ``0 * log(0) = 0``, finite in value and gradient.

    Naive ``x * log(y)`` at the edge: ``0 * log(0) = 0 * -inf = NaN``; the gradient
    with respect to ``y``, ``x/y``, is ``0/0 = NaN``; with respect to ``x`` it is
    ``log(0) = -inf``.

    Convention: ``xlogy(x, y) = x * safe_log(y, eps)``. So ``x = 0`` gives 0 with
    gradient 0 in ``y``; ``y <= eps`` uses ``log(eps)`` (gradient ``log(eps)`` in
    ``x``, 0 in ``y``); elsewhere value and gradients are exact. ``eps`` defaults
    to ``finfo(dtype).tiny`` as in :func:`safe_log`. Exceptions (the true result
    is not representable): the value overflows where ``|x * log(y)| > max`` and
    the ``y``-gradient where ``|x/y| > max``.

    Args:
        x: a float tensor, array or Python number.
        y: a float tensor or array.
        eps: a positive number; ``None`` for the dtype default.

    Returns:
        ``x * log(max(y, eps))`` in the wider input dtype.

    Raises:
        InvalidDTypeError: ``x`` or ``y`` is not floating point.
        InvalidArgumentError: ``eps <= 0``.

    Example:
        >>> float(xlogy(np.float32(0.0), np.float32(0.0))) == 0.0
        True
    """
    inp = float_inputs("xlogy", ("x", x), ("y", y))
    eps = resolve_eps(eps, inp.fi.tiny, "xlogy")
    a, b = inp.arrays
    return inp.out(a * log_clamped(inp.xp, b, eps))
