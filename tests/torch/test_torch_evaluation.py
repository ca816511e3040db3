"""Non-finite validation/evaluation results on torch runs (issue 15, item 6).

Counted, said once per origin with the replay's localization, never skipped and
never stopping training: a manual loop, a Lightning ``Trainer`` and a Hugging Face
``Trainer``, all real.
"""

from __future__ import annotations

import json

import pytest
import torch

import nanguard.torch as ngt


class _Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(4, eps=0.0)
        self.head = torch.nn.Linear(4, 1)

    def forward(self, x):
        return self.head(self.norm(x))  # LayerNorm(eps=0) of a constant row: 0/0


def _loop(tmp_path, guarded: bool, epochs: int = 2):
    torch.manual_seed(0)
    model = _Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    g = torch.Generator().manual_seed(0)
    train = [(torch.randn(8, 4, generator=g), torch.randn(8, 1, generator=g))
             for _ in range(4)]
    val = [(torch.randn(8, 4, generator=g), torch.randn(8, 1, generator=g)) for _ in range(3)]
    val[1][0][6] = 2.0  # a constant validation row

    def loss_fn(batch):
        x, y = batch
        return torch.nn.functional.mse_loss(model(x), y)

    guard = ngt.Guard(model, opt, logdir=tmp_path, loss_fn=loss_fn) if guarded else None
    flagged = []
    for _ in range(epochs):
        model.train()
        for batch in train:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(batch)
            loss.backward()
            guard.step(loss, batch) if guarded else opt.step()
        model.eval()
        with torch.no_grad():
            for i, batch in enumerate(val):
                loss = loss_fn(batch)
                if guarded and guard.check_eval(loss, batch):
                    flagged.append(i)
        if guarded:
            guard.end_epoch()
    if guarded:
        guard.close()
    return model, guard, flagged


def test_a_nan_validation_batch_is_counted_said_once_and_localized(tmp_path, capfd):
    model, guard, flagged = _loop(tmp_path, guarded=True)
    plain, _, _ = _loop(tmp_path / "plain", guarded=False)
    assert flagged == [1, 1]
    assert guard.validation_nonfinite == 2
    assert guard.skipped == 0  # evaluation applies no update: nothing to skip
    for a, b in zip(model.parameters(), plain.parameters()):
        assert torch.equal(a, b)  # training untouched
    out = capfd.readouterr().out
    assert out.count("evaluation: loss non-finite") == 1, out  # said once
    assert "nothing was skipped and training continues" in out
    (finding,) = guard.validation_findings
    origin = finding["origin"]
    assert origin["layer"] == "norm" and origin["layer_class"] == "LayerNorm"
    assert origin["rows"] == [6]
    assert finding["action"] == "reported"
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["validation_nonfinite"] == 2 and run["status"] == "completed"


def test_a_finite_evaluation_reports_nothing_and_a_bare_number_is_counted(capfd):
    model = torch.nn.Linear(2, 1)
    guard = ngt.Guard(model, torch.optim.SGD(model.parameters(), lr=0.1))
    assert guard.check_eval(torch.tensor(1.5)) is False
    assert capfd.readouterr().out == ""
    assert guard.check_eval(float("inf")) is True  # no batch: counted and said, not localized
    assert guard.check_eval(float("nan")) is True
    assert guard.validation_nonfinite == 2 and guard.validation_findings == []
    assert capfd.readouterr().out.count("evaluation: loss non-finite") == 1


pl = pytest.importorskip("lightning.pytorch")


class _LitNet(pl.LightningModule):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.net = _Net()

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        self.log("val_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


def test_the_lightning_callback_reports_a_nan_validation_loss(tmp_path):
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(32, 4, generator=g), torch.randn(32, 1, generator=g)
    vx, vy = torch.randn(16, 4, generator=g), torch.randn(16, 1, generator=g)
    vx[11] = 3.0  # validation batch 1, row 3
    ds = torch.utils.data.TensorDataset
    from nanguard.torch.lightning import Guard

    cb = Guard(logdir=tmp_path / "run", verbose=0)
    trainer = pl.Trainer(max_epochs=2, accelerator="cpu", logger=False,
                         enable_checkpointing=False, enable_progress_bar=False,
                         enable_model_summary=False, callbacks=[cb],
                         default_root_dir=str(tmp_path), num_sanity_val_steps=0)
    trainer.fit(_LitNet(), torch.utils.data.DataLoader(ds(x, y), batch_size=8),
                torch.utils.data.DataLoader(ds(vx, vy), batch_size=8))
    assert cb.guard.validation_nonfinite == 2  # once per epoch
    assert cb.guard.skipped == 0
    (finding,) = cb.guard.validation_findings
    assert finding["origin"]["layer_class"] == "LayerNorm" and finding["origin"]["rows"] == [3]
