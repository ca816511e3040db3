"""What a torch user reads during a guarded run (issue 15): few lines, module-level findings.

Real torch models, deterministic seeds: a LayerNorm with eps=0 on constant rows, a
MultiheadAttention whose key_padding_mask masks every key of one sample, and a
frozen BatchNorm1d with eps=0 and a zero running variance; each gives NaN inside torch itself.
"""

from __future__ import annotations

import torch
from torch import nn

import nanguard.torch


class _Net(nn.Module):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind
        self.norm = nn.LayerNorm(4, eps=0.0)
        self.attn = nn.MultiheadAttention(4, 2, batch_first=True)
        self.bn = nn.BatchNorm1d(4, eps=0.0)
        self.head = nn.Linear(4, 1)

    def forward(self, x, mask):
        if self.kind == "bn":
            return self.head(self.bn(x[:, 0])).mean()
        h = self.norm(x)  # the LayerNorm call line
        h, _ = self.attn(h, h, h, key_padding_mask=mask)  # the attention call line
        return self.head(h).mean()


def _run(kind: str, *, epochs: int = 1, steps: int = 1, end_epochs: bool = True):
    torch.manual_seed(0)
    model = _Net(kind)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 3, 4)
    mask = torch.zeros(8, 3, dtype=torch.bool)
    if kind == "ln":
        x[2, 1] = 1.0  # constant across the normalized features
        x[5, 0] = 2.0
    elif kind == "mha":
        mask[4] = True  # every key of sample 4 masked
    else:  # a frozen BatchNorm1d (eval; torch refuses eps=0 in training) whose running
        model.bn.eval()  # variance of feature 3 is 0: (x - mean) / sqrt(0 + 0) = 0/0
        with torch.no_grad():
            model.bn.running_var[3] = 0.0
        x[:, 0, 3] = 0.0  # equals the running mean (0)

    def loss_fn(batch):
        return model(*batch)

    guard = nanguard.torch.Guard(model, opt, loss_fn=loss_fn, max_consecutive_skips=100)
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(epochs):
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn((x, mask))
            loss.backward()
            guard.step(loss, (x, mask))
        if end_epochs:
            guard.end_epoch()
    guard.close()
    for b, p in zip(before, model.parameters()):
        assert torch.equal(b, p)  # every step was skipped
    return guard


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("nanguard:")]


def test_repeated_skips_print_the_origin_once_and_one_summary_per_epoch(capfd):
    guard = _run("ln", epochs=3, steps=4)
    out = capfd.readouterr().out
    lines = _lines(out)
    assert guard.skipped == 12
    assert len(lines) == 4, out  # the first skip with its origin, then one line per epoch
    assert "step 0: skipped the update" in lines[0]
    assert lines[1].startswith("nanguard: steps 1-3 (epoch 1): skipped 3 more updates"), out
    assert "same origin" in lines[1] and "4 skipped in total" in lines[1]
    assert lines[2].startswith("nanguard: steps 4-7 (epoch 2): skipped 4 more updates"), out
    assert lines[3].startswith("nanguard: steps 8-11 (epoch 3): skipped 4 more updates"), out
    assert "12 skipped in total" in lines[3]
    assert [e["epoch"] for e in guard.events] == [0] * 4 + [1] * 4 + [2] * 4


def test_without_epoch_marks_the_repeats_are_summarized_once_at_the_end(capfd):
    _run("ln", epochs=3, steps=4, end_epochs=False)
    lines = _lines(capfd.readouterr().out)
    assert len(lines) == 2
    assert "steps 1-11" in lines[1] and "11 more updates" in lines[1]
    assert "(end of run)" in lines[1] and "fit" not in lines[1]  # a plain loop has no fit


def test_layernorm_eps0_names_the_module_class_the_call_line_rows_and_module_fix(capfd):
    guard = _run("ln")
    finding = guard.incidents[0]["finding"]
    origin = finding["origin"]
    assert origin["layer"] == "norm" and origin["layer_class"] == "LayerNorm"
    assert origin["code"] == "h = self.norm(x)  # the LayerNorm call line"
    assert origin["file"] == __file__
    assert origin["rows"] == [2, 5]
    assert "PyTorch's built-in LayerNorm layer 'norm'" in finding["explanation"]
    assert "2 of the 8 rows of the batch are constant" in finding["explanation"]
    assert finding["fix"].startswith("Keep the layer's epsilon > 0")
    assert "keras." not in finding["fix"].lower() and "nanguard.ops" not in finding["fix"]
    assert "in LayerNorm layer 'norm'" in capfd.readouterr().out


def test_all_masked_attention_row_names_multiheadattention_and_the_sample(capfd):
    guard = _run("mha")
    finding = guard.incidents[0]["finding"]
    origin = finding["origin"]
    assert origin["layer_class"] == "MultiheadAttention" and origin["layer"] == "attn"
    assert origin["code"].startswith("h, _ = self.attn(h, h, h, key_padding_mask=mask)")
    assert origin["rows"] == [4]  # (batch * heads) packed rows folded back to samples
    assert "1 of the 8 rows of the batch has every key masked (row 4)" in finding["explanation"]
    assert "at least one key" in finding["fix"]


def test_batchnorm_eps0_constant_feature_blames_the_feature_not_rows(capfd):
    guard = _run("bn")
    finding = guard.incidents[0]["finding"]
    origin = finding["origin"]
    assert origin["layer_class"] == "BatchNorm1d" and origin["layer"] == "bn"
    assert origin["rows"] is None
    assert "constant over the batch for some feature" in finding["explanation"]
    assert "rows of the batch" not in finding["explanation"]
    assert finding["fix"].startswith("Keep the layer's epsilon > 0")


def test_a_user_module_keeps_the_op_level_fix():
    torch.manual_seed(0)

    class Ratio(nn.Module):
        def forward(self, x):
            return x / x.sum(dim=1, keepdim=True)

    model = nn.Sequential(nn.Linear(4, 4), Ratio())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 4)

    def loss_fn(batch):
        out = model(batch)
        return out.mean() * torch.zeros_like(model[0].weight).sum() + (out / out).sum() * 0

    with torch.no_grad():
        model[0].weight.zero_()
        model[0].bias.zero_()
    guard = nanguard.torch.Guard(model, opt, loss_fn=loss_fn, verbose=0)
    opt.zero_grad()
    loss = loss_fn(x)
    loss.backward()
    guard.step(loss, x)
    guard.close()
    finding = guard.incidents[0]["finding"]
    assert finding["origin"]["layer_class"] == "Ratio"
    assert "built-in" not in finding["explanation"]
    assert finding["origin"]["rows"] == list(range(8))


def test_the_lightning_callback_marks_epoch_ends(tmp_path, capfd):
    pl = __import__("pytest").importorskip("lightning.pytorch")
    from nanguard.torch.lightning import Guard

    class Reg(pl.LightningModule):
        def __init__(self):
            super().__init__()
            torch.manual_seed(0)
            self.net = nn.Linear(4, 1)

        def training_step(self, batch, batch_idx):
            x, y = batch
            return nn.functional.mse_loss(self.net(x), y)

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=1e-2)

    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(32, 4, generator=g), torch.randn(32, 1, generator=g)
    x[::8, 2] = float("nan")  # one NaN row in each of the 4 batches
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
    cb = Guard(max_consecutive_skips=100)
    pl.Trainer(max_epochs=2, accelerator="cpu", logger=False, enable_checkpointing=False,
               enable_progress_bar=False, enable_model_summary=False, callbacks=[cb],
               default_root_dir=str(tmp_path)).fit(Reg(), loader)
    out = capfd.readouterr().out
    lines = _lines(out)
    assert [e["epoch"] for e in cb.guard.events] == [0] * 4 + [1] * 4
    assert len(lines) == 3, out
    assert lines[1].startswith("nanguard: steps 1-3 (epoch 1): skipped 3 more updates"), out
    assert lines[2].startswith("nanguard: steps 4-7 (epoch 2): skipped 4 more updates"), out
