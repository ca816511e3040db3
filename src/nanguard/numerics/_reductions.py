"""Safe reductions: norms, log-sum-exp, (masked) softmax and masked means.

A reduction fails at its edge when a whole row is degenerate: all zeros (norm),
all ``-inf`` or all masked (softmax, log-sum-exp), empty (mean), or when a sum
of squares or of exponentials overflows although the result would not.
"""

from __future__ import annotations

from typing import Any

from nanguard.numerics._elementwise import sqrt_kernel
from nanguard.numerics._inputs import Inputs, float_inputs

__all__ = ["safe_norm", "logsumexp", "log_softmax", "masked_softmax", "safe_mean"]


def softmax_parts(inp: Inputs, x: Any, mask: Any, axis: int) -> tuple[Any, ...]:
    """Shared core of logsumexp/log_softmax/softmax.

    Returns ``(shifted, exps, total, has_mass, peak)``: ``x - max`` (0 where
    masked), its ``exp`` (0 where masked), their sum (1 where the row has no mass,
    so it is safe to divide by or take the log of), whether the row had any mass,
    and the (constant) row max used for the shift (0 for a row with no mass).
    """
    xp = inp.xp
    zero = inp.const(0.0)
    neg_inf = inp.const(float("-inf"))
    visible = x if mask is None else xp.where(mask, x, neg_inf)
    peak = xp.stop_gradient(xp.max(visible, axis=axis, keepdims=True))
    peak = xp.where(xp.isfinite(peak), peak, zero)  # all -inf/masked row: shift by 0
    shifted = x - peak
    if mask is not None:
        shifted = xp.where(mask, shifted, zero)  # masked entries see exp(0), never inf
    exps = xp.exp(shifted)
    if mask is not None:
        exps = xp.where(mask, exps, zero)
    total = xp.sum(exps, axis=axis, keepdims=True)
    has_mass = total > 0
    return shifted, exps, xp.where(has_mass, total, inp.const(1.0)), has_mass, peak


def _mask_input(inp: Inputs, mask: Any) -> Any:
    if mask is None:
        return None
    xp = inp.xp
    mask = xp.asarray(mask)
    if xp.dtype_name(mask) != "bool":
        mask = xp.logical_not(xp.equal(mask, xp.asarray(0, xp.dtype_name(mask))))
    return mask


def safe_norm(x: Any, axis: Any = -1, keepdims: bool = False) -> Any:
    """Euclidean norm with a zero gradient at the zero vector and no overflow.

    Naive ``sqrt(sum(x**2))`` at the edge: at ``x = 0`` the gradient is
    ``x/0 = NaN``; ``x**2`` overflows (to ``inf``) for ``|x| > sqrt(max)`` (256 in
    float16, 1.8e19 in float32) and underflows to 0 for tiny ``x``, although the
    norm itself is representable.

    Convention: computed as ``m * sqrt(sum((x/m)**2))`` with ``m = max|x|``
    (held constant for the gradient, which is still exact because the norm is
    homogeneous). The gradient is ``x / norm``, each component in [-1, 1], and
    ``0`` at the zero vector. No ``eps``. Exception: the value overflows to
    ``inf`` only when the true norm exceeds the dtype's max.

    Args:
        x: a float tensor or array.
        axis: axis or axes to reduce; ``None`` for all.
        keepdims: keep reduced axes with length 1.

    Returns:
        The norm in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(safe_norm(np.array([3e200, 4e200]))) / 1e200  # naive: sqrt(inf) = inf
        5.0
    """
    inp = float_inputs("safe_norm", ("x", x))
    xp, (v,) = inp.xp, inp.arrays
    norm = norm_kernel_keep(xp, v, axis)
    if not keepdims:
        norm = _squeeze(xp, norm, axis)
    return inp.out(norm)


def norm_kernel_keep(xp: Any, x: Any, axis: Any) -> Any:
    """Scaled 2-norm with reduced axes kept (length 1)."""
    dtype = xp.dtype_name(x)
    largest = xp.stop_gradient(xp.max(xp.abs(x), axis=axis, keepdims=True))
    scale = xp.where(largest > 0, largest, xp.asarray(1.0, dtype))
    scaled = xp.divide(x, scale)  # not `/`: XLA makes it x * (1/s), and 1/s flushes to 0
    return scale * sqrt_kernel(xp, xp.sum(scaled * scaled, axis=axis, keepdims=True))


def _squeeze(xp: Any, x: Any, axis: Any) -> Any:
    # Summing over a length-1 axis removes it exactly (the value is unchanged).
    return xp.sum(x, axis=axis, keepdims=False)


def logsumexp(x: Any, axis: Any = -1, keepdims: bool = False, mask: Any = None) -> Any:
    """``log(sum(exp(x)))`` without overflow, finite in gradient for every row.

    Naive formula at the edge: ``exp`` overflows for ``x > log(max)`` (11.09 in
    float16, 88.7 in float32), giving ``inf``; for a row that is entirely ``-inf``
    (or fully masked) even the max-shifted version computes ``-inf - -inf = NaN``.

    Convention: ``max + log(sum(exp(x - max)))``, with the max held constant.
    Finite inputs give the exact value (finite unless the true value exceeds the
    dtype's max) and the exact gradient ``softmax(x)``, in [0, 1]. A row with no
    mass (all ``-inf``, or all masked out) gives ``-inf``, its true value, with
    gradient 0. No ``eps``.

    Args:
        x: a float tensor or array.
        axis: the axis to reduce.
        keepdims: keep the reduced axis with length 1.
        mask: optional boolean (or 0/1) array broadcastable to ``x``; False
            entries are left out of the sum.

    Returns:
        The log-sum-exp in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(logsumexp(np.array([1000.0, 1000.0], np.float32)))
        1000.6931...
    """
    inp = float_inputs("logsumexp", ("x", x))
    xp, (v,) = inp.xp, inp.arrays
    mask = _mask_input(inp, mask)
    _, _, total, has_mass, peak = softmax_parts(inp, v, mask, axis)
    lse = xp.where(has_mass, peak + xp.log(total), inp.const(float("-inf")))
    if not keepdims:
        lse = _squeeze(xp, lse, axis)
    return inp.out(lse)


def log_softmax_kernel(inp: Inputs, x: Any, mask: Any, axis: int) -> Any:
    """Log-probabilities saturated at ``-max`` of the input dtype (0 where masked)."""
    xp = inp.xp
    shifted, _, total, _, _ = softmax_parts(inp, x, mask, axis)
    out = shifted - xp.log(total)
    lowest = inp.const(-inp.fi.max)
    out = xp.where(out > lowest, out, lowest)
    return out if mask is None else xp.where(mask, out, lowest)


def log_softmax(x: Any, axis: int = -1, mask: Any = None) -> Any:
    """Log of the softmax, finite for every finite input.

    Naive ``log(softmax(x))`` at the edge: the softmax underflows to 0 for logits
    far below the row's max, and ``log(0) = -inf``; the result then poisons
    ``0 * log_p`` terms of a loss with NaN. An all ``-inf`` (or fully masked) row
    gives NaN.

    Convention: ``x - max - log(sum(exp(x - max)))``, exact where it is
    representable, saturated at ``-finfo(dtype).max`` (the finite stand-in for
    ``log 0``, with gradient 0 there). Masked-out entries and rows with no mass
    also give ``-finfo(dtype).max`` with gradient 0. Gradient elsewhere:
    ``onehot - softmax``, bounded. No ``eps``.

    Args:
        x: a float tensor or array of logits.
        axis: the class axis.
        mask: optional boolean (or 0/1) array broadcastable to ``x``.

    Returns:
        Log-probabilities in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> log_softmax(np.array([60000.0, -60000.0], np.float16)).tolist()
        [0.0, -65504.0]
    """
    inp = float_inputs("log_softmax", ("x", x))
    return inp.out(log_softmax_kernel(inp, inp.arrays[0], _mask_input(inp, mask), axis))


def masked_softmax(logits: Any, mask: Any, axis: int = -1) -> Any:
    """Softmax over the unmasked entries; a fully masked row is all zeros.

    Naive ``softmax(where(mask, x, -inf))`` at the edge: a fully masked row is
    ``exp(-inf - -inf) = NaN``, and the NaN gradient reaches every logit of the
    row; ``where(mask, x, -1e9)`` instead spreads probability over masked entries
    (and -1e9 overflows float16).

    Convention: masked entries get probability 0 and gradient 0; a row with no
    unmasked entry is all zeros with gradient 0; other rows are the exact
    softmax of their unmasked entries. No ``eps``.

    Args:
        logits: a float tensor or array.
        mask: boolean (or 0/1) array broadcastable to ``logits``; True = keep.
        axis: the class axis.

    Returns:
        Probabilities in ``logits``'s dtype.

    Raises:
        InvalidDTypeError: ``logits`` is not floating point.

    Example:
        >>> masked_softmax(np.zeros((1, 2), np.float32), np.array([[False, False]])).tolist()
        [[0.0, 0.0]]
    """
    inp = float_inputs("masked_softmax", ("logits", logits))
    xp = inp.xp
    mask = _mask_input(inp, mask)
    _, exps, total, _, _ = softmax_parts(inp, inp.arrays[0], mask, axis)
    return inp.out(xp.where(mask, exps / total, inp.const(0.0)))


def safe_mean(x: Any, mask: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean over the entries where ``mask`` is True; 0 (with zero gradient) when none are.

    Naive ``sum(x * mask) / sum(mask)`` at the edge: an empty mask gives
    ``0/0 = NaN`` in value and gradient; ``x * mask`` turns a NaN or inf in a
    masked-out entry into NaN; the sum can overflow (a float16 sum of three
    30000s) although the mean would not.

    Convention: masked-out entries are replaced by 0 before anything else (their
    gradient is 0); each entry is divided by the count before summing, and 16-bit
    inputs are accumulated in float32, so the sum cannot overflow; an empty row
    gives 0 with gradient 0. No ``eps``.

    Args:
        x: a float tensor or array.
        mask: optional boolean (or 0/1) array broadcastable to ``x``; ``None``
            means every entry counts.
        axis: axis or axes to average over; ``None`` for all.
        keepdims: keep reduced axes with length 1.

    Returns:
        The mean in ``x``'s dtype.

    Raises:
        InvalidDTypeError: ``x`` is not floating point.

    Example:
        >>> float(safe_mean(np.ones(3, np.float32), mask=np.zeros(3, bool)))
        0.0
    """
    inp = float_inputs("safe_mean", ("x", x))
    xp, (v,) = inp.xp, inp.arrays
    zero, one = inp.const(0.0), inp.const(1.0)
    mask = _mask_input(inp, mask)
    ones = xp.where(xp.isfinite(v), one, one)  # ones shaped like x, in any backend
    if mask is None:
        weights = ones
    else:
        weights = xp.where(mask, ones, zero)
        v = xp.where(mask, v, zero)
    count = xp.sum(weights, axis=axis, keepdims=True)
    has = count > 0
    mean = xp.sum(v / xp.where(has, count, one), axis=axis, keepdims=keepdims)
    return inp.out(mean)
