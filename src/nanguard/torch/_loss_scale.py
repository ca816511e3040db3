"""fp16 with a ``torch.amp.GradScaler``: unscale on the device, and tell the scaler's skips apart.

A loss-scale overflow is the scaler's business (it lowers the scale and skips
the update itself): the guard still does not apply that update, but counts it
in ``loss_scale_skips`` instead of as a guard skip, so an fp16 run's normal
scale search neither fills the log nor ends the run.

A genuine NaN in the backward (``sqrt'(0)`` times 0) also looks like an
overflow to the scaler, which would halve its scale down to 1 (16 silent steps
from 65536) before the guard saw a failure; :func:`look_at_fall` replays the
step after a few falls and reports it at once when the replay fails too.
"""

from __future__ import annotations

from typing import Any

import torch

from nanguard.torch._device_step import DeviceGuardState

__all__ = ["look_at_fall", "loss_scale_pass", "unscale"]


def unscale(scaler: Any, optimizer: torch.optim.Optimizer, device: torch.device) -> tuple:
    """Unscale the gradients on device; return ``(found_inf, scale)`` (no host sync)."""
    from torch.amp.grad_scaler import OptState

    state = scaler._per_optimizer_states[id(optimizer)]
    if state["stage"] is not OptState.UNSCALED:  # the user may have unscaled to clip
        scaler.unscale_(optimizer)
    found = sum(v.to(device, non_blocking=True)
                for v in state["found_inf_per_device"].values())
    return (found > 0, scaler._scale)


def loss_scale_pass(state: DeviceGuardState, decision: Any, before: Any,
                    scaler_state: tuple) -> torch.Tensor:
    """An fp16 overflow the scaler handles: counted apart, not a guard skip.

    Args:
        state: the guard's device state, already updated by this step's decision.
        decision: this step's ``policy.Decision``.
        before: the policy state before the decision (restored on an overflow).
        scaler_state: ``(found_inf, scale)`` from :func:`unscale`.

    Returns:
        Whether to apply the update (never on an overflow step).
    """
    overflow, scale = scaler_state
    s = state
    overflow = torch.logical_and(
        overflow, torch.logical_and(decision.trigger == 2, scale.reshape(()) > 1.0))
    s.loss_scale_skips = s.loss_scale_skips + overflow.to(torch.int64)
    s.override(
        skipped=torch.where(overflow, before.skipped, s.state.skipped),
        consecutive=torch.where(overflow, before.consecutive, s.state.consecutive),
        last_trigger=torch.where(overflow, torch.zeros_like(s.state.last_trigger),
                                 s.state.last_trigger),
    )
    # The update itself is still not applied on an overflow step.
    return decision.apply


def look_at_fall(host: Any, pending: Any, step: int) -> dict | None:
    """A step the scaler skipped (host side, one step late): a capture when it is no overflow.

    Counts the scale's falls (``nanguard.core.loss_scale.LossScaleFalls``, the
    scale read here only: a step the scaler skipped may sync, a healthy one never
    does). At a look (3, 6, 12... falls since the scale last grew), ``loss_fn(batch)``
    is replayed without the loss scale (float32, then under autocast): a replay that
    is still non-finite is no overflow, and the step's capture is returned for the
    host to report as a gradients fault. A finite replay returns ``None`` (the
    scaler's business, nothing printed). Without ``loss_fn`` or capture there is
    nothing to replay and the scaler keeps the step.
    """
    guard = host.guard
    if not host.scale_falls.skipped(guard.scaler.get_scale()):
        return None
    if guard.loss_fn is None or not host.capture or not host.pipeline().wants_capture(1):
        return None
    from nanguard.torch._capture import capture_step
    from nanguard.torch._replay import localize_capture

    cap = capture_step(guard, pending, step, "gradients")
    finding, _ = localize_capture(guard, cap, None)
    if finding is None:
        return None
    host.scale_falls.confirm()  # said once; the scaler keeps the rest of this fall
    cap["loss_scale_falls"] = host.scale_falls.count  # the finding says so (torch._pipeline)
    return cap
