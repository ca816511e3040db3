"""fp16 + GradScaler: a genuine backward NaN is reported after a few scale falls, not 16.

The scaler takes any non-finite gradient for an overflow and halves its scale;
a NaN no scale can fix (``sqrt'(0)`` times 0 in an RMSE loss at an exact fit,
``x ** 0.5`` of a zero mean square) used to pass 16 steps silently (65536 -> 1).
The guard now replays the step after ``LOSS_SCALE_LOOK_AFTER`` falls
(``nanguard.core.loss_scale``) and reports it when the replay fails too; an
overflow the scaler fixes by itself prints nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch_helpers import full_state

import nanguard.torch as ngt
from nanguard.core.loss_scale import LOSS_SCALE_LOOK_AFTER

HERE = Path(__file__).resolve()


def _line_of(text: str) -> int:
    lines = HERE.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line and "_line_of" not in line)


def rmse(y, p):
    return torch.sqrt(torch.mean((y - p) ** 2))  # the RMSE line


def pow_half(y, p):
    return torch.mean((y - p) ** 2) ** 0.5  # the pow line


def _program(loss, exact: bool, init_scale: float, seed: int = 0):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    x = torch.randn(32, 4)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.float16):
        # The model's own fp16 prediction: an exact fit, the difference is 0.
        y = model(x).float() if exact else torch.randn(32, 1)

    def loss_fn(batch):
        xb, yb = batch
        with torch.autocast("cpu", dtype=torch.float16):
            p = model(xb)
        return loss(yb, p.float())

    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    scaler = torch.amp.GradScaler("cpu", init_scale=init_scale)
    return model, opt, scaler, loss_fn, (x, y)


def _train(model, opt, scaler, loss_fn, batch, steps, verbose=1):
    guard = ngt.Guard(model, opt, scaler=scaler, loss_fn=loss_fn, verbose=verbose)
    losses = []
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(batch)
        losses.append(float(loss.detach()))
        guard.scale(loss).backward()
        guard.step(loss, batch)
    guard.flush()
    return guard, losses


@pytest.mark.parametrize("loss, op, marker", [
    (rmse, "aten.sqrt", "# the RMSE line"),
    (pow_half, "aten.pow", "# the pow line"),
], ids=["rmse_sqrt", "pow_half"])
def test_genuine_backward_nan_is_reported_within_look_after_plus_one_scaler_skips(
        capsys, loss, op, marker):
    model, opt, scaler, loss_fn, batch = _program(loss, exact=True, init_scale=2.0**16)
    start = full_state(model, opt)["params"]
    guard, _ = _train(model, opt, scaler, loss_fn, batch, steps=LOSS_SCALE_LOOK_AFTER + 1)
    out = capsys.readouterr().out
    assert [e["trigger"] for e in guard.events] == ["gradients"]
    assert guard.events[0]["step"] <= LOSS_SCALE_LOOK_AFTER
    assert "skipped the update (gradients non-finite" in out
    assert f"backward {op}" in out
    assert f"{HERE.name}:{_line_of(marker)}" in out
    assert "grad_singularity" in out or "domain" in out or "div" in out
    assert "lowered its scale 3 times" in guard.incidents[0]["finding"]["explanation"]
    # The scaler kept its part: at most LOOK_AFTER + 1 halvings, and no update applied.
    assert scaler.get_scale() >= 2.0**16 / 2 ** (LOSS_SCALE_LOOK_AFTER + 1)
    assert full_state(model, opt)["params"] == start


def test_the_fault_is_said_once_per_fall_not_at_every_later_look(capsys):
    model, opt, scaler, loss_fn, batch = _program(rmse, exact=True, init_scale=2.0**16)
    guard, _ = _train(model, opt, scaler, loss_fn, batch, steps=14)  # looks due at 3, 6, 12
    out = capsys.readouterr().out
    assert out.count("nanguard:") == 1, out
    assert len(guard.events) == 1
    assert guard.loss_scale_skips == 14


def test_overflow_the_scaler_fixes_by_itself_prints_no_finding_and_trains(capsys):
    # 2**40 overflows the fp16 backward for ~20 halvings: looks at 3, 6, 12 falls
    # replay the step in float32, find it finite, and leave it to the scaler.
    model, opt, scaler, loss_fn, batch = _program(rmse, exact=False, init_scale=2.0**40)
    guard, losses = _train(model, opt, scaler, loss_fn, batch, steps=60)
    out = capsys.readouterr().out
    assert "nanguard:" not in out, out
    assert guard.events == [] and guard.incidents == []
    assert guard.skipped == 0
    assert guard.loss_scale_skips >= 2 * LOSS_SCALE_LOOK_AFTER  # at least two looks ran
    assert losses[-1] < losses[0]  # the updates after the scale search were applied
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_without_loss_fn_the_scaler_keeps_the_fall_until_scale_one(capsys):
    # Nothing to replay: the old behaviour (a guard skip once the scale is 1).
    model, opt, scaler, loss_fn, batch = _program(rmse, exact=True, init_scale=2.0**4)
    guard = ngt.Guard(model, opt, scaler=scaler, verbose=0)
    for _ in range(7):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(batch)
        guard.scale(loss).backward()
        guard.step(loss, batch)
    assert guard.loss_scale_skips == 4  # 16 -> 1
    assert guard.skipped == 3
