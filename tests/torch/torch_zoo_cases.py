"""The PyTorch zoo: real NaN/Inf bugs with their ground truth (and healthy look-alikes).

Each case is a function registered with ``@case(expected)``:

* ``kind="locate"``: it returns a zero-argument closure computing a scalar loss;
  nanguard runs ``nanguard.locate(closure)``, the baseline runs
  ``closure().backward()`` under ``torch.autograd.detect_anomaly()``;
* ``kind="guard"``: it returns ``(model, opt, loss_fn, batches)``; nanguard trains
  under ``nanguard.torch.Guard`` and takes its first incident's finding, the
  baseline trains plainly under ``detect_anomaly``.

``expected`` is ``None`` for a healthy program, else the origin's phase, op
(aten), layer (module qualified name), cause, and ``line="origin"``: the line of
the case marked ``# <- origin`` (for backward origins, the forward op's line),
or ``input``/``variable`` for data and weights cases. Used by
``tests/torch/test_torch_zoo.py`` and ``bench/zoo_torch.py``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

CASES: dict[str, tuple] = {}
MARKER = "# <- origin"


def case(expected: dict | None, kind: str = "locate"):
    def register(fn):
        CASES[fn.__name__] = (fn, expected, kind)
        return fn

    return register


def _x(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


class Net(torch.nn.Module):
    """encoder -> head; the head's activation is pluggable."""

    def __init__(self, head):
        super().__init__()
        torch.manual_seed(0)
        self.encoder = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh())
        self.head = head

    def forward(self, x):
        return self.head(self.encoder(x))


# ------------------------------------------------------------------------ forward
@case({"phase": "forward", "op": "aten.log.default", "cause": "log_of_zero", "line": "origin"})
def log_softmax_underflow():
    logits = _x(8, 5) * 200
    logits.requires_grad_()
    return lambda: -torch.log(torch.softmax(logits, -1)).mean()  # <- origin


class LogHead(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 1)

    def forward(self, h):
        return torch.log(torch.relu(self.proj(h)))  # <- origin


@case({"phase": "forward", "op": "aten.log.default", "layer": "head",
       "cause": "log_of_zero", "line": "origin"})
def log_of_relu_in_module():
    model = Net(LogHead())
    x = _x(16, 4)
    return lambda: model(x).mean()


@case({"phase": "forward", "op": "aten.div.Tensor", "cause": "div_by_zero", "line": "origin"})
def divide_by_std_of_constant():
    w = torch.ones(6, requires_grad=True)
    return lambda: ((w - w.mean()) / w.std()).sum()  # <- origin


@case({"phase": "forward", "op": "aten.div.Tensor", "cause": "div_by_zero", "line": "origin"})
def layernorm_without_eps():
    x = torch.full((4, 6), 0.5, requires_grad=True)

    def loss():
        mu = x.mean(-1, keepdim=True)
        sd = ((x - mu) ** 2).mean(-1, keepdim=True).sqrt()
        return ((x - mu) / sd).sum()  # <- origin

    return loss


@case({"phase": "forward", "op": "aten.nll_loss_forward.default", "cause": "div_by_zero",
       "line": "origin"})
def cross_entropy_every_label_ignored():
    logits = _x(4, 3).requires_grad_()
    labels = torch.full((4,), -100)
    return lambda: F.cross_entropy(logits, labels, ignore_index=-100)  # <- origin


@case({"phase": "forward", "op": "aten._softmax.default", "cause": "invalid_operation",
       "line": "origin"})
def fully_masked_softmax_row():
    scores = _x(3, 5).requires_grad_()
    mask = torch.ones(3, 5, dtype=torch.bool)
    mask[1] = False

    def loss():
        masked = scores.masked_fill(~mask, float("-inf"))
        return torch.softmax(masked, -1).pow(2).sum()  # <- origin

    return loss


@case({"phase": "forward", "op": "aten.exp.default", "cause": "overflow", "line": "origin"})
def fp16_exp_overflow():
    x = (_x(8).abs() + 12).half().requires_grad_()
    return lambda: torch.exp(x).float().mean()  # <- origin


@case({"phase": "forward", "op": "aten.mm.default", "cause": "overflow", "line": "origin"})
def fp16_matmul_overflow():
    a = torch.full((4, 64), 40.0).half().requires_grad_()
    b = torch.full((64, 4), 40.0).half()
    return lambda: (a @ b).float().mean()  # <- origin


@case({"phase": "forward", "op": "aten.pow.Tensor_Scalar", "cause": "domain_error",
       "line": "origin"})
def pow_of_negative_half():
    x = _x(8).requires_grad_()
    return lambda: torch.pow(x, 0.5).sum()  # <- origin


@case({"phase": "forward", "op": "aten.log_.default", "cause": "log_of_zero", "line": "origin"})
def inplace_log():
    w = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)

    def loss():
        h = w * 1.0
        h.log_()  # <- origin
        return h.sum()

    return loss


@case({"phase": "forward", "op": "aten.exp.default", "cause": "overflow", "line": "origin"})
def exp_overflow_float32():
    x = (_x(6).abs() + 1).requires_grad_()
    return lambda: torch.exp(x * 100).mean()  # <- origin


@case({"phase": "forward", "op": "aten.log.default", "cause": "log_of_zero", "line": "origin"})
def zero_times_inf_mask():
    p = torch.tensor([0.0, 0.5, 0.5], requires_grad=True)
    keep = torch.tensor([0.0, 1.0, 1.0])

    def loss():
        logp = torch.log(p)  # <- origin
        return (logp * keep).sum()

    return loss


@case({"phase": "forward", "op": "aten.atanh.default", "cause": "pole", "line": "origin"})
def atanh_at_one():
    x = torch.tensor([0.2, 1.0], requires_grad=True)
    return lambda: torch.atanh(x).sum()  # <- origin


@case({"phase": "forward", "op": "aten.reciprocal.default", "cause": "div_by_zero",
       "line": "origin"})
def reciprocal_of_zero():
    x = torch.tensor([0.0, 2.0], requires_grad=True)
    return lambda: torch.reciprocal(x * 1.0).sum()  # <- origin


class CompiledLogNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 1)

    def forward(self, x):
        return torch.log(self.lin(x) * 0.0)  # <- origin


@case({"phase": "forward", "op": "aten.log.default", "layer": "CompiledLogNet",
       "cause": "log_of_zero", "line": "origin"})
def compiled_model_replayed_eagerly():
    torch.manual_seed(0)
    model = torch.compile(CompiledLogNet())
    x = _x(4, 4)
    return lambda: model(x).mean()


# ------------------------------------------------------------------------ backward
@case({"phase": "backward", "op": "aten.sqrt.default", "cause": "grad_singularity",
       "line": "origin"})
def sqrt_of_clipped_square():
    model = torch.nn.Linear(3, 1)
    x = _x(8, 3)
    y = model(x).detach()
    y[4:] += 1.0

    def loss():
        residual_sq = torch.clamp((y - model(x)) ** 2, 0.0, 1e6)
        return torch.sqrt(residual_sq).mean()  # <- origin

    return loss


@case({"phase": "backward", "op": "aten.pow.Tensor_Scalar", "cause": "grad_singularity",
       "line": "origin"})
def pow_half_at_zero():
    a = torch.tensor([0.0, 4.0], requires_grad=True)
    return lambda: (a ** 0.5).sum()  # <- origin


@case({"phase": "backward", "op": "aten.log.default", "cause": "where_gradient_trap",
       "line": "origin"})
def where_guarded_log_at_zero():
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    return lambda: torch.where(x > 0, torch.log(x), 0.0).sum()  # <- origin


@case({"phase": "backward", "op": "aten.acos.default", "cause": "grad_singularity",
       "line": "origin"})
def acos_of_cosine_similarity_at_one():
    a = torch.tensor([[1.0, 0.0], [0.0, 2.0]], requires_grad=True)

    def loss():
        cos = torch.clamp(F.cosine_similarity(a, a.detach() * 2), -1.0, 1.0)
        return torch.acos(cos).sum()  # <- origin

    return loss


@case({"phase": "backward", "op": "aten.asin.default", "cause": "grad_singularity",
       "line": "origin"})
def asin_of_clamped_at_one():
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    return lambda: torch.asin(torch.clamp(x, -1.0, 1.0)).sum()  # <- origin


class SafeLookingRecip(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.clamp(x, min=1e-3)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / x  # <- origin


@case({"phase": "backward", "op": "aten.div.Tensor", "cause": "div_by_zero", "line": "origin"})
def custom_autograd_function_backward():
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    return lambda: SafeLookingRecip.apply(x).sum()


# ------------------------------------------------------------------------ guard (data, weights)
def _mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))


def _batches(n, bad_at=None, where="x"):
    g = torch.Generator().manual_seed(3)
    out = []
    for i in range(n):
        x, y = torch.randn(8, 4, generator=g), torch.randn(8, 1, generator=g)
        if i == bad_at:
            (x if where == "x" else y)[2, 0] = float("nan")
        out.append((x, y))
    return out


def _mse(model):
    return lambda batch: F.mse_loss(model(batch[0]), batch[1])


@case({"phase": "data", "cause": "nonfinite_input", "input": "x"}, kind="guard")
def nan_in_features():
    model = _mlp()
    return model, torch.optim.Adam(model.parameters()), _mse(model), _batches(4, bad_at=2)


@case({"phase": "data", "cause": "nonfinite_input", "input": "y"}, kind="guard")
def nan_in_labels():
    model = _mlp()
    return (model, torch.optim.Adam(model.parameters()), _mse(model),
            _batches(4, bad_at=1, where="y"))


@case({"phase": "weights", "cause": "nonfinite_weights", "variable": "2.weight"},
      kind="guard")
def nan_in_weights():
    model = _mlp()
    with torch.no_grad():
        model[2].weight[0, 3] = float("nan")
    return model, torch.optim.SGD(model.parameters(), lr=0.1), _mse(model), _batches(3)


@case({"phase": "forward", "cause": "divergence"}, kind="guard")
def learning_rate_times_1000():
    model = _mlp()
    return model, torch.optim.SGD(model.parameters(), lr=30.0), _mse(model), _batches(60)


# ------------------------------------------------------------------------ healthy
@case(None)
def healthy_partially_masked_attention():
    q = _x(2, 4, 8).requires_grad_()
    causal = torch.ones(4, 4, dtype=torch.bool).tril()

    def loss():
        scores = (q @ q.transpose(-1, -2)).masked_fill(~causal, float("-inf"))
        return (torch.softmax(scores, -1) @ q).pow(2).mean()

    return loss


@case(None)
def healthy_logsumexp_over_padding():
    x = _x(3, 6).requires_grad_()
    pad = torch.zeros(3, 6, dtype=torch.bool)
    pad[:, 4:] = True
    return lambda: torch.logsumexp(x.masked_fill(pad, float("-inf")), -1).sum()


@case(None)
def healthy_double_where_log():
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)

    def loss():
        safe = torch.where(x > 0, x, torch.ones_like(x))
        return torch.where(x > 0, torch.log(safe), 0.0).sum()

    return loss


@case(None, kind="guard")
def healthy_mlp_training():
    model = _mlp()
    return model, torch.optim.AdamW(model.parameters()), _mse(model), _batches(6)
