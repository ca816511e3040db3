"""Replay a failed batch from a snapshot, without touching the live state (JAX glue).

``nanguard.jax.Monitor(recovery=...)`` asks, before a rollback counts, whether the
batches that failed also fail from the snapshot it is about to restore
(:mod:`nanguard.core.rerun_policy` reads the answers and says what to do). The
replay is ``jax.value_and_grad(loss_fn)(snapshot_params, *batch)``, jitted once
per ``loss_fn``: forward and backward, no optimizer, no update; the snapshot's
PyTree is only read, so a batch found at fault leaves the run exactly where it
was, as if that batch had only been skipped.

A replay fails again when its loss or the float32 sum of squares of its
gradients is non-finite (the guard's own finiteness rule). Spikes are not
judged here (the guard's spike settings live inside its ``jit``-ed closure); a
spike's step is handed to :func:`nanguard.core.rerun_policy.diagnose` as a
spike, which never blames its batch.

Limits: the replay runs ``loss_fn`` as the Monitor got it (the step's own
extras, e.g. a dropout key threaded through the batch, must be part of the
batch); a non-finite *update* from finite gradients (a NaN learning rate) passes
the replay, which is right: the batch is not at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from nanguard.core.rerun_policy import Replay
from nanguard.jax._guard import _sum_of_squares

__all__ = ["Replayer", "nonfinite_leaves"]


class Replayer:
    """``loss_fn``'s jitted forward and backward, judged by the guard's finiteness rule."""

    def __init__(self, loss_fn: Callable[..., Any] | None):
        self.loss_fn = loss_fn
        self._fn = None
        if loss_fn is not None:
            def loss_and_sumsq(params, *batch):
                loss, grads = jax.value_and_grad(loss_fn)(params, *batch)
                return loss, _sum_of_squares(grads)

            self._fn = jax.jit(loss_and_sumsq)

    def failed(self, params: Any, batch: tuple | None) -> bool | None:
        """``True`` non-finite again, ``False`` finite, ``None`` not replayable."""
        if self._fn is None or params is None or batch is None:
            return None
        try:
            loss, sumsq = self._fn(params, *batch)
            loss, sumsq = float(np.asarray(loss)), float(np.asarray(sumsq))
        except Exception:  # a replay must never break training: undiagnosed
            return None
        return not (np.isfinite(loss) and np.isfinite(sumsq))

    def rerun(self, params: Any, steps: tuple[int, ...],
              batches: dict[int, tuple]) -> tuple[Replay, ...]:
        """One :class:`~nanguard.core.rerun_policy.Replay` per failed step, from ``params``."""
        return tuple(Replay(s, self.failed(params, batches.get(s))) for s in steps)


def nonfinite_leaves(params: Any, limit: int = 3) -> str:
    """``"nonfinite_weights (['w'], ...)"`` when a parameter leaf holds NaN/Inf, else ``""``.

    A host read of every leaf: only on the failure path, before a rollback. Deleted
    (donated) arrays are not read.
    """
    if params is None:
        return ""
    bad = []
    for path, leaf in jax.tree_util.tree_flatten_with_path(params)[0]:
        if getattr(leaf, "is_deleted", lambda: False)() or not hasattr(leaf, "dtype"):
            continue
        if jnp.issubdtype(leaf.dtype, jnp.inexact) and not bool(jnp.isfinite(leaf).all()):
            bad.append(jax.tree_util.keystr(path) or "params")
    if not bad:
        return ""
    more = f", ... ({len(bad)})" if len(bad) > limit else ""
    return f"nonfinite_weights ({', '.join(bad[:limit])}{more})"
