"""A NaN only the torch.compile'd step makes: said plainly, not left unlocalized.

Real ``torch.compile`` with the inductor backend on the CPU. Inductor fuses the
``.half()``/``.float()`` round trip away (``emulate_precision_casts`` is off by
default) and keeps the float32 value; eager rounds it to float16 first. So
``log(65510 - h)`` is ``log(6)`` eagerly and ``log(-26.2)`` = NaN compiled.
"""

from __future__ import annotations

import torch

import nanguard.torch as ngt


class _Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 1)
        with torch.no_grad():
            self.lin.weight.zero_()
            self.lin.bias.fill_(1.0)

    def forward(self, x):
        h = (self.lin(x).half() * 1.0004) * 65510.0  # float16: 65504 eagerly; 65536.2 fused
        return torch.log(65510.0 - h.float()).mean()


def _run(compiled: bool, backend: str = "inductor"):
    torch.manual_seed(0)
    model = _Net()
    step_model = torch.compile(model, backend=backend) if compiled else model
    opt = torch.optim.SGD(model.parameters(), lr=0.0)  # lr 0: every step sees the same state

    def loss_fn(x):
        return step_model(x)

    guard = ngt.Guard(model, opt, loss_fn=loss_fn, verbose=0)
    x = torch.randn(2, 4)
    losses = []
    for _ in range(2):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(x)
        loss.backward()
        losses.append(float(loss.detach()))
        guard.step(loss, x)
    guard.close()
    return guard, losses


def test_eager_steps_are_finite_and_nothing_is_reported():
    guard, losses = _run(compiled=False)
    assert guard.skipped == 0 and all(map(lambda v: v == v, losses))


def test_a_compiled_only_nan_is_named_as_such():
    guard, losses = _run(compiled=True)
    assert losses[0] != losses[0]  # the compiled step really is NaN
    assert guard.skipped == 2
    finding = guard.incidents[0]["finding"]
    assert finding is not None, "a compiled-only NaN must not be left unlocalized"
    assert finding["cause"] == "opaque_call"
    assert finding["origin"]["op"] == "torch.compile"
    assert finding["origin"]["phase"] == "forward"
    assert finding["explanation"].startswith("compiled-only: the eager replay of this step "
                                             "is finite")
    assert "fusion/precision difference in torch.compile" in finding["explanation"]


def test_aot_eager_rounds_like_eager_and_stays_finite():
    guard, losses = _run(compiled=True, backend="aot_eager")
    assert guard.skipped == 0 and losses[0] == losses[0]
