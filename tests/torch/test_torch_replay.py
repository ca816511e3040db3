"""A guard incident replays ``loss_fn(batch)`` from the captured moment: RNG and buffers."""

from __future__ import annotations

import torch

import nanguard.torch as ngt


def test_replay_restores_the_rng_so_a_random_nan_is_reproduced(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8),
                                torch.nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def loss_fn(batch):
        x, y = batch
        noise = torch.log(torch.rand(()) - 0.05)  # NaN in about 1 step out of 20
        return torch.nn.functional.mse_loss(model(x), y) + 0.0 * noise

    guard = ngt.Guard(model, opt, logdir=tmp_path, loss_fn=loss_fn, verbose=0,
                      max_consecutive_skips=100)
    g = torch.Generator().manual_seed(1)
    for _ in range(60):
        batch = (torch.randn(16, 4, generator=g), torch.randn(16, 1, generator=g))
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    assert guard.skipped >= 1
    finding = guard.incidents[0]["finding"]
    assert finding is not None, "the replay drew other random numbers: no NaN"
    origin = finding["origin"]
    assert (origin["op"], finding["cause"]) == ("aten.log.default", "domain_error")
    assert origin["line"] == loss_fn.__code__.co_firstlineno + 2
    # The replay put the RNG and the buffers back: training continued unchanged.
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert all(torch.isfinite(b.float()).all() for b in model.buffers())
