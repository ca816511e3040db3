"""Classification losses: binary/categorical cross-entropy, focal, KL divergence, dice.

Each returns the per-sample loss (the last axis reduced), in float32 for 16-bit
predictions and in the prediction's dtype otherwise. Targets may be integer
or boolean; they are cast to the prediction's compute dtype.
"""

from __future__ import annotations

from typing import Any

from nanguard.numerics._elementwise import div_kernel, log1p_clamped, log_clamped
from nanguard.numerics._loss_api import loss_function
from nanguard.numerics._loss_common import loss_inputs, mean_last
from nanguard.numerics._reductions import _mask_input, log_softmax_kernel
from nanguard.numerics._transcendental import softplus_kernel

__all__ = ["binary_crossentropy", "categorical_crossentropy", "focal", "kl_divergence", "dice"]


def _power(xp: Any, base: Any, gamma: float, inp: Any) -> Any:
    """``base ** gamma`` for ``base`` in [0, 1]: 0 (gradient 0) where ``base <= 0``."""
    if gamma == 0:
        return xp.where(xp.isfinite(base), inp.const(1.0), inp.const(1.0))
    positive = base > 0
    safe = xp.where(positive, base, inp.const(1.0))
    return xp.where(positive, xp.exp(gamma * xp.log(safe)), inp.const(0.0))


@loss_function
def binary_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, eps: float | None = None
) -> Any:
    """Binary cross-entropy from probabilities or logits, finite at 0 and 1.

    Naive edge: from probabilities, ``log(0) = -inf`` (and ``0 * log(0) = NaN``
    for the other label) with an infinite gradient; from logits,
    ``log(sigmoid(x))`` underflows to ``-inf`` for ``x < -88`` (float32).

    Convention: from logits (``from_logits=True``), ``softplus(x) - y x``, exact,
    finite for every finite input, gradient ``(sigmoid(x) - y)/n``. From
    probabilities, ``-(y safe_log(p) + (1 - y) safe_log1p(-p))``: ``log p`` is
    clamped at ``log(eps)`` with ``eps`` defaulting to ``finfo(dtype).tiny``
    (-87.3 in float32, -9.70 in float16) and ``log(1 - p)`` at
    ``log(finfo(dtype).eps / 2)``; beyond the clamps the gradient is 0.
    ``eps`` (probabilities only) must be positive.

    Args:
        y_true: labels in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        eps: the clamp for ``p``; ``None`` for the dtype default.

    Returns:
        Per-sample loss (mean over the last axis).

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ, or ``eps <= 0``.

    Example:
        >>> logits = np.array([-1e4], np.float32)
        >>> float(binary_crossentropy(np.array([1.0]), logits, from_logits=True))
        10000.0
    """
    inp = loss_inputs("binary_crossentropy", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    if from_logits:
        return mean_last(inp, softplus_kernel(xp, pred) - true * pred)
    eps = inp.fi.tiny if eps is None else eps
    log_p = log_clamped(xp, pred, eps)
    log_not_p = log1p_clamped(xp, -pred, inp.fi.eps / 2)
    return mean_last(inp, -(true * log_p + (1.0 - true) * log_not_p))


@loss_function
def categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, mask: Any = None
) -> Any:
    """Categorical cross-entropy over the last axis, with an optional class mask.

    Naive edge: ``-sum(y * log(softmax(x)))`` gives ``0 * -inf = NaN`` once a
    logit is far below the row's max; a fully masked row
    (``softmax(where(mask, x, -inf))``) gives NaN in value and gradient; from
    probabilities, ``log(0) = -inf``.

    Convention: from logits, ``-sum(where(mask, y * log_softmax(x), 0))`` with the
    log-softmax taken over unmasked classes only and saturated at
    ``-finfo(dtype).max`` (so ``y = 0`` entries always contribute 0); a fully
    masked row gives loss 0 and gradient 0. From probabilities,
    ``-sum(where(mask, y * safe_log(p), 0))`` (``log`` clamped at
    ``finfo(dtype).tiny``, gradient 0 below). Gradient from logits:
    ``(softmax(x) * sum(y) - y)`` over unmasked classes, bounded for bounded
    ``y``.

    Args:
        y_true: one-hot or soft targets, same shape as ``y_pred``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        mask: optional boolean (or 0/1) array broadcastable to ``y_pred``;
            False classes are left out.

    Returns:
        Per-sample loss (sum over the last axis).

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> logits = np.zeros((1, 3), np.float32)
        >>> categorical_crossentropy(
        ...     np.eye(3)[:1], logits, from_logits=True, mask=np.zeros((1, 3))
        ... ).tolist()
        [0.0]
    """
    inp = loss_inputs("categorical_crossentropy", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    mask = _mask_input(inp, mask)
    if from_logits:
        log_p = log_softmax_kernel(inp, pred, mask, -1)
    else:
        log_p = log_clamped(xp, pred, inp.fi.tiny)
    terms = true * log_p
    if mask is not None:
        terms = xp.where(mask, terms, inp.const(0.0))
    return 0.0 - xp.sum(terms, axis=-1)


@loss_function
def focal(
    y_true: Any,
    y_pred: Any,
    gamma: float = 2.0,
    alpha: float | None = None,
    from_logits: bool = False,
) -> Any:
    """Binary focal loss (Lin et al. 2017), finite at p = 0 and 1 and for any logit.

    ``-(a y (1-p)**gamma log p + (1-a)(1-y) p**gamma log(1-p))``, with
    ``a = alpha`` (or weights 1 when ``alpha`` is None).

    Naive edge: ``log(0) = -inf``; ``(1 - p)**gamma`` with fractional ``gamma``
    has an infinite gradient at ``p = 1``; from logits, ``sigmoid`` saturates and
    ``log`` of it is ``-inf``.

    Convention: from logits, ``log p = log_sigmoid(x)``, ``log(1-p) =
    log_sigmoid(-x)`` and the powers as ``exp(gamma * log_sigmoid(...))``: exact
    and finite for every finite logit. From probabilities, ``log`` clamped as in
    :func:`binary_crossentropy` and ``b**gamma`` taken as 0 with gradient 0 where
    ``b <= 0``.

    Args:
        y_true: labels in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        gamma: focusing exponent, non-negative.
        alpha: weight of the positive class in [0, 1], or None.
        from_logits: whether ``y_pred`` holds logits.

    Returns:
        Per-sample loss (mean over the last axis).

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ, ``gamma < 0`` or ``alpha`` outside [0, 1].

    Example:
        >>> float(focal(np.array([1.0]), np.array([1.0], np.float32)))
        0.0
    """
    inp = loss_inputs("focal", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    if from_logits:
        log_p = -softplus_kernel(xp, -pred)
        log_not_p = -softplus_kernel(xp, pred)
        weight_pos = xp.exp(gamma * log_not_p)  # (1 - p) ** gamma
        weight_neg = xp.exp(gamma * log_p)  # p ** gamma
    else:
        log_p = log_clamped(xp, pred, inp.fi.tiny)
        log_not_p = log1p_clamped(xp, -pred, inp.fi.eps / 2)
        weight_pos = _power(xp, 1.0 - pred, gamma, inp)
        weight_neg = _power(xp, pred, gamma, inp)
    a_pos, a_neg = (1.0, 1.0) if alpha is None else (alpha, 1.0 - alpha)
    loss = -(a_pos * true * weight_pos * log_p + a_neg * (1.0 - true) * weight_neg * log_not_p)
    return mean_last(inp, loss)


@loss_function
def kl_divergence(y_true: Any, y_pred: Any, from_logits: bool = False) -> Any:
    """KL divergence ``sum(y log(y / p))`` over the last axis, with ``0 log 0 = 0``.

    Naive edge: ``y log(y/p)`` is ``0 * log(0) = NaN`` where ``y = 0`` and
    ``+inf`` where ``p = 0 < y``; ``log(y/p)`` also overflows for tiny ``p``.

    Convention: ``sum(xlogy(y, y) - xlogy(y, p))`` (``xlogy`` with ``log`` clamped
    at ``finfo(dtype).tiny``), or ``sum(xlogy(y, y) - y * log_softmax(x))`` from
    logits; entries with ``y = 0`` contribute exactly 0 with gradient 0.

    Args:
        y_true: target distribution, same shape as ``y_pred``.
        y_pred: predicted probabilities, or logits with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.

    Returns:
        Per-sample divergence.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ.

    Example:
        >>> float(kl_divergence(np.array([0.0, 1.0]), np.array([0.0, 1.0], np.float32)))
        0.0
    """
    inp = loss_inputs("kl_divergence", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    tiny = inp.fi.tiny
    entropy_term = true * log_clamped(xp, true, tiny)
    if from_logits:
        cross = true * log_softmax_kernel(inp, pred, None, -1)
    else:
        cross = true * log_clamped(xp, pred, tiny)
    return xp.sum(entropy_term - cross, axis=-1)


@loss_function
def dice(y_true: Any, y_pred: Any, smooth: float = 0.0) -> Any:
    """Dice loss ``1 - (2 sum(y p) + s) / (sum(y) + sum(p) + s)`` over the last axis.

    Naive edge: with ``smooth = 0`` an empty target and an empty prediction give
    ``0/0 = NaN`` in value and gradient.

    Convention: where ``|sum(y) + sum(p) + s| <= finfo(dtype).tiny`` the loss is 0
    (two empty masks agree perfectly) with gradient 0; elsewhere exact. Meant for
    values in [0, 1]; far outside it the sums and products can overflow.

    Args:
        y_true: target mask in [0, 1], same shape as ``y_pred``.
        y_pred: predicted probabilities.
        smooth: non-negative smoothing added to numerator and denominator.

    Returns:
        Per-sample loss.

    Raises:
        InvalidDTypeError: ``y_pred`` is not floating point.
        InvalidArgumentError: the shapes differ, or ``smooth < 0``.

    Example:
        >>> float(dice(np.zeros(3), np.zeros(3, np.float32)))
        0.0
    """
    inp = loss_inputs("dice", y_true, y_pred)
    xp, (pred, true) = inp.xp, inp.arrays
    overlap = xp.sum(true * pred, axis=-1)
    total = xp.sum(true, axis=-1) + xp.sum(pred, axis=-1) + smooth
    ratio = div_kernel(xp, 2.0 * overlap + smooth, total, inp.fi.tiny)
    empty = xp.abs(total) > inp.fi.tiny
    return xp.where(empty, 1.0 - ratio, inp.const(0.0))
