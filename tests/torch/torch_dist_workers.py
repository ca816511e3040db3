"""Workers for the 2-process gloo tests (spawned by ``test_torch_distributed.py``).

Each worker trains a few steps under DDP or FSDP2 with a NaN planted on one rank
only, then writes its decisions and a hash of its parameters to ``out/rank.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import torch
import torch.distributed as dist

import nanguard.torch as ngt


def _model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))


def _batch(step: int, rank: int):
    g = torch.Generator().manual_seed(100 * step + rank)
    return torch.randn(8, 4, generator=g), torch.randn(8, 1, generator=g)


def _full_params(model) -> list[torch.Tensor]:
    out = []
    for p in model.parameters():
        full = getattr(p, "full_tensor", None)
        out.append((full() if full is not None else p).detach().clone())
    return out


def _hash(tensors) -> str:
    h = hashlib.sha256()
    for t in tensors:
        h.update(t.contiguous().view(torch.uint8).numpy().tobytes())
    return h.hexdigest()


def worker(rank: int, world: int, port: int, scenario: str, out: str) -> None:
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        model = _model()
        if scenario == "fsdp_shard_nan":
            from torch.distributed.device_mesh import init_device_mesh
            from torch.distributed.fsdp import fully_shard

            fully_shard(model, mesh=init_device_mesh("cpu", (world,)))
            wrapped = model
        else:
            wrapped = torch.nn.parallel.DistributedDataParallel(model)
        opt = torch.optim.Adam(wrapped.parameters(), lr=1e-2)
        guard = ngt.Guard(wrapped, opt, verbose=0)
        skipped = []
        hashes_before_bad = hash_after_bad = None
        for step in range(5):
            x, y = _batch(step, rank)
            bad_step = step == 3
            if bad_step and scenario == "ddp_rank1_batch" and rank == 1:
                x[0, 0] = float("nan")
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.mse_loss(wrapped(x), y)
            if bad_step and scenario == "loss_only_rank1" and rank == 1:
                loss = loss + torch.tensor(float("nan"))  # a constant: gradients stay finite
            loss.backward()
            if bad_step and scenario == "fsdp_shard_nan" and rank == 1:
                with torch.no_grad():
                    first = next(iter(model.parameters()))
                    first.grad._local_tensor[0, 0] = float("nan")  # rank 1's shard only
            if bad_step:
                guard.flush()
                hashes_before_bad = _hash(_full_params(model))
            skipped.append(bool(guard.step(loss, (x, y))))
            if bad_step:
                guard.flush()
                hash_after_bad = _hash(_full_params(model))
        guard.flush()
        params = _full_params(model)
        result = {"rank": rank, "skipped": skipped, "hash": _hash(params),
                  "hash_before_bad": hashes_before_bad,
                  "hash_after_bad": hash_after_bad, "finite": all(
                      bool(torch.isfinite(p).all()) for p in params),
                  "guard_skipped": guard.skipped}
        Path(out, f"{rank}.json").write_text(json.dumps(result))
    finally:
        dist.destroy_process_group()
