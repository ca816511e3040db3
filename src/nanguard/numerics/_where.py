"""A ``where`` whose discarded branch cannot poison the gradient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nanguard.numerics._xp import namespace

__all__ = ["safe_where"]


def safe_where(
    condition: Any,
    true_fn: Callable[..., Any],
    false_fn: Callable[..., Any],
    x: Any,
    *,
    true_fill: float = 0.5,
    false_fill: float = 0.5,
) -> Any:
    """``where(condition, true_fn(x), false_fn(x))`` with a gradient-safe discarded branch.

    Naive ``where(c, f(x), g(x))`` at the edge: both branches are evaluated on
    every element, and the backward pass multiplies the discarded branch's local
    derivative by a zero upstream gradient. Where that derivative is infinite
    (``where(x > 0, sqrt(x), 0)`` at ``x = 0``, ``where(x != 0, 1/x, 0)``) the
    product is ``0 * inf = NaN`` and the whole gradient of ``x`` becomes NaN,
    even though the forward value is fine.

    Convention (the "double where"): ``true_fn`` only ever sees ``x`` where
    ``condition`` holds and ``true_fill`` elsewhere; ``false_fn`` sees ``x`` where
    it does not hold and ``false_fill`` elsewhere. Pick each fill as a point where
    its function is finite with a finite derivative; the default 0.5 suits
    ``log``, ``sqrt``, ``1/x``, ``acos``, ``asin``, ``log1p``, ``exp``. The value
    is exactly ``where(condition, true_fn(x), false_fn(x))`` and the gradient is
    each function's own, taken only where it was selected (0 from the other).
    No ``eps``; dtypes are kept as given.

    Args:
        condition: boolean tensor/array broadcastable with ``x``.
        true_fn: called with the filled ``x`` (or ``*x`` when ``x`` is a tuple).
        false_fn: likewise, for the elements where ``condition`` is False.
        x: a tensor/array, or a tuple of them (each is filled the same way).
        true_fill: stand-in value given to ``true_fn`` where it is not selected.
        false_fill: stand-in value given to ``false_fn`` where it is not selected.

    Returns:
        The selected values.

    Raises:
        TypeError: ``true_fn`` or ``false_fn`` is not callable.

    Example:
        >>> safe_where(np.array([True, False]), np.sqrt, lambda v: -v, np.array([4.0, 3.0]))
        array([ 2., -3.])
    """
    for name, fn in (("true_fn", true_fn), ("false_fn", false_fn)):
        if not callable(fn):
            raise TypeError(
                f"safe_where: `{name}` must be a callable applied to `x` "
                f"(e.g. `lambda v: tf.sqrt(v)`); got {type(fn).__name__}. "
                "Passing an already computed tensor would defeat the purpose: its gradient "
                "was built from the unfiltered input."
            )
    args = tuple(x) if isinstance(x, (tuple, list)) else (x,)
    xp = namespace(condition, *args)
    args = tuple(xp.asarray(a) for a in args)
    condition = xp.asarray(condition)

    def filled(fill: float, keep_when: bool) -> tuple:
        out = []
        for a in args:
            stand_in = xp.asarray(fill, xp.dtype_name(a))
            out.append(
                xp.where(condition, a, stand_in) if keep_when else xp.where(condition, stand_in, a)
            )
        return tuple(out)

    return xp.where(
        condition, true_fn(*filled(true_fill, True)), false_fn(*filled(false_fill, False))
    )
