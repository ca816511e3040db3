"""Robustness sweep (torch): NaN bugs from real PyTorch issue threads, rewritten as a user's
small training program (the buggy line in the user's own code), run under the documented
``nanguard.torch.Guard(model, opt, loss_fn=...)`` loop and ``nanguard.locate``.

Each program pins the two promises: no non-finite value reaches the weights (every step
is skipped, the weights stay bitwise unchanged), and the finding names the phase, the aten
op, the module and the line marked ``# BUG-LINE <name>`` in this file, with the cause.
The source URL of each report is in the comment above its program.
"""

from __future__ import annotations

import linecache

import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import nanguard  # noqa: E402
import nanguard.torch as ngt  # noqa: E402


class Encoder(nn.Module):
    def __init__(self, d_in=6, d=8):
        super().__init__()
        self.lin = nn.Linear(d_in, d)
        self.out = nn.Linear(d, 1)

    def forward(self, x):
        return self.out(torch.tanh(self.lin(x)))


# T1 https://github.com/pytorch/pytorch/issues/4320 : std of a constant feature
def t1_std_constant():
    torch.manual_seed(0)
    model = Encoder()
    x = torch.randn(8, 6)
    x[:, :] = 1.0  # every sample the same: the predictions are constant
    y = torch.randn(8, 1)

    def loss_fn(batch):
        x, y = batch
        pred = model(x)
        z = (pred - pred.mean()) / pred.std()  # BUG-LINE t1
        return ((z - y) ** 2).mean()
    return model, (x, y), loss_fn


# T2 https://github.com/pytorch/pytorch/issues/187297 : where(x>0, sqrt(x), x)
def t2_where_sqrt():
    torch.manual_seed(0)
    model = Encoder()
    x = torch.randn(8, 6)
    y = torch.randn(8, 1)

    def loss_fn(batch):
        x, y = batch
        h = model(x)
        act = torch.where(h > 0, torch.sqrt(h), h)  # BUG-LINE t2
        return ((act - y) ** 2).mean()
    return model, (x, y), loss_fn


# T3 https://github.com/pytorch/pytorch/issues/68425 : where(a<=0, exp(a), 1+a) with large a
def t3_where_exp():
    torch.manual_seed(0)
    model = Encoder()
    with torch.no_grad():
        model.out.bias.fill_(100.0)
    x = torch.randn(8, 6)
    y = torch.randn(8, 1)

    def loss_fn(batch):
        x, y = batch
        a = model(x)
        b = torch.where(a <= 0, torch.exp(a), 1 + a)  # BUG-LINE t3
        return ((b - y) ** 2).mean()
    return model, (x, y), loss_fn


# T4 https://github.com/pytorch/pytorch/issues/40932 : key_padding_mask all True for one sample
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 8)
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
        self.head = nn.Linear(8, 1)

    def forward(self, tokens, pad):
        h = self.emb(tokens)
        h, _ = self.attn(h, h, h, key_padding_mask=pad)  # BUG-LINE t4
        return self.head(h).mean()


def t4_mha_all_padded():
    torch.manual_seed(0)
    model = Tagger()
    tokens = torch.randint(1, 10, (4, 5))
    tokens[2] = 0  # an empty sentence: all <pad>
    pad = tokens == 0

    def loss_fn(batch):
        return model(*batch)
    return model, (tokens, pad), loss_fn


# T5 https://github.com/ypwhs/captcha_break/issues/29 : CTC target longer than input
class CRNN(nn.Module):
    def __init__(self, n_classes=5):
        super().__init__()
        self.rnn = nn.GRU(4, 8, batch_first=False)
        self.fc = nn.Linear(8, n_classes)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.fc(h).log_softmax(-1)


def t5_ctc_too_short():
    torch.manual_seed(0)
    model = CRNN()
    x = torch.randn(3, 2, 4)  # T=3 frames, batch 2
    targets = torch.tensor([[1, 1, 2, 2], [1, 2, 3, 4]])  # 'aabb' needs 5 frames
    in_len = torch.tensor([3, 3])
    tgt_len = torch.tensor([4, 2])
    ctc = nn.CTCLoss(blank=0)

    def loss_fn(batch):
        x, targets, in_len, tgt_len = batch
        logp = model(x)
        return ctc(logp, targets, in_len, tgt_len)  # BUG-LINE t5
    return model, (x, targets, in_len, tgt_len), loss_fn


# T6 https://github.com/pytorch/pytorch/pull/2775 (note: .pow(2).sum().sqrt() at 0 is NaN)
class Siamese(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))

    def forward(self, a, b):
        return self.net(a), self.net(b)


def t6_distance_identical_pair():
    torch.manual_seed(0)
    model = Siamese()
    a = torch.randn(8, 6)
    b = torch.randn(8, 6)
    b[3] = a[3]  # a positive pair that is the same image
    same = torch.ones(8)

    def loss_fn(batch):
        a, b, same = batch
        ea, eb = model(a, b)
        dist = (ea - eb).pow(2).sum(1).sqrt()  # BUG-LINE t6
        return (same * dist ** 2 + (1 - same) * F.relu(1 - dist) ** 2).mean()
    return model, (a, b, same), loss_fn


# T7 https://github.com/pytorch/pytorch/issues/152088 : log1p then boolean mask
def t7_log1p_masked():
    torch.manual_seed(0)
    model = Encoder()
    with torch.no_grad():
        model.out.weight.zero_()
        model.out.bias.fill_(-1.0)
    x = torch.randn(8, 6)

    def loss_fn(batch):
        (x,) = batch
        a = model(x).squeeze(1)
        a = torch.cat([a[:4], a[4:] + 2.0])
        kept = torch.log1p(a)[a > -1]  # BUG-LINE t7
        return -kept.sum()
    return model, (x,), loss_fn




# T8 https://github.com/pytorch/pytorch/issues/26799 : weight / d with a zero in d, only
# the first element used; the unused one still gets a NaN gradient.
class Reweight(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(3))

    def forward(self, divide):
        tmp = self.weight / divide  # BUG-LINE t8
        return tmp[0]


def t8_unused_element_divided_by_zero():
    torch.manual_seed(0)
    model = Reweight()
    divide = torch.tensor([1.0, 0.0, 1.0])

    def loss_fn(batch):
        (divide,) = batch
        return model(divide)
    return model, (divide,), loss_fn


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG-LINE {tag}"))


def _train_guarded(make, steps: int = 3):
    model, batch, loss_fn = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    guard = ngt.Guard(model, opt, loss_fn=loss_fn, max_consecutive_skips=100, verbose=0)
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
        assert all(torch.isfinite(p).all() for p in model.parameters())
    guard.close()
    assert guard.skipped == steps
    assert all(torch.equal(b, p) for b, p in zip(before, model.parameters()))
    finding = guard.incidents[0]["finding"]
    located = nanguard.locate(lambda: loss_fn(batch))
    return finding, located


def _check(finding, located, tag, *, phase, op, cause, layer=None, text=()):
    origin = finding["origin"]
    line = _bug_line(tag)
    assert (origin["phase"], origin["op"], origin["line"]) == (phase, op, line), origin
    assert origin["file"] == __file__
    assert finding["cause"] == cause, finding
    assert (located.phase, located.op, located.line, located.cause) == (phase, op, line, cause)
    if layer is not None:
        assert origin["layer_class"] == layer
    for piece in text:
        assert piece in finding["explanation"] + finding["fix"], finding
    assert linecache.getline(__file__, line)


def test_std_of_a_constant_batch_is_a_forward_division_by_zero_on_the_users_line():
    finding, located = _train_guarded(t1_std_constant)
    _check(finding, located, "t1", phase="forward", op="aten.div.Tensor", cause="div_by_zero",
           text=("safe_div",))


def test_sqrt_in_the_discarded_where_branch_is_a_backward_where_gradient_trap():
    # Failed before core.localize followed torch's saved-result alias (aten.detach) to the
    # backward reader: it was reported as a forward domain_error of sqrt.
    finding, located = _train_guarded(t2_where_sqrt)
    _check(finding, located, "t2", phase="backward", op="aten.sqrt.default",
           cause="where_gradient_trap", text=("safe_where", "discarded"))
    assert "produced finite values" not in finding["explanation"]


def test_exp_overflow_in_the_discarded_where_branch_is_a_backward_where_gradient_trap():
    finding, located = _train_guarded(t3_where_exp)
    _check(finding, located, "t3", phase="backward", op="aten.exp.default",
           cause="where_gradient_trap", text=("safe_where",))
    assert finding["origin"]["grad_op"] == "aten.mul.Tensor"  # exp' = grad * exp(a)


def test_all_padded_sentence_names_multihead_attention_and_the_masked_row():
    finding, located = _train_guarded(t4_mha_all_padded)
    _check(finding, located, "t4", phase="forward", op="aten._softmax.default",
           cause="invalid_operation", layer="MultiheadAttention",
           text=("every key masked", "attend to at least one key"))
    assert finding["origin"]["rows"] == [2]
    # nanguard.locate(lambda: loss_fn(batch)) reaches the model through loss_fn's closure:
    # the module is named as the guard names it (failed before: 'MultiheadAttention').
    assert finding["origin"]["layer"] == located.layer == "attn"


def test_ctc_target_longer_than_the_input_is_a_forward_inf_in_ctc_loss():
    finding, located = _train_guarded(t5_ctc_too_short)
    _check(finding, located, "t5", phase="forward", op="aten._ctc_loss.Tensor",
           cause="overflow", layer="CTCLoss")


def test_distance_of_an_identical_pair_is_a_backward_sqrt_singularity():
    finding, located = _train_guarded(t6_distance_identical_pair)
    _check(finding, located, "t6", phase="backward", op="aten.sqrt.default",
           cause="grad_singularity", text=("safe_sqrt",))


def test_log1p_dropped_by_a_boolean_mask_is_a_backward_log_of_zero_on_the_log1p_line():
    # Failed before core.localize looked at the forward value: it was a grad_singularity
    # whose explanation said the forward log1p "produced finite values" (it made -inf).
    finding, located = _train_guarded(t7_log1p_masked)
    _check(finding, located, "t7", phase="backward", op="aten.log1p.default",
           cause="log_of_zero", text=("safe_log1p", "never reached the finite loss"))
    assert "produced finite values" not in finding["explanation"]


def test_division_by_zero_of_an_unused_element_is_a_backward_div_by_zero_in_the_module():
    # Failed before the same change: grad_singularity, "produced finite values".
    finding, located = _train_guarded(t8_unused_element_divided_by_zero)
    _check(finding, located, "t8", phase="backward", op="aten.div.Tensor",
           cause="div_by_zero", text=("never reached the finite loss", "safe_div"))
    assert finding["origin"]["layer"] == "Reweight"  # the user's root module


def test_a_scratch_side_output_holding_nan_does_not_change_the_cause():
    # Seen 1 run in 30 on the CTC program above: aten._ctc_loss's second output
    # (log_alpha, partly uninitialized memory) held NaN garbage, and the cause flipped
    # from overflow to invalid_operation. The same shape of trace, deterministic.
    from nanguard.core.localize import finding_from_trace

    def stats(n_nan=0, n_posinf=0):
        return {"dtype": "float32", "shape": [2], "min": 0.0, "max": 1.0, "n_nan": n_nan,
                "n_posinf": n_posinf, "n_neginf": 0, "n_zero": 0, "n_negative": 0}

    trace = {
        "schema": "nanguard.trace/2", "framework": "torch", "loss": "loss",
        "nodes": [{"name": "ctc", "type": "aten._ctc_loss.Tensor", "kind": "other",
                   "phase": "forward", "inputs": ["logp"], "outputs": ["nll", "log_alpha"],
                   "file": "train.py", "line": 7},
                  {"name": "mean", "type": "aten.mean.default", "kind": "other",
                   "phase": "forward", "inputs": ["nll"], "outputs": ["loss"],
                   "file": "train.py", "line": 7}],
        "stats": {"logp": stats(), "nll": stats(n_posinf=1), "log_alpha": stats(n_nan=8),
                  "loss": stats(n_posinf=1)},
    }
    finding = finding_from_trace(trace)
    assert (finding.op, finding.cause) == ("aten._ctc_loss.Tensor", "overflow")
