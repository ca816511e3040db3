"""Elementwise safe ops around log, division and powers: finite value and gradient at every edge.

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

from typing import Any

from nanguard.numerics._inputs import float_inputs, resolve_eps

__all__ = [
    "safe_log",
    "safe_log1p",
    "safe_sqrt",
    "safe_div",
    "safe_reciprocal",
    "safe_pow",
    "xlogy",
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
