"""Optimizer zoo: for every optimizer a skipped step is bitwise a no-op.

Each case runs the same data twice: guarded with a NaN batch in the middle,
and plain without it. After the NaN step everything (params, every state
tensor, Python scalars, param groups, BatchNorm buffers) must equal the state
before it, and the final states of both runs must be bitwise equal.
"""

from __future__ import annotations

import copy

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt

OPT = torch.optim


class FloatStateSGD(torch.optim.Optimizer):
    """A user optimizer whose state holds Python numbers (an int counter, a float scale)."""

    def __init__(self, params, lr=0.05):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                st["t"] = st.get("t", 0) + 1
                st["scale"] = 0.9 * st.get("scale", 1.0) + 0.1 * float(p.grad.abs().mean())
                p.add_(p.grad, alpha=-group["lr"] / (1.0 + st["scale"]))


ZOO = {
    "adam_single": lambda p: OPT.Adam(p, lr=1e-2, foreach=False),
    "adam_foreach": lambda p: OPT.Adam(p, lr=1e-2, foreach=True),
    "adam_fused": lambda p: OPT.Adam(p, lr=1e-2, fused=True),
    "adamw_single": lambda p: OPT.AdamW(p, lr=1e-2, foreach=False),
    "adamw_foreach": lambda p: OPT.AdamW(p, lr=1e-2, foreach=True, amsgrad=True),
    "adamw_fused": lambda p: OPT.AdamW(p, lr=1e-2, fused=True),
    "sgd_momentum": lambda p: OPT.SGD(p, lr=0.05, momentum=0.9, weight_decay=1e-3),
    "sgd_nesterov": lambda p: OPT.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "sgd_fused": lambda p: OPT.SGD(p, lr=0.05, momentum=0.9, fused=True),
    "rmsprop": lambda p: OPT.RMSprop(p, lr=1e-2, momentum=0.5, centered=True),
    "adagrad": lambda p: OPT.Adagrad(p, lr=1e-2),
    "adagrad_fused": lambda p: OPT.Adagrad(p, lr=1e-2, fused=True),
    "nadam": lambda p: OPT.NAdam(p, lr=1e-2),
    "radam": lambda p: OPT.RAdam(p, lr=1e-2),
    "adamax": lambda p: OPT.Adamax(p, lr=1e-2),
    "adadelta": lambda p: OPT.Adadelta(p),
    "rprop": lambda p: OPT.Rprop(p, lr=1e-3),
    "asgd": lambda p: OPT.ASGD(p, lr=1e-2),
    "adafactor": lambda p: OPT.Adafactor(p, lr=1e-2),
    "lbfgs": lambda p: OPT.LBFGS(p, lr=0.1, max_iter=3),
    "user_float_state": lambda p: FloatStateSGD(p),
}
EXPECTED_TIER = {"adam_fused": "native", "adamw_fused": "native", "sgd_fused": "native",
                 "adagrad_fused": "native", "lbfgs": "sync"}


def _run(model, opt, data, guard=None):
    tiers = []
    for batch in data:
        def closure(batch=batch):
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model, batch)
            loss.backward()
            return loss

        loss = closure()
        is_lbfgs = isinstance(opt, OPT.LBFGS)
        if guard is None:
            opt.step(closure) if is_lbfgs else opt.step()
        else:
            guard.step(loss, batch, closure=closure if is_lbfgs else None)
            guard.flush()
            tiers.append(guard._commit.last_tier)
    return tiers


@pytest.mark.parametrize("mode", ["async", "auto"])
@pytest.mark.parametrize("name", sorted(ZOO))
def test_skip_is_bitwise_no_op_for_optimizer(name, mode):
    make = ZOO[name]
    model = small_model()
    plain = copy.deepcopy(model)
    opt, opt_plain = make(model.parameters()), make(plain.parameters())
    guard = ngt.Guard(model, opt, verbose=0, mode=mode)
    good = batches(4)
    _run(model, opt, good[:2], guard)
    before = full_state(model, opt)
    _run(model, opt, batches(1, seed=7, bad={0: "nan"}), guard)
    assert full_state(model, opt) == before
    tiers = _run(model, opt, good[2:], guard)
    _run(plain, opt_plain, good)
    assert full_state(model, opt) == full_state(plain, opt_plain)
    assert guard.skipped == 1
    expected = EXPECTED_TIER.get(name, "masked") if mode == "async" else "sync"  # CPU
    assert tiers[-1] == expected


@pytest.mark.parametrize("mode", ["async", "auto"])
@pytest.mark.parametrize("name", ["adam_fused", "sgd_fused", "adam_foreach", "sgd_momentum"])
def test_skip_on_the_very_first_step_leaves_no_state(name, mode):
    model = small_model()
    plain = copy.deepcopy(model)
    opt, opt_plain = ZOO[name](model.parameters()), ZOO[name](plain.parameters())
    guard = ngt.Guard(model, opt, verbose=0, mode=mode)
    before = full_state(model, opt)
    _run(model, opt, batches(1, seed=7, bad={0: "nan"}), guard)
    assert full_state(model, opt) == before
    good = batches(3)
    _run(model, opt, good, guard)
    _run(plain, opt_plain, good)
    assert full_state(model, opt) == full_state(plain, opt_plain)
