"""Re-run to diagnose (torch glue): replay a failed batch from the snapshot being restored.

``nanguard.torch.Recovery`` asks, before a rollback counts, whether the batch
that failed also fails from the known-good snapshot
(:mod:`nanguard.core.rerun_policy` reads the answers, as Megatron's rerun state
machine does). The snapshot's parameters and buffers are already in the model
when this runs (the recovery copied them in, keeping the live ones aside); the
replay is ``guard.loss_fn(batch)`` forward and ``torch.autograd.grad`` backward,
so ``.grad`` and the optimizer are untouched and nothing is updated. Around it,
the RNG state the failed step used is put back (dropout draws the same masks)
and the buffers are restored afterwards (a training-mode forward moves
BatchNorm statistics).

The replayed loss and gradient norm are judged by the guard's own decision
(:func:`nanguard.core.policy.decide`) against the detector state saved with the
snapshot, so a replayed spike fails again only if it is a spike from the
snapshot's world as well.

Limits: the replay needs ``Guard(loss_fn=...)`` (without it every step is
"could not be replayed": the rollback stands, as before the re-run existed).
A step of :class:`nanguard.torch.MicroBatches` is replayed part by part; its
gradients are summed and its loss is the mean of the parts' losses. Under DDP
or FSDP every rank replays its own batch and one ``all_reduce`` makes every rank
read the same answers.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import torch

from nanguard.core import rerun_policy
from nanguard.core.rerun_policy import Diagnosis, Replay, rerun_event
from nanguard.numerics._xp import _NUMPY
from nanguard.torch import _distributed
from nanguard.torch._device_step import grad_sumsq
from nanguard.torch._replay import rng_state, set_rng_state
from nanguard.torch.data import MicroBatches

__all__ = ["log_diagnosis", "replay", "rerun"]


def replay(guard: Any, batch: Any, rng: dict | None) -> tuple[float, float]:
    """Forward + backward of ``batch`` through ``guard.loss_fn`` from the current weights.

    Returns:
        ``(loss, sum of squares of every gradient entry)``, as the guard reads a step.
    """
    params = [p for g in guard.optimizer.param_groups for p in g["params"] if p.requires_grad]
    parts = list(batch) if isinstance(batch, MicroBatches) else [batch]
    saved_rng = rng_state()
    with torch.no_grad():
        saved_buffers = [b.detach().clone() for b in guard._buffers.buffers]
    no_sync = getattr(guard.model, "no_sync", None)  # DDP: no reducer for the replay
    try:
        if rng is not None:
            set_rng_state(rng)
        total: list[torch.Tensor | None] = [None] * len(params)
        losses = []
        with (no_sync() if callable(no_sync) else contextlib.nullcontext()), \
                torch.enable_grad():
            for part in parts:
                loss = guard.loss_fn(part)
                grads = torch.autograd.grad(loss, params, allow_unused=True)
                losses.append(loss.detach().float().reshape(()))
                for i, g in enumerate(grads):
                    if g is not None:
                        total[i] = g if total[i] is None else total[i] + g
        sumsq = grad_sumsq([g for g in total if g is not None], guard.device)
        mean_loss = torch.stack(losses).mean()
        return float(mean_loss), float(sumsq)
    finally:
        set_rng_state(saved_rng)
        with torch.no_grad():
            for b, v in zip(guard._buffers.buffers, saved_buffers):
                b.copy_(v)


def rerun(guard: Any, steps: tuple[int, ...], kept: dict[int, tuple[Any, dict | None]],
          detector: dict[str, np.ndarray]) -> tuple[Replay, ...]:
    """Replay each failed step's batch from the weights now in the model.

    A step fails again when the guard would skip it from the snapshot
    (:func:`nanguard.core.rerun_policy.would_skip`). A step with no batch kept or
    no ``loss_fn`` is undiagnosed. The loop, the error policy and the agreement
    across ranks are the engine's (:func:`nanguard.core.rerun_policy.replay_all`);
    under ``torch.distributed`` the flags are summed with one ``all_reduce``.
    """

    def attempt(step: int) -> bool | None:
        batch, rng = kept.get(step, (None, None))
        if batch is None or guard.loss_fn is None:
            return None
        loss, sumsq = replay(guard, batch, rng)
        return rerun_policy.would_skip(loss, sumsq, detector, guard.config, _NUMPY)

    def sum_across_ranks(flags: np.ndarray) -> np.ndarray:
        import torch.distributed as dist

        t = torch.as_tensor(flags, device=guard.device)
        dist.all_reduce(t, op=dist.ReduceOp.SUM, group=guard.process_group)
        return t.cpu().numpy()

    distributed = _distributed.world_size(guard.process_group) > 1
    return rerun_policy.replay_all(steps, attempt, sum_across_ranks if distributed else None)


def log_diagnosis(host: Any, step: int, snapshot: int, replayed: tuple[int, ...],
                  d: Diagnosis) -> dict:
    """Say the verdict (console line, ``rerun`` run-log event, ``reruns`` counter); its record.

    The rendering is the engine's (:func:`nanguard.core.rerun_policy.rerun_event`),
    the same in every adapter.
    """
    ev = rerun_event(step, snapshot, replayed, d)
    host.pipeline().log_action("rerun", ev.step, ev.text, counter="reruns", **ev.fields)
    return ev.record
