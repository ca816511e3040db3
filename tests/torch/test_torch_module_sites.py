"""Findings inside torch.nn modules: the line that created the module, and batch-second layouts.

Issue 15 for torch: besides the call line, say where the module was made
(``self.norm = nn.LayerNorm(...)``, also through a ``ModuleList``); a
``MultiheadAttention(batch_first=False)`` gets no rows (its batch axis is not the
leading one), and the finding says so, while ``batch_first=True`` still names them.
"""

from __future__ import annotations

import inspect

import torch
from torch import nn

import nanguard.torch as ngt


def _line_of(cls, text: str) -> int:
    lines, start = inspect.getsourcelines(cls)
    return start + next(i for i, line in enumerate(lines) if text in line)


class _Blocks(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(4, eps=0.0)
        self.blocks = nn.ModuleList([nn.Linear(4, 4), nn.LayerNorm(4, eps=0.0)])
        self.head = nn.Linear(4, 1)

    def forward(self, x, which):
        h = self.norm(x) if which == "norm" else self.blocks[1](self.blocks[0](x) * 0 + 1)
        return self.head(h).mean()


class _Attn(nn.Module):
    def __init__(self, batch_first: bool):
        super().__init__()
        self.attn = nn.MultiheadAttention(4, 2, batch_first=batch_first)
        self.head = nn.Linear(4, 1)

    def forward(self, x, mask):
        h, _ = self.attn(x, x, x, key_padding_mask=mask)
        return self.head(h).mean()


def _finding(model, batch, loss_fn):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    guard = ngt.Guard(model, opt, loss_fn=loss_fn, verbose=0)
    loss = loss_fn(batch)
    loss.backward()
    guard.step(loss, batch)
    guard.close()
    assert guard.skipped == 1
    return guard.incidents[0]["finding"]


def test_the_finding_gives_the_line_that_created_the_module():
    torch.manual_seed(0)
    model = _Blocks()
    x = torch.randn(8, 4)
    x[3] = 1.0  # a constant row
    finding = _finding(model, x, lambda b: model(b, "norm"))
    line = _line_of(_Blocks, "self.norm = nn.LayerNorm")
    assert (f"The LayerNorm 'norm' was created at {__file__}:{line} "
            "(`self.norm = nn.LayerNorm(4, eps=0.0)`)") in finding["explanation"]
    assert finding["origin"]["line"] != line  # the origin line stays the call line


def test_a_module_inside_a_modulelist_points_at_the_list_assignment():
    torch.manual_seed(0)
    model = _Blocks()
    finding = _finding(model, torch.randn(8, 4), lambda b: model(b, "blocks"))
    assert finding["origin"]["layer"] == "blocks.1"
    line = _line_of(_Blocks, "self.blocks = nn.ModuleList")
    assert f"was created at {__file__}:{line}" in finding["explanation"]


def test_batch_second_attention_leaves_rows_out_and_says_so():
    torch.manual_seed(0)
    model = _Attn(batch_first=False)
    x = torch.randn(3, 8, 4)  # (sequence, batch, features)
    mask = torch.zeros(8, 3, dtype=torch.bool)
    mask[4] = True  # every key of sample 4
    finding = _finding(model, (x, mask), lambda b: model(*b))
    assert finding["origin"]["layer_class"] == "MultiheadAttention"
    assert finding["origin"]["rows"] is None
    assert "runs batch-second (batch_first=False)" in finding["explanation"]
    assert "rows of the batch" not in finding["explanation"]


def test_batch_first_attention_still_names_the_row():
    torch.manual_seed(0)
    model = _Attn(batch_first=True)
    x = torch.randn(8, 3, 4)
    mask = torch.zeros(8, 3, dtype=torch.bool)
    mask[4] = True
    finding = _finding(model, (x, mask), lambda b: model(*b))
    assert finding["origin"]["rows"] == [4]
    assert "batch-second" not in finding["explanation"]
