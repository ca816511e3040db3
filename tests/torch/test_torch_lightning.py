"""nanguard.torch.lightning.Guard with a real Lightning Trainer (CPU, no downloads)."""

from __future__ import annotations

import pytest
import torch

pl = pytest.importorskip("lightning.pytorch")

from nanguard.torch.lightning import Guard  # noqa: E402


class Regressor(pl.LightningModule):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8),
                                       torch.nn.Tanh(), torch.nn.Linear(8, 1))

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=1e-2)


def _data(bad: bool):
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(64, 4, generator=g), torch.randn(64, 1, generator=g)
    if bad:
        x[20, 1] = float("nan")  # batch 2 (of 8)
    else:
        keep = torch.ones(64, dtype=torch.bool)
        keep[16:24] = False  # the same batch, removed
        x, y = x[keep], y[keep]
    ds = torch.utils.data.TensorDataset(x, y)
    return torch.utils.data.DataLoader(ds, batch_size=8, shuffle=False)


def _fit(module, loader, callbacks, tmp_path):
    trainer = pl.Trainer(max_epochs=1, accelerator="cpu", logger=False,
                         enable_checkpointing=False, enable_progress_bar=False,
                         enable_model_summary=False, callbacks=callbacks,
                         default_root_dir=str(tmp_path))
    trainer.fit(module, loader)
    return trainer


def test_lightning_callback_skips_the_nan_batch_bitwise(tmp_path):
    guarded = Regressor()
    cb = Guard(logdir=tmp_path / "run", verbose=0)
    _fit(guarded, _data(bad=True), [cb], tmp_path)
    plain = Regressor()
    _fit(plain, _data(bad=False), [], tmp_path)
    assert cb.guard.skipped == 1
    # Weights, BatchNorm statistics (num_batches_tracked: 7, not 8) and Adam's state
    # equal a run that never saw the bad batch.
    for (name, a), (_, b) in zip(guarded.state_dict().items(), plain.state_dict().items()):
        assert torch.equal(a, b), name
    assert guarded.state_dict()["net.1.num_batches_tracked"] == 7
    finding = cb.guard.incidents[0]["finding"]
    assert (finding["cause"], finding["origin"]["input"]) == ("nonfinite_input", "x")


class _LogRegressor(Regressor):
    """log(x0 + 10): NaN for a row with x0 < -10 (finite data, so only a replay names it);
    records the batch_idx of every training_step call, the replay's included."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def training_step(self, batch, batch_idx):
        self.calls.append(batch_idx)
        x, y = batch
        h = torch.cat([torch.log(x[:, :1] + 10.0), x[:, 1:]], 1)  # the origin line
        return torch.nn.functional.mse_loss(self.net(h), y)


def test_accumulated_batches_are_replayed_one_by_one_with_their_batch_idx(tmp_path):
    module = _LogRegressor()
    cb = Guard(logdir=tmp_path / "run", verbose=0)
    trainer = pl.Trainer(max_epochs=1, accelerator="cpu", logger=False,
                         enable_checkpointing=False, enable_progress_bar=False,
                         enable_model_summary=False, callbacks=[cb],
                         default_root_dir=str(tmp_path), accumulate_grad_batches=4)
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(64, 4, generator=g), torch.randn(64, 1, generator=g)
    x[20, 0] = -20.0  # batch 2 (of 8): micro-batch 2 of optimizer step 0
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
    trainer.fit(module, loader)
    assert cb.guard.skipped == 1 and cb.guard.steps == 2
    finding = cb.guard.incidents[0]["finding"]
    assert finding["origin"]["op"].startswith("aten.log"), finding["origin"]
    assert finding["origin"]["rows"] == [4]
    assert "micro-batch 2 (0-based) of the 4" in finding["explanation"]
    # 8 training steps; step 0 is read while step 1 starts: its micro-batches 0, 1, 2
    # are replayed (2 fails, so 3 is not needed) with their own batch_idx.
    assert module.calls == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2]
