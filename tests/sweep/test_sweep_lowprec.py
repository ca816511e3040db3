"""Robustness sweep (float16/bfloat16): NaN bugs from real issue threads that only happen in
half precision, rewritten as a user's small training program in PyTorch (``torch.autocast``
on CPU with bfloat16, a ``.half()`` model) and Keras (``mixed_float16`` with its
``LossScaleOptimizer``, ``mixed_bfloat16``), run under the documented guards. The JAX
bfloat16 program is in ``test_sweep_jax.py``.

Each program pins the two promises: no non-finite value reaches the weights (every step is
skipped, the weights stay bitwise unchanged), and the finding names the phase, the op, the
layer and the line marked ``# BUG-LINE <name>`` in this file, with the cause, the dtype it
ran in, and a fix that says to compute the step in float32 (a safe op alone would hide a
value that rounding put on the wrong side of a boundary). The source URL of each report is
in the comment above its program. None of the optimizers is Adam.
"""

from __future__ import annotations

import numpy as np
import pytest

import nanguard

PRECISION = "Compute this step in float32"


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG-LINE {tag}"))


def _check(finding, tag, *, phase, op, cause, trigger, dtype, layer_class=None, text=()):
    origin = finding["origin"]
    assert (origin["phase"], origin["op"], origin["line"]) == (phase, op, _bug_line(tag)), origin
    assert origin["file"] == __file__
    assert (finding["cause"], finding["trigger"]) == (cause, trigger), finding
    if layer_class is not None:
        assert origin["layer_class"] == layer_class
    assert dtype in {s["dtype"] for s in origin["inputs"]}, origin["inputs"]
    for piece in text:
        assert piece in finding["explanation"] + finding["fix"], finding


# ----------------------------------------------------------------------------- PyTorch
torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

import nanguard.torch as ngt  # noqa: E402


class SpanScorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 6)

    def forward(self, x):
        return self.lin(x)


# P1 https://github.com/fastino-ai/GLiNER2/pull/155 : log1p(-p.clamp(max=1 - 1e-6)) under
# bfloat16 autocast: 1 - 1e-6 rounds to 1.0, the clamp does nothing, a saturated p gives
# log1p(-1) = -inf; exp(-inf) = 0 keeps the loss finite, the backward is -1/(1-p) = -inf.
def p1_bf16_autocast_log_survival():
    torch.manual_seed(0)
    model = SpanScorer()
    with torch.no_grad():
        model.lin.weight.fill_(1.0)
        model.lin.bias.zero_()
    x = torch.randn(8, 4)
    x[2] = 3.0  # a confident span: logit 12, sigmoid rounds to 1 in bfloat16

    def loss_fn(batch):
        (x,) = batch
        with torch.autocast("cpu", dtype=torch.bfloat16):
            p = torch.sigmoid(model(x))
            log_survival = torch.log1p(-p.clamp(max=1.0 - 1e-6))  # BUG-LINE p1
            survival = torch.exp(log_survival.sum(1))
            return (1 - survival).float().mean()
    opt = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9, nesterov=True)
    return model, (x,), loss_fn, opt


# P3: the same program written as docs/torch.md's mixed-precision loop: the autocast block
# is in the training loop, around the call of loss_fn, and guard.step runs after it.
def p3_loss_fn_without_autocast():
    model, batch, loss_fn, opt = p1_bf16_autocast_log_survival()

    def plain_loss_fn(batch):
        (x,) = batch
        p = torch.sigmoid(model(x))
        log_survival = torch.log1p(-p.clamp(max=1.0 - 1e-6))  # BUG-LINE p3
        return (1 - torch.exp(log_survival.sum(1))).float().mean()
    return model, batch, plain_loss_fn, opt


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(6, 16)
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        return self.head(torch.relu(self.body(x)))


# P2 https://github.com/facebookresearch/pytext/pull/660 ("make crossentropy fp16 friendly:
# do softmax in fp32"): a hand-written softmax cross-entropy in a float16 model; the
# target's probability of an outlier row flushes to 0 in float16.
def p2_fp16_handwritten_softmax_ce():
    torch.manual_seed(0)
    model = Classifier().half()
    x = torch.randn(8, 6).half()
    x[4] = 60.0  # an outlier row: logits spread far apart
    y = torch.randint(0, 5, (8,))

    def loss_fn(batch):
        x, y = batch
        e = torch.exp(model(x))
        probs = e / e.sum(1, keepdim=True)
        return -torch.log(probs[torch.arange(len(y)), y]).float().mean()  # BUG-LINE p2
    return model, (x, y), loss_fn, torch.optim.SGD(model.parameters(), lr=1e-3)


def _train_torch(make, steps: int = 3):
    model, batch, loss_fn, opt = make()
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
    assert not opt.state  # never stepped: no momentum buffer was created
    finding = guard.incidents[0]["finding"]
    located = nanguard.locate(lambda: loss_fn(batch))
    assert (located.phase, located.op, located.line, located.cause) == (
        finding["origin"]["phase"], finding["origin"]["op"], finding["origin"]["line"],
        finding["cause"])
    return finding


def test_bf16_autocast_clamp_that_rounds_to_one_is_a_backward_log1p_of_zero():
    # Failed before core.causes.precision_note: the fix offered safe_log1p only.
    finding = _train_torch(p1_bf16_autocast_log_survival)
    _check(finding, "p1", phase="backward", op="aten.log1p.default", cause="log_of_zero",
           trigger="gradients", dtype="bfloat16",
           text=("safe_log1p", PRECISION, "bfloat16 (8 significant bits)", "outside autocast"))
    assert "from finite inputs" not in finding["explanation"]
    # exp(-inf) = 0 absorbed the -inf; nothing was indexed or masked away (failed before:
    # the explanation said only "the loss never used (indexed or masked away)").
    assert "absorbed: exp(-inf) is 0" in finding["explanation"]


def test_autocast_around_the_loss_in_the_loop_is_replayed_under_autocast():
    # Failed before torch._replay._under_autocast: loss_fn replayed in float32 is finite,
    # so the skipped step was 'not localized'.
    model, batch, loss_fn, opt = p3_loss_fn_without_autocast()
    guard = ngt.Guard(model, opt, loss_fn=loss_fn, max_consecutive_skips=100, verbose=0)
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(2):
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    assert guard.skipped == 2
    assert all(torch.equal(b, p) for b, p in zip(before, model.parameters()))
    finding = guard.incidents[0]["finding"]
    _check(finding, "p3", phase="backward", op="aten.log1p.default", cause="log_of_zero",
           trigger="gradients", dtype="bfloat16",
           text=("torch.autocast('cpu', dtype=torch.bfloat16) it fails", PRECISION))
    assert not torch.is_autocast_enabled("cpu")  # the replay's autocast did not leak


def test_fp16_handwritten_softmax_is_a_forward_log_of_an_underflowed_probability():
    finding = _train_torch(p2_fp16_handwritten_softmax_ce)
    _check(finding, "p2", phase="forward", op="aten.log.default", cause="log_of_zero",
           trigger="loss", dtype="float16", text=("log_softmax", PRECISION))
    assert finding["origin"]["rows"] == [4]


# P4 https://github.com/pytorch/pytorch/issues/2421 ("Gradient of zero norm is nan"): a
# siamese distance (x.pow(2).sum().sqrt()) of an identical pair, trained as docs/torch.md's
# float16 loop: autocast around the loss, a GradScaler handed to the guard.
class Siamese(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))

    def forward(self, a, b):
        return self.net(a), self.net(b)


def test_fp16_grad_scaler_loop_never_applies_the_sqrt_nan_and_names_it_after_3_scale_falls():
    torch.manual_seed(0)
    model = Siamese()
    a, b = torch.randn(8, 6), torch.randn(8, 6)
    b[3] = a[3]  # a positive pair that is the same image

    def loss_fn(batch):
        ea, eb = model(*batch)
        return (ea - eb).pow(2).sum(1).sqrt().float().mean()  # BUG-LINE p4

    opt = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    guard = ngt.Guard(model, opt, loss_fn=loss_fn, scaler=torch.amp.GradScaler("cpu"),
                      max_consecutive_skips=100, verbose=0)
    before = [p.detach().clone() for p in model.parameters()]
    steps = 20
    for _ in range(steps):
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.float16):
            loss = loss_fn((a, b))
        guard.scale(loss).backward()
        guard.step(loss, (a, b))
    guard.close()
    assert all(torch.equal(x, p) for x, p in zip(before, model.parameters()))
    assert not opt.state
    # A finite loss with NaN gradients looks like an fp16 overflow while the scale is > 1:
    # the scaler's skips come first (2^16 -> 1: 16 steps), then the guard's. The guard
    # replays after 3 falls (core/loss_scale.py) and reports it then, not at scale 1.
    assert guard.loss_scale_skips + guard.skipped == steps and guard.skipped > 0
    assert [e["step"] for e in guard.events][0] == 2
    finding = guard.incidents[0]["finding"]
    # The bug does not depend on the precision: the float32 replay of loss_fn fails already,
    # so it is reported from there, with no autocast sentence and no precision note.
    _check(finding, "p4", phase="backward", op="aten.sqrt.default", cause="grad_singularity",
           trigger="gradients", dtype="float32", text=("safe_sqrt",))
    assert "torch.autocast(" not in finding["explanation"] and PRECISION not in finding["fix"]


# ------------------------------------------------------------------------------- Keras
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard.keras  # noqa: E402


@pytest.fixture
def policy():
    """Set a global mixed-precision policy for one test; always restore float32."""
    yield keras.mixed_precision.set_global_policy
    keras.mixed_precision.set_global_policy("float32")


# K1 https://github.com/keras-team/keras/issues/16552 ("Mix precision leads to nan loss":
# inf loss, NaN gradients under mixed_float16): a Poisson-rate head exp(h) computed in
# float16 overflows past 65504 at h > 11.1; the user did not keep it in float32.
class PoissonRate(keras.layers.Layer):
    def call(self, h):
        return keras.ops.exp(h)  # BUG-LINE k1


def k1_mixed_float16_poisson_rate():
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    dense = keras.layers.Dense(1)
    model = keras.Model(inp, PoissonRate()(dense(inp)))
    dense.set_weights([np.ones((4, 1), "float32"), np.zeros(1, "float32")])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    x[3] = x[20] = 3.5  # log-rate 14: exp(14) = 1.2e6
    y = rng.poisson(3.0, size=(32, 1)).astype("float32")
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="poisson")
    return model, x, y


# K2 https://github.com/tenstorrent/tt-metal/issues/45968 (and
# https://github.com/NVIDIA/trt-samples-for-hackathon-cn/issues/88): a layer norm whose
# variance is E[x²] - E[x]², in bfloat16: for [17, ..., 17, 18] it comes out -2.
class MyLayerNorm(keras.layers.Layer):
    def call(self, x):
        mean = keras.ops.mean(x, axis=-1, keepdims=True)
        var = keras.ops.mean(x * x, axis=-1, keepdims=True) - mean * mean
        return (x - mean) / keras.ops.sqrt(var + 1e-5)  # BUG-LINE k2


def k2_mixed_bfloat16_layer_norm():
    keras.utils.set_random_seed(0)
    inp = keras.Input((8,))
    model = keras.Model(inp, keras.layers.Dense(1, dtype="float32")(MyLayerNorm()(inp)))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 8)).astype("float32")
    x[5] = x[21] = [17.0] * 7 + [18.0]  # a sensor stuck near 17
    y = rng.normal(size=(32, 1)).astype("float32")
    model.compile(optimizer=keras.optimizers.Adadelta(1.0), loss="mse")
    return model, x, y


def _fit_keras(make, tmp_path):
    model, x, y = make()
    before = [w.copy() for w in model.get_weights()]
    guard = nanguard.keras.Guard(logdir=str(tmp_path), max_consecutive_skips=100, verbose=0)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0, shuffle=False, callbacks=[guard])
    assert guard.skipped == 2  # both batches of the epoch
    after = model.get_weights()
    assert all(np.isfinite(w).all() for w in after)
    assert all(np.array_equal(b, a) for b, a in zip(before, after))
    return model, guard, guard.incidents[0]["finding"]


def test_mixed_float16_exp_overflow_is_a_forward_overflow_in_the_users_layer(tmp_path, policy):
    policy("mixed_float16")
    model, guard, finding = _fit_keras(k1_mixed_float16_poisson_rate, tmp_path)
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
    assert guard.loss_scale_skips == 0  # a non-finite loss is the guard's, not an overflow
    _check(finding, "k1", phase="forward", op="Exp", cause="overflow", trigger="loss",
           dtype="float16", layer_class="PoissonRate", text=("dtype='float32'",))
    assert finding["origin"]["rows"] == [3]


def test_mixed_bfloat16_negative_variance_is_a_forward_sqrt_domain_error_to_fix_in_float32(
        tmp_path, policy):
    # Failed before core.causes.precision_note: the fix was safe_sqrt, which would hide
    # the -2 variance instead of computing it right.
    policy("mixed_bfloat16")
    _, _, finding = _fit_keras(k2_mixed_bfloat16_layer_norm, tmp_path)
    _check(finding, "k2", phase="forward", op="Sqrt", cause="domain_error", trigger="loss",
           dtype="bfloat16", layer_class="MyLayerNorm",
           text=(PRECISION, "mean(x²) - mean(x)² can come out negative", "dtype='float32'"))
    assert finding["origin"]["rows"] == [5]
