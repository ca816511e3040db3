"""Replay a failed batch from a snapshot, without touching the live state (JAX glue).

``nanguard.jax.Monitor(recovery=...)`` asks, before a rollback counts, whether the
batches that failed also fail from the snapshot it is about to restore
(:mod:`nanguard.core.rerun_policy` reads the answers and says what to do). The
replay is ``jax.value_and_grad(loss_fn)(snapshot_params, *batch)``, jitted once
per ``loss_fn``: forward and backward, no optimizer, no update; the snapshot's
PyTree is only read, so a batch found at fault leaves the run exactly where it
was, as if that batch had only been skipped.

A replay is judged by the guard's own decision
(:func:`nanguard.core.rerun_policy.would_skip`, the shared
:func:`nanguard.core.policy.decide`) against the detector state saved in the
snapshot's ``GuardedState``: a non-finite loss or gradient fails again, and so
does a spike against the snapshot's window (with ``guard(spike=True)``). So a
replayed spike is judged as Keras and torch judge it: one that passes from the
snapshot says the state was at fault; one that spikes again is never blamed on
its batch (:func:`nanguard.core.rerun_policy.diagnose`). The loop over the
failed steps and its error policy are the engine's
(:func:`nanguard.core.rerun_policy.replay_all`).

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

from nanguard.core import policy
from nanguard.core import rerun_policy as rr
from nanguard.core.rerun_policy import Replay
from nanguard.jax._guard import _sum_of_squares, find_state
from nanguard.jax._state import to_host
from nanguard.numerics._xp import _NUMPY

__all__ = ["Judge", "Replayer", "judge_from", "nonfinite_leaves"]


class Judge:
    """The guard's decision as of one snapshot: ``judge(loss, sumsq)`` is ``True`` to skip.

    Attributes:
        detector: the snapshot's ``nanguard.core.policy.GuardState`` fields (NumPy).
        config: the guard's ``GuardConfig`` (see :func:`judge_from`).
    """

    def __init__(self, detector: dict[str, Any], config: policy.GuardConfig):
        self.detector, self.config = detector, config

    def __call__(self, loss: float, sumsq: float) -> bool:
        return rr.would_skip(loss, sumsq, self.detector, self.config, _NUMPY)


def judge_from(opt_state: Any) -> Judge:
    """The guard's decision from the ``GuardedState`` inside ``opt_state`` (a snapshot's).

    ``nanguard.jax.guard`` keeps its ``GuardConfig`` in its ``jit``-ed closure; the
    state says which one it is: ``guard(spike=...)`` sizes the detector window as
    ``GuardConfig.window`` does (``spike_window`` with spikes on, ``history`` off),
    and its other spike settings are the defaults (``guard`` takes no others).
    ``clipnorm`` never changes the decision to skip, only the clip scale.

    Example:
        >>> import optax, nanguard.jax as ngj
        >>> judge_from(ngj.guard(optax.sgd(0.1), spike=True).init({"w": jnp.ones(2)})).config.spike
        True
        >>> judge_from(ngj.guard(optax.sgd(0.1)).init({"w": jnp.ones(2)})).config.spike
        False
    """
    g = find_state(opt_state)
    window = g.window
    defaults = policy.GuardConfig()
    spike = window != defaults.history
    config = (policy.GuardConfig(spike=True, spike_window=window,
                                 spike_warmup=min(defaults.spike_warmup, window))
              if spike else policy.GuardConfig(history=window))
    return Judge(to_host(g).guard._asdict(), config)


class Replayer:
    """``loss_fn``'s jitted forward and backward: the loss and float32 gradient sum of squares."""

    def __init__(self, loss_fn: Callable[..., Any] | None):
        self.loss_fn = loss_fn
        self._fn = None
        if loss_fn is not None:
            def loss_and_sumsq(params, *batch):
                loss, grads = jax.value_and_grad(loss_fn)(params, *batch)
                return loss, _sum_of_squares(grads)

            self._fn = jax.jit(loss_and_sumsq)

    def replay(self, params: Any, batch: tuple | None) -> tuple[float, float] | None:
        """``(loss, sum of squares of the gradients)`` from ``params``; ``None`` not replayable."""
        if self._fn is None or params is None or batch is None:
            return None
        loss, sumsq = self._fn(params, *batch)
        return float(np.asarray(loss)), float(np.asarray(sumsq))

    def failed(self, params: Any, batch: tuple | None,
               judge: Callable[[float, float], bool] | None = None) -> bool | None:
        """``True`` the guard would skip it again, ``False`` it passes, ``None`` not replayable.

        ``judge`` is the snapshot's :class:`Judge`; without one only finiteness counts
        (the guard's first rule).
        """
        try:
            out = self.replay(params, batch)
        except Exception:  # a replay must never break training: undiagnosed
            return None
        if out is None:
            return None
        if judge is None:
            return not (np.isfinite(out[0]) and np.isfinite(out[1]))
        return bool(judge(*out))

    def rerun(self, params: Any, steps: tuple[int, ...], batches: dict[int, tuple],
              judge: Callable[[float, float], bool] | None = None) -> tuple[Replay, ...]:
        """One :class:`~nanguard.core.rerun_policy.Replay` per failed step, from ``params``.

        The loop and its error policy are the engine's
        (:func:`nanguard.core.rerun_policy.replay_all`).
        """
        def attempt(step: int) -> bool | None:
            return self.failed(params, batches.get(step), judge)

        return rr.replay_all(steps, attempt)


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
