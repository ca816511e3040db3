"""Re-run to diagnose on a torch run: a rollback first replays the failed batches.

Real torch (a small model with BatchNorm, Adam), seeded data and seeded faults:
bad batches in a row are the batch's fault (quarantined, no rollback, the run is
bitwise the run without them); a NaN written into a weight is the state's fault
(the restore stands, no blanket skip). The rules are the engine's
(``nanguard.core.rerun_policy``); the replay is ``nanguard.torch._rerun``.
"""

from __future__ import annotations

import json

import pytest
import torch
from torch_helpers import batches, full_state, loss_of, small_model

import nanguard.torch as ngt
from nanguard.errors import NonFiniteError

BAD = (10, 11, 12)


def _events(tmp_path, kind):
    return [e for e in map(json.loads, (tmp_path / "events.jsonl").open()) if e["kind"] == kind]


def _guarded(tmp_path, data, *, corrupt_at=None, loss_fn=True, capture=True, **rec_kwargs):
    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    rec = ngt.Recovery(snapshot_every=4, max_skips=3, window=20, **rec_kwargs)
    guard = ngt.Guard(model, opt, logdir=tmp_path, recovery=rec, verbose=0, capture=capture,
                      loss_fn=(lambda b: loss_of(model, b)) if loss_fn else None)
    applied = []
    for i, batch in enumerate(data):
        if i == corrupt_at:  # a bit flip / a buggy callback: the state's fault
            with torch.no_grad():
                model[0].weight[2, 1] = float("nan")
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, batch)
        loss.backward()
        applied.append(guard.step(loss, batch))
    guard.close()
    return model, opt, guard, rec, [not bool(s) for s in applied]


def test_bad_batches_in_a_row_are_diagnosed_batch_and_the_run_is_bitwise_the_run_without_them(
        tmp_path):
    # Three NaN-feature batches in a row, not localized (capture=False): three failures
    # of unknown origin in the window call for a rollback; the re-run from the snapshot
    # fails again on each, so they are the batches' fault and nothing is rolled back.
    data = batches(30, bad={i: "nan" for i in BAD})
    model, opt, guard, rec, _ = _guarded(tmp_path, data, capture=False)
    assert rec.rollbacks == 0
    assert [(d["verdict"], d["failed_again"], d["passed"]) for d in rec.diagnoses] == [
        ("batch", list(BAD), [])]
    assert sorted(rec.quarantine.entries) == list(BAD)
    assert [e["step"] for e in guard.events] == list(BAD)
    assert guard.host.forced_skips == 0
    rerun = _events(tmp_path, "rerun")
    assert [(e["verdict"], e["failed_again"]) for e in rerun] == [("batch", list(BAD))]
    assert json.loads((tmp_path / "run.json").read_text())["reruns"] == 1

    # The same model trained by a plain loop that never sees those batches.
    ref = small_model(0)
    ref_opt = torch.optim.Adam(ref.parameters(), lr=1e-2)
    for i, batch in enumerate(data):
        if i in BAD:
            continue
        ref_opt.zero_grad(set_to_none=True)
        loss_of(ref, batch).backward()
        ref_opt.step()
    # A rollback (what this run did before the re-run) would have lost steps 8-9 and
    # loaded the snapshot's weights: the states would differ.
    assert full_state(model, opt) == full_state(ref, ref_opt)


def test_a_nan_written_into_a_weight_is_diagnosed_state_and_training_continues_without_a_skip(
        tmp_path):
    data = batches(40)
    model, opt, guard, rec, applied = _guarded(tmp_path, data, corrupt_at=15)
    assert rec.rollbacks == 1
    (d,) = rec.diagnoses
    assert d["verdict"] == "state" and d["failed_again"] == [] and d["passed"]
    assert set(d["passed"]) <= {15, 16, 17}
    (rollback,) = _events(tmp_path, "rollback")
    assert rollback["diagnosis"] == "state" and rollback["skip_batches"] == 0
    assert rollback["restored"] < 15
    assert guard.host.forced_skips == 0  # no blanket skip after the restore
    # Every step from the one after the restoring step on was applied.
    restoring = max(e["step"] for e in guard.events)
    assert restoring <= 19 and all(applied[restoring + 1:])
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert all(torch.isfinite(v).all() for s in opt.state.values() for v in s.values()
               if isinstance(v, torch.Tensor))
    assert not rec.quarantine.entries  # the batches were fine


def test_without_a_loss_fn_the_rollback_is_undiagnosed_and_stands(tmp_path):
    # Failures of unknown origin (not localized, nothing to replay them with). A NaN
    # written into a weight would not do here: the guard's state check names that
    # corruption, a state fault without any replay (test_torch_slot_corruption.py).
    data = batches(40, bad={i: "nan" for i in (15, 16, 17)})
    model, opt, guard, rec, _ = _guarded(tmp_path, data, loss_fn=False, capture=False)
    assert rec.rollbacks == 1
    (d,) = rec.diagnoses
    assert d["verdict"] == "undiagnosed" and d["unreplayed"] and not d["passed"]
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_a_diverging_run_is_diagnosed_state_and_backs_the_rate_off(tmp_path):
    # lr=0.3 diverges a few steps after any start: the replays from each snapshot
    # pass, the same trouble comes back right after the restore, the rate backs off.
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    rec = ngt.Recovery(snapshot_every=2, max_skips=2, window=10, lr_factor=0.1)
    guard = ngt.Guard(model, opt, logdir=tmp_path, recovery=rec, verbose=0,
                      max_consecutive_skips=5,
                      loss_fn=lambda b: torch.nn.functional.mse_loss(model(b[0]), b[1]))
    g = torch.Generator().manual_seed(0)
    for _ in range(80):
        x = torch.randn(32, 8, generator=g)
        y = x.sum(1, keepdim=True)
        opt.zero_grad(set_to_none=True)
        loss = guard.loss_fn((x, y))
        loss.backward()
        guard.step(loss, (x, y))
    guard.close()
    assert [d["verdict"] for d in rec.diagnoses] == ["state"] * rec.rollbacks
    assert rec.rollbacks >= 2 and opt.param_groups[0]["lr"] < 0.3
    assert not rec.quarantine.entries  # no batch blamed for the state's divergence
    assert all(torch.isfinite(p).all() for p in model.parameters())
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["status"] == "completed" and run["reruns"] == rec.rollbacks


def _lr_spike_run(fault: bool, recovery: bool):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    rec = ngt.Recovery(snapshot_every=10) if recovery else None
    guard = ngt.Guard(model, opt, recovery=rec, verbose=0, spike=True, spike_warmup=16,
                      loss_fn=lambda b: torch.nn.functional.mse_loss(model(b[0]), b[1]))
    g = torch.Generator().manual_seed(0)
    w = torch.randn(8, 1, generator=g)
    for i in range(200):
        x = torch.randn(64, 8, generator=g)
        if fault and i == 100:  # one update with the rate x1000: finite, ruinous
            opt.param_groups[0]["lr"] *= 1000
        opt.zero_grad(set_to_none=True)
        loss = guard.loss_fn((x, x @ w))
        loss.backward()
        guard.step(loss, (x, x @ w))
        if fault and i == 100:
            opt.param_groups[0]["lr"] /= 1000
    guard.close()
    xt = torch.randn(512, 8, generator=torch.Generator().manual_seed(9))
    with torch.no_grad():
        return float(torch.nn.functional.mse_loss(model(xt), xt @ w)), rec, guard


def test_a_ruinous_update_is_diagnosed_state_and_the_run_ends_near_the_fault_free_one():
    clean, _, _ = _lr_spike_run(fault=False, recovery=True)
    final, rec, guard = _lr_spike_run(fault=True, recovery=True)
    # The spikes after the x1000 update pass from the snapshot (taken before it, with
    # its detector window): the state was at fault; one rollback, no blanket skip.
    assert [d["verdict"] for d in rec.diagnoses] == ["state"] and rec.rollbacks == 1
    assert all(e["trigger"] == "spike" and 101 <= e["step"] <= 103 for e in guard.events)
    assert guard.host.forced_skips == 0
    assert final / clean < 1.05
    with pytest.raises(NonFiniteError, match="spikes"):  # without recovery: every step spikes
        _lr_spike_run(fault=True, recovery=False)


def test_accumulated_steps_with_a_bad_micro_batch_are_replayed_part_by_part_and_quarantined(
        tmp_path):
    data = batches(40, bad={2 * i + 1: "nan" for i in BAD})  # the 2nd part of steps 10-12
    steps = [ngt.MicroBatches(data[2 * i:2 * i + 2]) for i in range(20)]

    def train(model, opt, guard):
        for i, micro in enumerate(steps):
            if guard is None and i in BAD:  # the reference never sees those steps
                continue
            opt.zero_grad(set_to_none=True)
            for part in micro:
                loss = loss_of(model, part) / 2
                loss.backward()
            if guard is not None:
                guard.step(loss, micro)
            else:
                opt.step()

    model = small_model(0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    rec = ngt.Recovery(snapshot_every=4, max_skips=3, window=20)
    guard = ngt.Guard(model, opt, logdir=tmp_path, recovery=rec, verbose=0, capture=False,
                      loss_fn=lambda b: loss_of(model, b) / 2)
    train(model, opt, guard)
    guard.close()
    assert rec.rollbacks == 0
    assert [(d["verdict"], d["failed_again"]) for d in rec.diagnoses] == [("batch", list(BAD))]
    ref = small_model(0)
    ref_opt = torch.optim.Adam(ref.parameters(), lr=1e-2)
    train(ref, ref_opt, None)
    assert full_state(model, opt) == full_state(ref, ref_opt)
