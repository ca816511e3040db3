"""nanguard.torch.Recovery: the engine's rollback policy on a torch run."""

from __future__ import annotations

import json

import pytest
import torch

import nanguard.torch as ngt
from nanguard.errors import InvalidArgumentError


def _diverging_run(tmp_path, recovery, steps=80):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.3)  # diverges at step 6; 0.03 converges
    guard = ngt.Guard(model, opt, logdir=tmp_path, recovery=recovery, verbose=0,
                      max_consecutive_skips=5)
    g = torch.Generator().manual_seed(0)
    for _ in range(steps):
        x = torch.randn(32, 8, generator=g)
        y = x.sum(1, keepdim=True)
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        guard.step(loss, (x, y))
    guard.close()
    return model, opt, guard


def test_without_recovery_the_diverging_run_stops(tmp_path):
    from nanguard.errors import NonFiniteError

    with pytest.raises(NonFiniteError):
        _diverging_run(tmp_path, None)


def test_rollback_and_learning_rate_back_off_rescue_the_diverging_run(tmp_path):
    recovery = ngt.Recovery(snapshot_every=2, max_skips=2, window=10, lr_factor=0.1)
    model, opt, guard = _diverging_run(tmp_path, recovery)
    assert recovery.rollbacks >= 2
    assert opt.param_groups[0]["lr"] < 0.3
    assert all(torch.isfinite(p).all() for p in model.parameters())
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["status"] == "completed" and run["rollbacks"] == recovery.rollbacks
    kinds = [json.loads(line)["kind"] for line in (tmp_path / "events.jsonl").open()]
    assert kinds.count("rollback") == recovery.rollbacks


def test_recovery_of_the_wrong_type_is_rejected():
    model = torch.nn.Linear(2, 1)
    with pytest.raises(InvalidArgumentError, match="`recovery` must be a nanguard.torch.Recovery"):
        ngt.Guard(model, torch.optim.SGD(model.parameters(), lr=0.1), recovery=object())
