"""Quarantine on a torch run: bad samples are named, quarantined and left out of later epochs.

Real ``DataLoader``s (shuffled ``RandomSampler`` with a seeded generator), a real
guard with ``nanguard.torch.Recovery``; the quarantine decisions are the engine's
(``core.quarantine_policy``), the rows come from the replay's finding.
"""

from __future__ import annotations

import json

import pytest
import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler, TensorDataset

import nanguard.torch as ngt
from nanguard.errors import InvalidArgumentError


def _data(kind: str, bad=(5, 40)):
    g = torch.Generator().manual_seed(1)
    x = torch.rand(64, 4, generator=g) + 0.5
    y = x.sum(1, keepdim=True)
    for i in bad:
        if kind == "nan":
            x[i, 2] = float("nan")  # the batch already holds NaN: nonfinite_input
        else:
            x[i, 0] = -1.0  # log(-1) in the forward: the model's NaN, born from this row
    return TensorDataset(x, y)


class _LogNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 1)

    def forward(self, x):
        return self.lin(torch.cat([torch.log(x[:, :1]), x[:, 1:]], 1))


def _train(tmp_path, dataset, *, sampler_filter=True, loss_fn=True, epochs=3, recovery=None,
           shuffle=True, ids=True):
    torch.manual_seed(0)
    model = _LogNet()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    rec = recovery or ngt.Recovery(snapshot_every=4)

    def compute(batch):
        x, y = batch
        return torch.nn.functional.mse_loss(model(x), y)

    base = (RandomSampler(dataset, generator=torch.Generator().manual_seed(2)) if shuffle
            else SequentialSampler(dataset))
    sampler = ngt.QuarantineSampler(base, rec) if sampler_filter else base
    loader = DataLoader(ngt.IndexedDataset(dataset) if ids else dataset, batch_size=8,
                        sampler=sampler)
    guard = ngt.Guard(model, opt, logdir=tmp_path, loss_fn=compute if loss_fn else None,
                      recovery=rec, verbose=0)
    seen, skipped = [], []
    for _ in range(epochs):
        epoch_ids = []
        before = guard.skipped
        for item in loader:
            batch, sample_ids = item if ids else (item, None)
            if sample_ids is not None:
                epoch_ids += sample_ids.tolist()
            opt.zero_grad(set_to_none=True)
            loss = compute(batch)
            loss.backward()
            guard.step(loss, batch, sample_ids=sample_ids)
        guard.end_epoch()
        seen.append(epoch_ids)
        skipped.append(guard.skipped - before)
    guard.close()
    return rec, seen, skipped, model


def _quarantine_file(tmp_path) -> dict:
    return json.loads((tmp_path / "quarantine.json").read_text())


def test_nan_samples_are_quarantined_by_index_and_left_out_of_later_epochs(tmp_path):
    rec, seen, skipped, model = _train(tmp_path, _data("nan"))
    batches_with_bad = sum(1 for b in range(8) if {5, 40} & set(seen[0][8 * b:8 * b + 8]))
    assert skipped == [batches_with_bad, 0, 0]
    assert rec.quarantined_samples() == {5, 40}  # the NaN rows only, not their batches
    data = _quarantine_file(tmp_path)
    assert sorted(i for e in data["batches"] for i in e["samples"]) == [5, 40]
    assert sorted(seen[0]) == list(range(64))
    for ids in seen[1:]:
        assert sorted(ids) == sorted(set(range(64)) - {5, 40})
    assert rec.rollbacks == 0  # the batch's fault, never the state's
    assert all(torch.isfinite(p).all() for p in model.parameters())
    kinds = [json.loads(line)["kind"] for line in (tmp_path / "events.jsonl").open()]
    assert kinds.count("quarantine") == batches_with_bad


def test_without_the_sampler_the_quarantined_samples_fail_again(tmp_path):
    rec, seen, skipped, _ = _train(tmp_path, _data("nan"), sampler_filter=False)
    assert skipped[0] >= 1 and skipped[1] >= 1 and skipped[2] >= 1
    assert sorted(seen[1]) == list(range(64))
    assert rec.quarantined_samples() == {5, 40}


def test_a_forward_nan_quarantines_the_rows_the_replay_names(tmp_path):
    rec, seen, skipped, _ = _train(tmp_path, _data("log", bad=(5,)))
    assert skipped == [1, 0, 0]
    assert rec.quarantined_samples() == {5}
    assert all(5 not in ids for ids in seen[1:])


def test_without_a_replay_the_whole_batch_is_quarantined_after_the_next_step_passes(tmp_path):
    rec, seen, skipped, _ = _train(tmp_path, _data("log", bad=(5,)), loss_fn=False)
    first = seen[0]
    batch = next(first[8 * b:8 * b + 8] for b in range(8) if 5 in first[8 * b:8 * b + 8])
    assert skipped == [1, 0, 0]
    assert rec.quarantined_samples() == set(batch)  # no rows known: the batch's samples
    entry = _quarantine_file(tmp_path)["batches"][0]
    assert entry["batch"] == first.index(5) // 8 and entry["epochs"] == [0]


def test_an_unshuffled_loader_without_ids_names_the_samples_from_batch_size(tmp_path):
    rec = ngt.Recovery(snapshot_every=4, batch_size=8)
    rec, _, skipped, _ = _train(tmp_path, _data("log", bad=(13,)), loss_fn=False,
                                sampler_filter=False, shuffle=False, ids=False,
                                recovery=rec, epochs=1)
    assert skipped == [1]
    assert _quarantine_file(tmp_path)["batches"][0]["samples"] == list(range(8, 16))


def test_a_finished_runs_quarantine_file_filters_a_new_run(tmp_path):
    _train(tmp_path / "a", _data("nan"), epochs=1)
    path = tmp_path / "a" / "quarantine.json"
    ds = _data("nan")
    sampler = ngt.QuarantineSampler(SequentialSampler(ds), path)
    assert len(sampler) == 62
    assert list(sampler) == [i for i in range(64) if i not in (5, 40)]
    batches = ngt.QuarantineSampler(torch.utils.data.BatchSampler(SequentialSampler(ds), 8,
                                                                  False), path)
    assert [len(b) for b in batches] == [7, 8, 8, 8, 8, 7, 8, 8]


def test_skip_batches_skips_the_updates_after_a_rollback(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    rec = ngt.Recovery(snapshot_every=2, max_skips=2, window=10, skip_batches=2)
    guard = ngt.Guard(model, opt, logdir=tmp_path, recovery=rec, verbose=0,
                      loss_fn=lambda x: torch.nn.functional.mse_loss(model(x),
                                                                     x.sum(1, keepdim=True)))
    g = torch.Generator().manual_seed(0)
    unchanged = {}
    for step in range(30):
        if step == 10:  # a corrupted weight (a bit flip): the state's fault, not a batch's
            with torch.no_grad():
                model[0].weight[3, 2] = float("nan")
        x = torch.randn(32, 8, generator=g)
        opt.zero_grad(set_to_none=True)
        loss = guard.loss_fn(x)
        loss.backward()
        before = [p.detach().clone() for p in model.parameters()]
        rollbacks = rec.rollbacks
        guard.step(loss, x)
        if rec.rollbacks == rollbacks:  # a rollback loads other weights: not comparable
            unchanged[step] = all(torch.equal(a.view(torch.int32), p.view(torch.int32))
                                  for a, p in zip(before, model.parameters()))  # NaN too
    guard.close()
    assert rec.rollbacks == 1
    rollback = next(json.loads(line) for line in (tmp_path / "events.jsonl").open()
                    if json.loads(line)["kind"] == "rollback")
    assert rollback["skip_batches"] == 2
    # Step 10 fails on the NaN weight; step 11's guard.step reads that skip, finds the
    # weight non-finite (issue 12 item 5: corruption rolls back at once, no second
    # failure needed) and rolls back. Step 11's gradients came from the abandoned
    # state: it is skipped (it failed anyway), then the 2 asked for are skipped,
    # healthy as they are.
    assert rollback["reason"].startswith("rolled back to the snapshot of step 8 "
                                         "(nonfinite_weights (0.weight) found before the step")
    assert guard.skipped == 2 and [e["step"] for e in guard.events] == [10, 11]
    assert guard.host.forced_skips == 2
    assert [s for s, same in unchanged.items() if same] == [10, 12, 13]
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_bad_quarantine_arguments_are_rejected(tmp_path):
    ds = _data("nan")
    with pytest.raises(InvalidArgumentError, match="quarantine"):
        ngt.QuarantineSampler(SequentialSampler(ds), object())
    with pytest.raises(InvalidArgumentError, match="sampler"):
        ngt.QuarantineSampler(3, ngt.Recovery())
    with pytest.raises(InvalidArgumentError, match="quarantine_path"):
        ngt.QuarantineSampler(SequentialSampler(ds), tmp_path / "missing.json")
    with pytest.raises(InvalidArgumentError, match="batch_size"):
        ngt.Recovery(batch_size=0)
    with pytest.raises(InvalidArgumentError, match="dataset"):
        ngt.IndexedDataset(3)
