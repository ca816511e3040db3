"""Rollback for a guarded JAX loop: the shared recovery policy over PyTree snapshots.

``nanguard.core.recovery_policy`` decides (snapshot, roll back, back the
learning rate off, stop); this module only keeps the snapshots and applies the
actions. A snapshot is a device-side copy of ``(params, opt_state)`` taken after
a healthy step (``jnp.copy`` per leaf: asynchronous, no host transfer), so it
survives buffer donation of the live state. A rollback hands the loop a
snapshot back; the guard's totals (steps, skips, spikes) keep counting what
happened, its detector window comes from the snapshot, and ``lr_scale`` in the
guard state carries the policy's learning-rate factor into every later update.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from nanguard.core import recovery_policy as rp
from nanguard.errors import InvalidArgumentError
from nanguard.jax._guard import GuardedState

__all__ = ["PyTreeRecovery"]

# Totals keep counting across a rollback; everything else in the guard state is restored.
_KEPT_TOTALS = ("step", "skipped", "spikes")


def _copy(tree: Any) -> Any:
    return jax.tree_util.tree_map(lambda x: jnp.copy(x) if isinstance(x, jax.Array) else x, tree)


def _with_guard(opt_state: Any, fn) -> Any:
    """``opt_state`` with its ``GuardedState`` replaced by ``fn(guarded_state)``."""
    if isinstance(opt_state, GuardedState):
        return fn(opt_state)
    if isinstance(opt_state, tuple) and hasattr(opt_state, "_fields"):
        return type(opt_state)(*(_with_guard(v, fn) for v in opt_state))
    if isinstance(opt_state, (tuple, list)):
        return type(opt_state)(_with_guard(v, fn) for v in opt_state)
    if isinstance(opt_state, dict):
        return {k: _with_guard(v, fn) for k, v in opt_state.items()}
    return opt_state


class PyTreeRecovery:
    """Snapshots and rollbacks of ``(params, opt_state)`` driven by ``core.recovery_policy``."""

    def __init__(self, config: rp.RecoveryConfig):
        if not isinstance(config, rp.RecoveryConfig):
            raise InvalidArgumentError(
                "recovery", config, "a nanguard.core.recovery_policy.RecoveryConfig or None")
        if config.skip_batches:
            raise InvalidArgumentError(
                "skip_batches", config.skip_batches, "0 with the JAX Monitor",
                hint="Skipping batches after a rollback is up to the loop: drop them there.")
        self.config = config
        self.state = rp.init_state(config)
        self.snapshots: dict[int, tuple[Any, Any]] = {}

    def observe(self, step: int, *, failed: bool, spike: bool, healthy: bool, persistent: bool,
                params: Any, opt_state: Any) -> tuple[rp.Action, tuple[Any, Any] | None]:
        """One read step: ``(action, restored (params, opt_state) or None)``.

        ``step`` is the host step count after the read step; ``params``/``opt_state``
        are that step's outputs (snapshotted when a snapshot is due and it was healthy).
        """
        if not self.snapshots and healthy and opt_state is not None:
            action, self.state = rp.initial_snapshot(self.state, step, self.config)
            self._apply_snapshot(action, step, params, opt_state)
        obs = rp.Observation(step=step, failures=(step - 1,) if failed else (),
                             spikes=(step - 1,) if spike else (), healthy=healthy,
                             persistent=persistent)
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self._apply_snapshot(action, step, params, opt_state)
        elif action.kind == rp.ROLLBACK:
            for candidate in action.candidates:
                if candidate in self.snapshots:
                    restored = self._restore(candidate, action.lr_scale, opt_state)
                    self.state = rp.rolled_back(self.state, action, candidate, step)
                    return action._replace(candidates=(candidate,)), restored
            return rp.Action(rp.STOP, f"{action.reason}; no snapshot to return to"), None
        return action, None

    def _apply_snapshot(self, action: rp.Action, step: int, params: Any, opt_state: Any):
        if action.kind != rp.SNAPSHOT or opt_state is None:
            return
        for old in action.forget:
            self.snapshots.pop(old, None)
        self.snapshots[step] = (_copy(params), _copy(opt_state))

    def _restore(self, step: int, lr_scale: float, current: Any) -> tuple[Any, Any]:
        params, opt_state = self.snapshots[step]
        totals = {}
        if current is not None:
            _with_guard(current, lambda g: totals.update(
                {k: getattr(g.guard, k) for k in _KEPT_TOTALS}) or g)

        def fix(g: GuardedState) -> GuardedState:
            return g._replace(guard=g.guard._replace(**totals),
                              lr_scale=jnp.asarray(lr_scale, jnp.float32))

        return _copy(params), _with_guard(_copy(opt_state), fix)
