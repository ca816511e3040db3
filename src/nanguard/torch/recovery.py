"""``nanguard.torch.Recovery``: roll back to a known-good snapshot, back the learning rate off.

The rules are the engine's (``nanguard.core.recovery_policy``, shared with Keras):
when to snapshot, when trouble calls for a rollback, which snapshot, when to
back the learning rate off and when to stop. This module only does what needs
torch: copy the model's and the optimizer's state into a ring of snapshots,
load one back, and scale each param group's learning rate.

Snapshots are host copies (``state_dict`` tensors copied to the CPU), taken on
the host one step late, when the guard reads a healthy step's outcome: one
device-to-host copy every ``snapshot_every`` steps, never on other steps.

Example:
    >>> guard = nanguard.torch.Guard(model, opt, recovery=nanguard.torch.Recovery())
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from nanguard.core import recovery_policy as rp
from nanguard.errors import InvalidArgumentError

__all__ = ["Recovery"]


def _to_cpu(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, dict):
        return {k: _to_cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_to_cpu(v) for v in value)
    return copy.deepcopy(value)


class Recovery:
    """Rollback and learning-rate back-off for :class:`nanguard.torch.Guard`.

    Args:
        snapshot_every: take a known-good snapshot every this many steps.
        ring: snapshots kept.
        max_skips: failed steps inside ``window`` that call for a rollback.
        window: the trouble window, in steps.
        lr_factor: learning-rate factor at each rollback that follows another one
            without progress.
        lr_floor: the smallest learning-rate factor.
        max_rollbacks: rollbacks in a row without progress before the run stops.
    """

    def __init__(self, snapshot_every: int = 25, ring: int = 4, max_skips: int = 3,
                 window: int = 50, lr_factor: float = 0.5, lr_floor: float = 1.0 / 64,
                 max_rollbacks: int = 3):
        self.config = rp.RecoveryConfig(
            snapshot_every=snapshot_every, ring=ring, max_skips=max_skips, window=window,
            skip_batches=0, lr_factor=lr_factor, lr_floor=lr_floor, max_rollbacks=max_rollbacks,
        )
        self.guard: Any = None
        self.state = rp.init_state(self.config)
        self.snapshots: dict[int, dict] = {}
        self.rollbacks = 0
        self._base_lrs: list = []

    def attach(self, guard: Any) -> None:
        if self.guard is not None and self.guard is not guard:
            raise InvalidArgumentError("recovery", "a Recovery already attached to a Guard",
                                       "one Recovery per Guard")
        self.guard = guard
        self._base_lrs = [g["lr"] for g in guard.optimizer.param_groups]
        action, self.state = rp.initial_snapshot(self.state, 0, self.config)
        self._apply_snapshot(action, 0)

    # ------------------------------------------------------------------ per step
    def observe(self, host: Any, step_count: int, event: dict | None, healthy: bool,
                persistent: bool) -> bool:
        """One resolved step (host side). Returns True when it rolled back."""
        failures = spikes = ()
        if event is not None:
            if event["trigger"] == "spike":
                spikes = (event["step"],)
            else:
                failures = (event["step"],)
        obs = rp.Observation(step=step_count, failures=failures, spikes=spikes,
                             healthy=healthy, persistent=persistent)
        action, self.state = rp.decide(self.state, obs, self.config)
        if action.kind == rp.SNAPSHOT:
            self._apply_snapshot(action, step_count)
        elif action.kind == rp.ROLLBACK:
            self._rollback(host, action, step_count)
            return True
        elif action.kind == rp.STOP:
            raise host.pipeline().stop_with(
                f"nanguard stopped training at step {step_count - 1}: recovery ran out of "
                f"moves ({action.reason}).", step_count - 1, "recovery")
        return False

    def _apply_snapshot(self, action: rp.Action, step: int) -> None:
        for old in action.forget:
            self.snapshots.pop(old, None)
        g = self.guard
        self.snapshots[step] = {
            "model": _to_cpu(g.model.state_dict()),
            "optimizer": _to_cpu(g.optimizer.state_dict()),
        }

    def _rollback(self, host: Any, action: rp.Action, step: int) -> None:
        g = self.guard
        restored = action.candidates[0]
        snap = self.snapshots[restored]
        g.model.load_state_dict(snap["model"])
        g.optimizer.load_state_dict(copy.deepcopy(snap["optimizer"]))
        for group, base in zip(g.optimizer.param_groups, self._base_lrs):
            group["lr"] = base * action.lr_scale
        g._buffers.refresh()
        g._state.override(consecutive=g._state.state.consecutive * 0)
        self.state = rp.rolled_back(self.state, action, restored, step)
        self.rollbacks += 1
        host.pipeline().log_action(
            "rollback", step - 1,
            f"rolled back to the snapshot of step {restored} ({action.reason}); learning "
            f"rate x{action.lr_scale:g}", counter="rollbacks", restored=restored,
            lr_scale=action.lr_scale)
