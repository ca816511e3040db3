"""Elementwise safe ops around exp, inverse trig and sigmoid: finite value and gradient.

Same conventions as :mod:`nanguard.numerics._elementwise`: 16-bit inputs computed
in float32, thresholds from the input dtype, double ``where`` so a discarded side
never sees an input where its gradient is infinite.
"""

from __future__ import annotations

import math
from typing import Any

from nanguard.numerics._inputs import float_inputs, resolve_eps
from nanguard.numerics._xp import finfo

__all__ = [
    "safe_exp",
    "safe_acos",
    "safe_asin",
    "softplus",
    "log_sigmoid",
    "log1mexp",
    "exp_cap",
    "exp_kernel",
    "softplus_kernel",
]


# -- kernels on compute-dtype arrays (also used by the losses) ---------------------------


def exp_cap(dtype: str) -> float:
    """The largest argument ``safe_exp`` exponentiates for an input of ``dtype``.

    ``log(max) - 1/64``: ``exp`` of it is about 0.98 * max, so neither the value
    nor its cast back to ``dtype`` rounds up to infinity.
    """
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
