"""DDP and FSDP2 (``fully_shard``): every rank takes the same decision.

Two processes, gloo on 127.0.0.1, a NaN planted on one rank only:

* ``ddp_rank1_batch``: a NaN in rank 1's batch (DDP's all-reduce spreads it);
* ``fsdp_shard_nan``: a NaN in rank 1's shard of one gradient only (FSDP2 ranks
  see different shards, so their local flags disagree);
* ``loss_only_rank1``: rank 1's loss is NaN, its gradients are finite.

Both ranks must skip the same step, the skip must leave the parameters as they
were, and the parameter hashes must be equal across ranks at the end.
"""

from __future__ import annotations

import json
import socket

import pytest
import torch
import torch.multiprocessing as mp
import torch_dist_workers

pytestmark = pytest.mark.skipif(
    not torch.distributed.is_available(), reason="torch.distributed unavailable"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("scenario", ["ddp_rank1_batch", "fsdp_shard_nan", "loss_only_rank1"])
def test_every_rank_takes_the_same_decision(scenario, tmp_path):
    mp.spawn(torch_dist_workers.worker, args=(2, _free_port(), scenario, str(tmp_path)),
             nprocs=2, join=True)
    r0, r1 = (json.loads((tmp_path / f"{r}.json").read_text()) for r in (0, 1))
    assert r0["skipped"] == r1["skipped"] == [False, False, False, True, False]
    assert r0["guard_skipped"] == r1["guard_skipped"] == 1
    assert r0["hash_after_bad"] == r0["hash_before_bad"]
    assert r1["hash_after_bad"] == r1["hash_before_bad"]
    assert r0["hash"] == r1["hash"]
    assert r0["finite"] and r1["finite"]
