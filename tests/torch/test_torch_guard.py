"""nanguard.torch.Guard: bitwise skips, bitwise healthy steps, clipping, counts, bad input."""

from __future__ import annotations

import copy
import math

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt
from nanguard.errors import InvalidArgumentError, NonFiniteError


def _train(model, opt, data, guard=None, clip=None):
    for batch in data:
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, batch)
        loss.backward()
        if guard is not None:
            guard.step(loss, batch)
        else:
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
    if guard is not None:
        guard.flush()


def test_skipped_step_leaves_params_state_and_buffers_bitwise_unchanged():
    model = small_model()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, verbose=0)
    _train(model, opt, batches(3), guard)
    before = full_state(model, opt)
    _train(model, opt, batches(1, seed=9, bad={0: "nan"}), guard)
    assert full_state(model, opt) == before
    assert guard.skipped == 1


def test_healthy_run_is_bitwise_equal_to_plain_optimizer_step():
    model = small_model()
    plain = copy.deepcopy(model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    opt_plain = torch.optim.Adam(plain.parameters(), lr=1e-2)
    data = batches(5)
    _train(model, opt, data, ngt.Guard(model, opt, verbose=0))
    _train(plain, opt_plain, data)
    assert full_state(model, opt) == full_state(plain, opt_plain)


def test_a_skipped_step_is_a_no_op_for_the_rest_of_the_run():
    model = small_model()
    plain = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    opt_plain = torch.optim.SGD(plain.parameters(), lr=0.1, momentum=0.9)
    good = batches(4)
    bad = batches(1, seed=5, bad={0: "inf"})
    _train(model, opt, good[:2] + bad + good[2:], ngt.Guard(model, opt, verbose=0))
    _train(plain, opt_plain, good)
    assert full_state(model, opt) == full_state(plain, opt_plain)


def test_first_step_skip_leaves_no_optimizer_state():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, fused=True)
    guard = ngt.Guard(model, opt, verbose=0)
    before = full_state(model, opt)
    _train(model, opt, batches(1, bad={0: "nan"}), guard)
    assert full_state(model, opt) == before
    assert len(opt.state) == 0 or all(not s for s in opt.state.values())
    _train(model, opt, batches(2), guard)
    for s in opt.state.values():
        assert torch.isfinite(s["momentum_buffer"]).all()
        assert s["momentum_buffer"].abs().max() < 10  # not empty_like garbage (1e17)


def test_clipping_uses_the_finite_norm_after_the_check():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    guard = ngt.Guard(model, opt, clipnorm=1e-3, verbose=0)
    batch = batches(1)[0]
    loss = loss_of(model, batch)
    loss.backward()
    norm_before = torch.sqrt(sum((p.grad.float() ** 2).sum() for p in model.parameters()))
    assert norm_before > 1e-3
    guard.step(loss, batch)
    norm_after = torch.sqrt(sum((p.grad.float() ** 2).sum() for p in model.parameters()))
    assert math.isclose(float(norm_after), 1e-3, rel_tol=1e-4)


def test_clipping_does_not_spread_nan_into_finite_gradients():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    guard = ngt.Guard(model, opt, clipnorm=1.0, verbose=0)
    _train(model, opt, batches(1), guard)
    opt.zero_grad()
    batch = batches(1)[0]
    loss = loss_of(model, batch)
    loss.backward()
    last = list(model.parameters())[-1]
    finite_grad = last.grad.clone()
    list(model.parameters())[0].grad[0, 0] = float("nan")
    guard.step(loss, batch)
    assert torch.equal(last.grad, finite_grad)  # torch's clip_grad_norm_ would make it NaN
    assert guard.skipped == 1


def test_counts_in_a_row_and_in_total_then_stops_with_nonfinite_error():
    model = small_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, max_consecutive_skips=3, verbose=0)
    _train(model, opt, batches(2), guard)
    _train(model, opt, batches(2, bad={0: "nan", 1: "nan"}), guard)
    assert (guard.consecutive_skips, guard.skipped) == (2, 2)
    _train(model, opt, batches(1), guard)
    assert (guard.consecutive_skips, guard.skipped) == (0, 2)
    before = full_state(model, opt)
    with pytest.raises(NonFiniteError, match="3 consecutive steps") as info:
        _train(model, opt, batches(3, bad={0: "nan", 1: "nan", 2: "nan"}), guard)
    assert info.value.consecutive == 3
    assert info.value.what == "loss"
    assert full_state(model, opt) == before


def test_inf_gradient_with_finite_loss_is_skipped_as_gradients():
    model = small_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, verbose=0)
    _train(model, opt, batches(1), guard)
    before = full_state(model, opt)
    batch = batches(1)[0]
    opt.zero_grad()
    loss = loss_of(model, batch)
    loss.backward()
    list(model.parameters())[2].grad[0] = float("inf")
    guard.step(loss, batch)
    guard.flush()
    assert full_state(model, opt)["params"] == before["params"]
    assert guard.events[-1]["trigger"] == "gradients"


def test_step_returns_a_device_bool_that_is_true_on_a_skip():
    model = small_model()
    opt = torch.optim.Adam(model.parameters())
    guard = ngt.Guard(model, opt, verbose=0)
    out = []
    for batch in batches(3, bad={2: "nan"}):
        opt.zero_grad()
        loss = loss_of(model, batch)
        loss.backward()
        out.append(guard.step(loss, batch))
    assert all(o.dtype == torch.bool and o.shape == () for o in out)
    assert [bool(o) for o in out] == [False, False, True]


# ----------------------------------------------------------------------------- bad input
def test_model_of_the_wrong_type_is_rejected():
    opt = torch.optim.SGD(small_model().parameters(), lr=0.1)
    with pytest.raises(InvalidArgumentError, match="`model` must be a torch.nn.Module"):
        ngt.Guard("model", opt)


def test_optimizer_of_the_wrong_type_is_rejected():
    with pytest.raises(InvalidArgumentError, match="`optimizer` must be a torch.optim.Optimizer"):
        ngt.Guard(small_model(), object())


def test_optimizer_that_does_not_own_the_model_parameters_is_rejected():
    other = torch.optim.SGD(small_model(seed=3).parameters(), lr=0.1)
    with pytest.raises(InvalidArgumentError, match="owns none of them"):
        ngt.Guard(small_model(), other)


def test_loss_fn_that_is_not_callable_is_rejected():
    model = small_model()
    with pytest.raises(InvalidArgumentError, match="`loss_fn` must be a callable"):
        ngt.Guard(model, torch.optim.SGD(model.parameters(), lr=0.1), loss_fn=3)


@pytest.mark.parametrize("name, value", [("clipnorm", -1.0), ("clipnorm", True),
                                         ("max_consecutive_skips", 0), ("mode", "fast")])
def test_bad_options_name_the_option(name, value):
    model = small_model()
    with pytest.raises(InvalidArgumentError, match=f"`{name}`"):
        ngt.Guard(model, torch.optim.SGD(model.parameters(), lr=0.1), **{name: value})


def test_step_before_backward_is_rejected():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    guard = ngt.Guard(model, opt, verbose=0)
    loss = loss_of(model, batches(1)[0])
    with pytest.raises(InvalidArgumentError, match="`guard.step`.*loss.backward"):
        guard.step(loss)


def test_second_step_without_a_new_backward_is_rejected():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    guard = ngt.Guard(model, opt, verbose=0)
    loss = loss_of(model, batches(1)[0])
    loss.backward()
    guard.step(loss)
    with pytest.raises(InvalidArgumentError, match="No backward ran since the last guard.step"):
        guard.step(loss)


def test_non_scalar_loss_is_rejected():
    model = small_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    guard = ngt.Guard(model, opt, verbose=0)
    x, y = batches(1)[0]
    per_sample = (model(x) - y) ** 2
    per_sample.mean().backward()
    with pytest.raises(InvalidArgumentError, match=r"`loss` must be a scalar.*\(16, 1\)"):
        guard.step(per_sample)
