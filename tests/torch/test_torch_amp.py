"""Mixed precision: autocast (bf16, fp16) and a GradScaler handed to the guard."""

from __future__ import annotations

import copy

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16], ids=["bf16", "fp16"])
def test_autocast_nan_step_is_skipped_bitwise(dtype):
    model = small_model()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, verbose=0)
    data = batches(4, bad={2: "nan"})
    for i, batch in enumerate(data):
        opt.zero_grad(set_to_none=True)
        if i == 2:
            guard.flush()
            before = full_state(model, opt)
        with torch.autocast("cpu", dtype=dtype):
            loss = loss_of(model, batch)
        loss.backward()
        guard.step(loss, batch)
        if i == 2:
            guard.flush()
            assert full_state(model, opt) == before
    assert guard.skipped == 1
    assert all(torch.isfinite(p).all() for p in model.parameters())


def _fp16_run(init_scale, steps, bad=None):
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scaler = torch.amp.GradScaler("cpu", init_scale=init_scale)
    guard = ngt.Guard(model, opt, scaler=scaler, verbose=0)
    for batch in batches(steps, bad=bad):
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.float16):
            loss = loss_of(model, batch)
        guard.scale(loss).backward()
        guard.step(loss, batch)
    guard.flush()
    return model, opt, scaler, guard


def test_fp16_overflow_handled_by_the_scaler_is_counted_apart():
    # 2**60 overflows the fp16 gradients: the scaler backs off until they fit.
    model, opt, scaler, guard = _fp16_run(init_scale=2.0**60, steps=30)
    assert guard.loss_scale_skips > 0
    assert guard.skipped == 0 and guard.consecutive_skips == 0
    assert scaler.get_scale() < 2.0**60
    assert guard.steps == 30
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_fp16_overflow_steps_leave_the_weights_bitwise_unchanged():
    model = small_model()
    start = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**60, growth_interval=1000)
    guard = ngt.Guard(model, opt, scaler=scaler, verbose=0)
    batch = batches(1)[0]
    opt.zero_grad()
    with torch.autocast("cpu", dtype=torch.float16):
        loss = loss_of(model, batch)
    guard.scale(loss).backward()
    guard.step(loss, batch)
    guard.flush()
    assert guard.loss_scale_skips == 1
    start_opt = torch.optim.SGD(start.parameters(), lr=0.05, momentum=0.9)
    assert full_state(model, opt)["params"] == full_state(start, start_opt)["params"]


def test_fp16_nan_loss_is_a_real_skip_not_a_loss_scale_skip():
    _, _, _, guard = _fp16_run(init_scale=2.0**8, steps=5, bad={3: "nan"})
    assert guard.skipped == 1
    assert guard.loss_scale_skips == 0
    assert guard.events[-1]["trigger"] == "loss"


def test_healthy_fp16_run_with_scaler_matches_plain_scaler_step():
    def plain():
        model = small_model()
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        scaler = torch.amp.GradScaler("cpu", init_scale=2.0**8)
        for batch in batches(5):
            opt.zero_grad(set_to_none=True)
            with torch.autocast("cpu", dtype=torch.float16):
                loss = loss_of(model, batch)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        return model, opt

    model, opt, _, guard = _fp16_run(init_scale=2.0**8, steps=5)
    ref_model, ref_opt = plain()
    assert full_state(model, opt) == full_state(ref_model, ref_opt)
    assert guard.loss_scale_skips == 0
