"""A NaN written into an optimizer slot or a weight is rolled back at once (issue 12, item 5).

With a ``Recovery`` attached, the torch guard folds the finiteness of the
parameters and of the optimizer state (Adam's ``exp_avg_sq``) into the step's
decision: the step that would read the corruption is skipped, so the NaN never
reaches the weights; when the host reads that skip, recovery finds the
non-finite state and rolls back at once (one rollback, no streak of skips).
Real torch (a small model with BatchNorm, Adam), seeded data and seeded faults.
"""

from __future__ import annotations

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt
from nanguard.errors import NonFiniteError

AT = 18  # the step before which the fault is written
STEPS = 40


def _write_nan(model, opt, where):
    with torch.no_grad():
        if where == "slot":  # a bit flip in Adam's second moment (v)
            opt.state[model[0].weight]["exp_avg_sq"][2, 1] = float("nan")
        else:
            model[0].weight[2, 1] = float("nan")


def _finite(tensors):
    return all(bool(torch.isfinite(t).all()) for t in tensors)


def _state_tensors(opt):
    return [v for s in opt.state.values() for v in s.values()
            if isinstance(v, torch.Tensor) and v.is_floating_point()]


def _run(where, recovery, steps=STEPS):
    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, recovery=recovery, verbose=0,
                      loss_fn=lambda b: loss_of(model, b))
    bad_params, bad_state, applied = [], [], []
    for i, batch in enumerate(batches(steps)):
        if i == AT:
            _write_nan(model, opt, where)
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, batch)
        loss.backward()
        applied.append(not bool(guard.step(loss, batch)))
        if not _finite(model.parameters()):
            bad_params.append(i)
        if not _finite(_state_tensors(opt)):
            bad_state.append(i)
    guard.close()
    return model, opt, guard, bad_params, bad_state, applied


@pytest.mark.parametrize("where", ["slot", "weight"])
def test_corruption_skips_the_step_and_rolls_back_at_once(where):
    rec = ngt.Recovery(snapshot_every=4, max_skips=3, window=20)
    model, opt, guard, bad_params, bad_state, applied = _run(where, rec)
    # The step that would read the corruption is skipped: a NaN slot never reaches the
    # weights; the corrupted state lives only until the next guard.step reads that skip.
    assert bad_params == ([] if where == "slot" else [AT])
    assert bad_state == ([AT] if where == "slot" else [])
    assert applied[AT] is False
    # Found before any streak: one rollback, inside the very next step (skipped: its
    # gradients came from the abandoned state), then the run goes on.
    assert rec.rollbacks == 1
    kind = "nonfinite_optimizer_state" if where == "slot" else "nonfinite_weights"
    what = "0.weight/exp_avg_sq" if where == "slot" else "0.weight"
    assert rec.corruptions == [{"step": AT + 1, "what": f"{kind} ({what})"}]
    assert [d["verdict"] for d in rec.diagnoses] == ["state"]
    assert applied[AT + 1] is False
    assert all(applied[AT + 2:])  # no blanket skip after the rollback
    assert len(applied) == STEPS
    # Step AT + 1 is skipped on purpose with a slot NaN (its gradients were finite), by
    # its own NaN loss with a weight NaN (the forward read the NaN weight).
    assert guard.host.forced_skips == (1 if where == "slot" else 0)
    assert [e["step"] for e in guard.events] == ([AT] if where == "slot" else [AT, AT + 1])
    assert _finite(model.parameters()) and _finite(_state_tensors(opt))
    assert _finite(model.buffers())


def test_control_without_the_state_check_the_slot_nan_reaches_the_weights():
    # No Recovery: no state check, so the update that reads the NaN slot is applied
    # (what the check prevents). The weights then stay NaN, every later step is
    # skipped and the guard stops the run after max_consecutive_skips.
    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, verbose=0, max_consecutive_skips=5)
    seen = []
    with pytest.raises(NonFiniteError):
        for i, batch in enumerate(batches(STEPS)):
            if i == AT:
                _write_nan(model, opt, "slot")
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model, batch)
            loss.backward()
            guard.step(loss, batch)
            seen.append((i, _finite(model.parameters())))
    assert (AT, False) in seen  # the NaN update of step AT was applied
    assert all(ok for i, ok in seen if i < AT)
    assert AT not in [e["step"] for e in guard.events]


def test_the_state_check_leaves_a_healthy_run_bitwise_unchanged():
    # Huge finite entries (their squares overflow float32) are not corruption.
    def run(recovery):
        model = small_model(0)
        huge = torch.nn.Parameter(torch.tensor([1e30, -3e30, 1e-38]))
        model.register_parameter("huge", huge)  # not used by the forward pass
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        guard = ngt.Guard(model, opt, recovery=recovery, verbose=0)
        for batch in batches(12):
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model, batch) + (huge * 0).sum()
            loss.backward()
            guard.step(loss, batch)
        guard.close()
        return model, opt, guard

    m_on, o_on, g_on = run(ngt.Recovery(snapshot_every=4))
    m_off, o_off, g_off = run(None)
    assert g_on.skipped == g_off.skipped == 0
    assert full_state(m_on, o_on) == full_state(m_off, o_off)


def test_without_a_loss_fn_a_corrupted_weight_is_still_a_state_fault_rolled_back_at_once():
    # Nothing can be replayed, but the non-finite state itself is the evidence.
    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    rec = ngt.Recovery(snapshot_every=4, max_skips=3, window=20)
    guard = ngt.Guard(model, opt, recovery=rec, verbose=0)
    for i, batch in enumerate(batches(30)):
        if i == AT:
            _write_nan(model, opt, "weight")
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    assert rec.rollbacks == 1
    assert rec.corruptions == [{"step": AT + 1, "what": "nonfinite_weights (0.weight)"}]
    (d,) = rec.diagnoses
    assert d["verdict"] == "state" and d["unreplayed"] == [AT]
    assert [e["step"] for e in guard.events] == [AT, AT + 1]
    assert _finite(model.parameters()) and _finite(_state_tensors(opt))
