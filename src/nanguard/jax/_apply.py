"""``nanguard.jax.apply_updates``: ``optax.apply_updates`` that keeps a skipped step bitwise.

``optax.apply_updates`` computes ``p + u``. On a skipped step the guard returns
``-0.0`` updates, and IEEE ``p + (-0.0) == p`` for every ``p`` including
``-0.0`` -- but XLA on CPU flushes subnormals in the add (``1e-40 + -0.0``
gives ``0``), and ``optax.apply_if_finite``'s ``+0.0`` turns a ``-0.0``
parameter into ``+0.0``. So an update that is exactly ``-0.0`` (sign bit set,
value zero) selects ``p`` itself: that *is* the IEEE result of the add, so a
healthy step is unchanged, and a skipped step leaves every bit of the
parameters as it was. The select fuses with the add; it costs no extra pass.

Passing the guard's ``opt_state`` selects the whole tree on one flag instead:
under ``jit``, XLA then fuses ``p + u`` exactly as for ``optax.apply_updates``
(FMA contraction included) when the guard uses ``check_updates="all"``, so a
healthy step equals plain optax bit for bit; with the default ``"sample"`` the
guard's per-entry backstop (``where(isfinite(u), u, -0.0)``) sits between the
optimizer's product and the add, so the sum is not contracted and can differ
from plain optax in the last bit, as the per-entry form's exact IEEE sum can.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from nanguard.errors import InvalidArgumentError

__all__ = ["apply_updates"]


def _apply_leaf(p, u, applied):
    if p is None:
        return None
    p_arr = jnp.asarray(p)
    if not jnp.issubdtype(p_arr.dtype, jnp.inexact):
        return p_arr
    added = jnp.asarray(p_arr + u).astype(p_arr.dtype)
    keep = jnp.logical_and(u == 0, jnp.signbit(jnp.real(u))) if applied is None else ~applied
    return jnp.where(keep, p_arr, added)


def apply_updates(params: Any, updates: Any, opt_state: Any = None) -> Any:
    """``params + updates``, leaf by leaf, exact on a skipped step.

    Prevents a skipped step from changing a parameter at all (``-0.0`` and
    subnormal parameters included), which ``optax.apply_updates`` cannot promise.

    Args:
        params: the parameter PyTree.
        updates: the updates from a :func:`nanguard.jax.guard`-ed transformation
            (any updates work: a ``-0.0`` update entry keeps that entry as it was).
        opt_state: optional; the guard's state after this step. When given, the
            whole tree is selected on its ``applied`` flag instead of per entry.

    Returns:
        The new parameters, with the dtypes of ``params``.

    Raises:
        InvalidArgumentError: ``params`` and ``updates`` have different structures.

    Example:
        >>> params = nanguard.jax.apply_updates(params, updates)  # doctest: +SKIP
    """
    applied = None
    if opt_state is not None:
        from nanguard.jax._guard import find_state

        applied = find_state(opt_state).applied
    try:
        return jax.tree_util.tree_map(
            lambda p, u: _apply_leaf(p, u, applied), params, updates,
            is_leaf=lambda x: x is None)
    except ValueError as err:
        raise InvalidArgumentError(
            "updates", f"a tree of structure {jax.tree_util.tree_structure(updates)}",
            f"the structure of params ({jax.tree_util.tree_structure(params)})",
        ) from err
