"""Distance losses: cosine, euclidean, angular and contrastive.

These fail at their edges through a norm: the gradient of ``sqrt(sum(x**2))`` at
a zero vector (a zero embedding, or two identical embeddings) is NaN, and
``acos`` of a cosine that rounds to ±1 has an infinite gradient. Each returns
the per-sample value (the last axis reduced), in float32 for 16-bit inputs.
"""

from __future__ import annotations

import math
from typing import Any

from nanguard.errors import InvalidArgumentError
from nanguard.numerics._elementwise import sqrt_kernel
from nanguard.numerics._inputs import Inputs, float_inputs
from nanguard.numerics._loss_api import check_same_shape, loss_function
from nanguard.numerics._loss_common import loss_inputs
from nanguard.numerics._reductions import norm_kernel_keep

__all__ = ["cosine_distance", "euclidean_distance", "angular_distance", "contrastive"]


def unit_vectors(xp: Any, x: Any, tiny: float) -> Any:
    """``x / |x|`` along the last axis, computed on ``x / max|x|`` so nothing overflows.

    A vector whose largest magnitude is at most ``tiny`` gives 0 (gradient 0).
    With ``m = max|x|`` held constant the gradient is the exact
    ``(I - u u^T) / |x|``, at most ``2/|x| <= 2/tiny``.
    """
    dtype = xp.dtype_name(x)
    largest = xp.stop_gradient(xp.max(xp.abs(x), axis=-1, keepdims=True))
    big = largest > tiny
    # divide (not `/`): XLA would fold the two divisions into x / (largest * length),
    # whose product overflows.
    scaled = xp.divide(x, xp.where(big, largest, xp.asarray(1.0, dtype)))
    length = sqrt_kernel(xp, xp.sum(scaled * scaled, axis=-1, keepdims=True))  # in [1, sqrt(n)]
    unit = xp.divide(scaled, xp.where(big, length, xp.asarray(1.0, dtype)))
    return xp.where(big, unit, xp.asarray(0.0, dtype))


def _cosine(inp: Inputs, a: Any, b: Any) -> Any:
    """Cosine similarity; a vector whose largest entry is at most ``tiny`` counts as zero."""
    xp, tiny = inp.xp, inp.fi.tiny
    return xp.sum(unit_vectors(xp, a, tiny) * unit_vectors(xp, b, tiny), axis=-1)


@loss_function
def cosine_distance(y_true: Any, y_pred: Any) -> Any:
    """``1 - cos(y_true, y_pred)`` over the last axis, safe for zero vectors.

    Naive edge: ``dot / (|a| |b|)`` is ``0/0 = NaN`` for a zero vector, and the
    gradient of ``|a|`` at 0 is NaN; ``dot`` and ``|a| |b|`` overflow for large
    vectors although the cosine is in [-1, 1].

    Convention: each vector is first divided by its largest magnitude (held
    constant), then by its norm, so neither the norm nor the dot product can
    overflow. A vector whose largest magnitude is at most ``finfo(dtype).tiny``
    normalizes to 0, so the distance is 1 with gradient 0. The gradient is
    otherwise exact and at most ``2/|a|``, finite because ``|a| > tiny``. No
    ``eps`` option.

    Args:
        y_true: vectors, same shape as ``y_pred``.
        y_pred: vectors (floating point).

    Returns:
        Per-sample distance in [0, 2].

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(cosine_distance(np.zeros(3), np.ones(3, np.float32)))
        1.0
    """
    inp = loss_inputs("cosine_distance", y_true, y_pred)
    pred, true = inp.arrays
    return 1.0 - _cosine(inp, true, pred)


@loss_function
def euclidean_distance(y_true: Any, y_pred: Any) -> Any:
    """``|y_pred - y_true|`` over the last axis, with gradient 0 at zero distance.

    Naive edge: ``sqrt(sum((a - b)**2))`` has gradient ``(a - b)/0 = NaN`` when the
    vectors coincide, and the squares overflow for large differences.

    Convention: ``2 * safe_norm(a/2 - b/2)`` (computed in float32 for 16-bit
    inputs): the halved difference cannot overflow, so the value is exact and
    overflows only where the true distance exceeds the max. Gradient
    ``(a - b)/|a - b|`` (unit length), 0 at zero distance.

    Args:
        y_true: vectors, same shape as ``y_pred``.
        y_pred: vectors (floating point).

    Returns:
        Per-sample distance.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(euclidean_distance(np.zeros(2), np.array([3.0, 4.0], np.float32)))
        5.0
    """
    inp = loss_inputs("euclidean_distance", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    return _distance(xp, pred, true)


def _distance(xp: Any, a: Any, b: Any) -> Any:
    """``|a - b|`` over the last axis as ``2 |a/2 - b/2|``: the difference cannot overflow."""
    return 2.0 * xp.sum(norm_kernel_keep(xp, 0.5 * a - 0.5 * b, -1), axis=-1)


@loss_function
def angular_distance(y_true: Any, y_pred: Any) -> Any:
    """Angle between the vectors divided by pi, in [0, 1], via a safe ``acos``.

    Naive edge: ``acos(cos)`` has an infinite gradient at ``cos = ±1`` (identical
    or opposite vectors) and is NaN when rounding pushes the cosine past ±1; the
    cosine itself is NaN for a zero vector.

    Convention: the cosine of :func:`cosine_distance` (zero vector -> cosine 0,
    angle 1/2) fed to :func:`safe_acos`: at ``|cos| >= 1`` the value is 0 or 1
    and the gradient 0; elsewhere exact. The largest gradient, just inside ±1,
    is about ``1/(pi sqrt(eps))`` times ``2/|a|``. Exception: for vectors whose
    norm is within a few orders of magnitude of ``finfo(dtype).tiny`` that
    product can overflow.

    Args:
        y_true: vectors, same shape as ``y_pred``.
        y_pred: vectors (floating point).

    Returns:
        Per-sample angle / pi.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(angular_distance(np.array([1.0, 0.0]), np.array([-2.0, 0.0], np.float32)))
        1.0
    """
    inp = loss_inputs("angular_distance", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    cos = _cosine(inp, true, pred)
    inside = xp.abs(cos) < 1
    safe = xp.where(inside, cos, inp.const(0.0))
    edge = xp.where(cos > 0, inp.const(0.0), inp.const(1.0))
    return xp.where(inside, xp.acos(safe) / math.pi, edge)


@loss_function
def contrastive(y_true: Any, y_pred: Any, margin: float = 1.0) -> Any:
    """Contrastive loss (Hadsell et al. 2006) on pairs of embeddings, safe at distance 0.

    ``y d**2 + (1 - y) max(margin - d, 0)**2`` with ``d`` the Euclidean distance
    between the pair. ``y_pred`` holds both embeddings stacked on the
    second-to-last axis, shape ``(..., 2, D)``; ``y_true`` (1 = similar pair) has
    shape ``(...)`` (a trailing axis of length 1 is accepted).

    Naive edge: ``d = sqrt(sum((a - b)**2))`` has gradient NaN when the two
    embeddings coincide, which is exactly where a similar pair is driven.

    Convention: ``d`` from :func:`safe_norm` (gradient 0 at ``d = 0``) and ``d**2``
    as ``d * d`` (gradient ``2 (a - b)``, 0 at 0). For a dissimilar pair at
    ``d = 0`` the gradient is therefore 0 (the direction to move apart is
    undefined). ``d`` is computed as in :func:`euclidean_distance` (no overflow
    of the difference); a dissimilar pair's loss is never ``0 * inf``.
    Exception: ``y d**2`` overflows where it exceeds the max.

    Args:
        y_true: pair labels, 1 for similar and 0 for dissimilar.
        y_pred: embedding pairs, shape ``(..., 2, D)``.
        margin: non-negative margin for dissimilar pairs.

    Returns:
        Per-pair loss, shape ``y_pred.shape[:-2]``.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: ``y_pred`` is not ``(..., 2, D)``, ``y_true`` does
            not match its leading shape, or ``margin < 0``.

    Example:
        >>> pair = np.zeros((1, 2, 3), np.float32)
        >>> float(contrastive(np.array([0.0]), pair)[0])
        1.0
    """
    inp = float_inputs("contrastive", ("y_pred", y_pred), ("y_true", y_true), labels=("y_true",))
    xp, (pairs, labels) = inp.xp, inp.arrays
    shape = tuple(xp.shape(pairs))
    if len(shape) < 2 or shape[-2] not in (2, None):
        raise InvalidArgumentError(
            "y_pred",
            f"shape {shape}",
            "a stack of embedding pairs of shape (..., 2, D)",
            hint="(contrastive) Stack the two embeddings on axis -2.",
        )
    while len(xp.shape(labels)) > len(shape) - 2 and xp.shape(labels)[-1] == 1:
        labels = xp.sum(labels, axis=-1)  # drop trailing length-1 axes exactly
    distance = _distance(xp, pairs[..., 0, :], pairs[..., 1, :])
    check_same_shape("contrastive", xp, labels, distance)
    zero = inp.const(0.0)
    similar = labels > 0
    # Double where: a dissimilar pair must not see 0 * d**2 = 0 * inf = NaN.
    pulled = xp.where(similar, distance, zero)
    pull = xp.where(similar, labels * pulled * pulled, zero)
    gap = xp.maximum(inp.const(margin) - distance, zero)
    return pull + (1.0 - labels) * gap * gap
