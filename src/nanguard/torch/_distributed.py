"""Make every rank take the same decision under DDP and FSDP2 (``fully_shard``).

* **DDP**: the all-reduced gradients already agree, but each rank has its own
  loss, so a NaN loss on one rank only would make that rank skip alone and the
  next collective would hang.
* **FSDP2**: each rank holds a shard of every gradient (a ``DTensor`` whose
  ``_local_tensor`` is the shard), so a NaN in one shard is seen by one rank
  only (verified with gloo: rank 0 "finite", rank 1 "NaN").

One 2-element ``all_reduce(SUM)`` fixes both: ``[sum of squares, loss]``, where
a replicated quantity is divided by the world size first so the sum is its
mean. NaN and Inf survive a sum, so the reduced pair is non-finite on every
rank as soon as it is on one. (``found_inf`` itself is never SUM-reduced: the
fused kernels skip only when it is exactly 1.0; it is rebuilt from the agreed
decision.)
"""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["world_size", "agree"]


def world_size(group: Any = None) -> int:
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return 1
    return dist.get_world_size(group)


def _is_sharded(g: torch.Tensor) -> bool:
    placements = getattr(g, "placements", None)
    if placements is None:
        return False
    return any(not p.is_replicate() for p in placements)


def agree(
    sumsq_sharded: torch.Tensor,
    sumsq_replicated: torch.Tensor,
    loss: torch.Tensor | None,
    group: Any = None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """All-reduce ``[sumsq, loss]`` so every rank decides on the same numbers."""
    import torch.distributed as dist

    world = world_size(group)
    if world == 1:
        return sumsq_sharded + sumsq_replicated, loss
    loss_part = (torch.zeros((), dtype=torch.float32, device=sumsq_sharded.device)
                 if loss is None else loss.detach().to(torch.float32) / world)
    packed = torch.stack([sumsq_sharded + sumsq_replicated / world, loss_part])
    dist.all_reduce(packed, op=dist.ReduceOp.SUM, group=group)
    return packed[0], (None if loss is None else packed[1])


def split_grads(grads: list[torch.Tensor]) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """(sharded DTensor gradients, every other gradient)."""
    sharded = [g for g in grads if _is_sharded(g)]
    ids = {id(g) for g in sharded}
    return sharded, [g for g in grads if id(g) not in ids]
