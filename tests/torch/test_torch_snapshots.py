"""The torch Recovery's snapshot ring: preallocated copies that restore a run bitwise.

Real torch (a small model with BatchNorm, Adam, ``spike=True`` so the detector
window is live). The CUDA path (pinned host buffers, asynchronous copy and an
event) needs a GPU and is not run here.
"""

from __future__ import annotations

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt
from nanguard.core.recovery_policy import RESTORED_GUARD_FIELDS
from nanguard.errors import InvalidArgumentError


def _run(n_steps: int, ring: int = 2):
    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    rec = ngt.Recovery(snapshot_every=10**6, ring=ring)  # only the snapshots taken by hand
    guard = ngt.Guard(model, opt, recovery=rec, verbose=0, spike=True, spike_warmup=2)
    data = iter(batches(64, seed=3))

    def train(k: int) -> None:
        for _ in range(k):
            batch = next(data)
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model, batch)
            loss.backward()
            guard.step(loss, batch)
        guard.flush()

    train(n_steps)
    return model, opt, guard, rec, train


def _detector(guard) -> dict:
    return {f: getattr(guard._state.state, f).clone() for f in RESTORED_GUARD_FIELDS}


def test_a_snapshot_restores_weights_buffers_optimizer_detector_and_rng_bitwise():
    model, opt, guard, rec, train = _run(5)
    before, detector = full_state(model, opt), _detector(guard)
    rec.ring.save(100)
    draw = torch.rand(3)  # the RNG at the snapshot, drawn once
    train(6)
    assert full_state(model, opt) != before
    rec.ring.load_weights(100)
    rec.ring.load_rest(100)
    assert full_state(model, opt) == before
    for name, value in detector.items():
        assert torch.equal(getattr(guard._state.state, name), value), name
    assert torch.equal(torch.rand(3), draw)


def test_the_ring_reuses_the_buffers_of_a_dropped_snapshot():
    _, _, _, rec, train = _run(3, ring=2)
    rec.ring.save(100)  # the ring now holds 0 (before Adam made its state) and 100
    pointers = [t.data_ptr() for t in rec.ring.get(100).tensors]
    train(2)
    rec.ring.save(200)  # drops 0: its layout has no Adam state, new buffers
    train(2)
    rec.ring.save(300)  # drops 100: same layout, its buffers are filled again
    assert rec.ring.steps() == [200, 300]
    assert [t.data_ptr() for t in rec.ring.get(300).tensors] == pointers


def test_restoring_a_snapshot_from_before_the_first_step_removes_the_optimizer_state():
    model = small_model(0)
    start = {n: p.detach().clone() for n, p in model.named_parameters()}
    model, opt, guard, rec, _ = _run(4)
    assert opt.state and rec.ring.steps() == [0]
    rec.ring.load_weights(0)
    rec.ring.load_rest(0)
    assert not opt.state  # Adam had not made its state at step 0
    assert all(torch.equal(p, start[n]) for n, p in model.named_parameters())


def test_a_snapshot_holding_nan_is_refused_on_the_failure_path():
    model, opt, guard, rec, _ = _run(2)
    rec.ring.save(100)
    assert rec.ring.finite(100)
    with torch.no_grad():
        model[0].weight[0, 0] = float("nan")
    rec.ring.save(200)
    assert not rec.ring.finite(200)


def test_snapshot_device_is_checked():
    with pytest.raises(InvalidArgumentError, match="snapshot_device"):
        ngt.Recovery(snapshot_device="gpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="the pinned, asynchronous path "
                    "needs CUDA")
def test_on_cuda_snapshots_go_to_pinned_host_memory():  # pragma: no cover - GPU only
    model = small_model(0).cuda()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    rec = ngt.Recovery(snapshot_every=10**6)
    ngt.Guard(model, opt, recovery=rec, verbose=0)
    slot = rec.ring.get(0)
    assert rec.ring.pinned and all(t.is_pinned() for t in slot.tensors)
    before = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    rec.ring.load_weights(0)
    assert all(torch.equal(a, p) for a, p in zip(before, model.parameters()))
