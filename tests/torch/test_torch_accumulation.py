"""Gradient accumulation: the replay of a skipped step says which micro-batch failed.

A real loop accumulating 4 micro-batches per optimizer step (dropout and batch
norm included, so the replay must run the micro-batches in order with the RNG
and buffers running on); one micro-batch holds a row that makes ``log`` NaN.
"""

from __future__ import annotations

import pytest
import torch

import nanguard.torch as ngt


class _Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(4)
        self.drop = torch.nn.Dropout(0.2)
        self.lin = torch.nn.Linear(4, 1)

    def forward(self, x):
        h = torch.log(x)  # the origin line: log of a negative feature
        return self.lin(self.drop(self.bn(h)))


def _run(bad_micro: int | None, kind: str = "log", parts: int = 4, steps: int = 3):
    torch.manual_seed(0)
    model = _Net()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)

    def loss_fn(batch):
        x, y = batch
        return torch.nn.functional.mse_loss(model(x), y) / parts

    guard = ngt.Guard(model, opt, loss_fn=loss_fn, verbose=0)
    g = torch.Generator().manual_seed(1)
    for step in range(steps):
        micro = []
        opt.zero_grad(set_to_none=True)
        for i in range(parts):
            x = torch.rand(8, 4, generator=g) + 0.1
            if step == 1 and i == bad_micro:
                x[3, 1] = -1.0 if kind == "log" else float("nan")
            y = torch.rand(8, 1, generator=g)
            loss = loss_fn((x, y))
            loss.backward()
            micro.append((x, y))
        guard.step(loss, ngt.MicroBatches(micro))
    guard.close()
    return guard


@pytest.mark.parametrize("bad_micro", [0, 2, 3])
def test_the_finding_names_the_micro_batch_the_nan_came_from(bad_micro):
    guard = _run(bad_micro)
    assert guard.skipped == 1 and guard.events[0]["step"] == 1
    finding = guard.incidents[0]["finding"]
    origin = finding["origin"]
    assert origin["phase"] == "forward" and origin["op"].startswith("aten.log"), origin
    assert origin["line"] is not None and "torch.log(x)" in origin["code"]
    assert origin["rows"] == [3]
    assert (f"micro-batch {bad_micro} (0-based) of the 4 this step accumulated"
            in finding["explanation"])


def test_a_nan_in_one_micro_batchs_data_is_named_by_its_array():
    guard = _run(2, kind="nan")
    finding = guard.incidents[0]["finding"]
    assert finding["cause"] == "nonfinite_input"
    assert finding["origin"]["input"] == "x/micro2"
    assert finding["origin"]["rows"] == [3]
    assert "micro-batch 2 (0-based) of the 4" in finding["explanation"]


def test_a_healthy_accumulating_run_matches_the_plain_one_bitwise():
    guard = _run(None)
    assert guard.skipped == 0
    torch.manual_seed(0)
    plain = _Net()
    opt = torch.optim.AdamW(plain.parameters(), lr=1e-2)
    g = torch.Generator().manual_seed(1)
    for _ in range(3):
        opt.zero_grad(set_to_none=True)
        for _ in range(4):
            x = torch.rand(8, 4, generator=g) + 0.1
            y = torch.rand(8, 1, generator=g)
            (torch.nn.functional.mse_loss(plain(x), y) / 4).backward()
        opt.step()
    for a, b in zip(guard.model.state_dict().values(), plain.state_dict().values()):
        assert torch.equal(a, b)
