"""Robustness sweep (JAX): NaN bugs from real JAX/Flax issue threads, rewritten as a user's
small optax training program (the buggy line in the user's own code), run under the
documented loop of ``docs/jax.md``: ``nanguard.jax.guard(tx)`` + ``nanguard.jax.apply_updates``
under ``jax.jit``, ``nanguard.jax.Monitor(loss_fn=...)`` on the host, and ``nanguard.locate``.

Each program pins the two promises: no non-finite value reaches the weights (every step is
skipped, every parameter leaf stays bitwise unchanged), and the finding names the phase, the
op, the module path and the line marked ``# BUG-LINE <name>`` in this file, with the cause.
The optimizers are the ones the programs' authors used or could have used: none is Adam
(SGD with Nesterov momentum, Lion, Adagrad, Adafactor, LAMB, RMSprop). One program keeps
its parameters and batch in bfloat16. The source URL of each report is above its program.
"""

from __future__ import annotations

import linecache

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
nn = pytest.importorskip("flax.linen")
nnx = pytest.importorskip("flax.nnx")
import jax.numpy as jnp  # noqa: E402

import nanguard  # noqa: E402
import nanguard.jax as ngj  # noqa: E402
from nanguard.core.localize import finding_from_trace  # noqa: E402


class Encoder(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(4, name="proj")(nn.tanh(nn.Dense(8, name="body")(x)))


# J1 https://github.com/jax-ml/jax/issues/2377 (and #21723): jnp.linalg.norm at a zero
# difference; a siamese distance whose positive pair is the same sample.
def j1_norm_of_identical_pair():
    a = jax.random.normal(jax.random.PRNGKey(0), (8, 6))
    b = jax.random.normal(jax.random.PRNGKey(1), (8, 6)).at[3].set(a[3])
    model = Encoder()
    params = model.init(jax.random.PRNGKey(2), a)

    def loss_fn(params, a, b):
        ea, eb = model.apply(params, a), model.apply(params, b)
        dist = jnp.linalg.norm(ea - eb, axis=1)  # BUG-LINE j1
        return jnp.mean(dist ** 2)
    return params, (a, b), loss_fn, optax.sgd(1e-2, momentum=0.9, nesterov=True)


# J2 https://github.com/jax-ml/jax/issues/11716 : grad of jnp.std over a constant vector;
# a diversity bonus on the predictions of a batch whose inputs are all the same.
def j2_std_of_constant_predictions():
    x = jnp.ones((8, 6))
    y = jax.random.normal(jax.random.PRNGKey(1), (8, 4))
    model = Encoder()
    params = model.init(jax.random.PRNGKey(2), x)

    def loss_fn(params, x, y):
        pred = model.apply(params, x)
        return jnp.mean((pred - y) ** 2) - 0.1 * jnp.std(pred, axis=0).mean()  # BUG-LINE j2
    return params, (x, y), loss_fn, optax.lion(1e-3)


# J3 https://github.com/davidsandberg/facenet/issues/692 : arccos of the cosine similarity
# of identical embeddings (clipped to [-1, 1], as the thread suggests: the value is finite,
# the derivative at 1 is not).
class Embedder(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(5, name="proj")(x)


def j3_arccos_of_identical_embeddings():
    e = jax.random.normal(jax.random.PRNGKey(0), (6, 5))
    a, b = e, e.at[:3].set(-e[:3])  # rows 3..5 are the same face twice
    model = Embedder()
    params = model.init(jax.random.PRNGKey(2), a)

    def loss_fn(params, a, b):
        ea, eb = model.apply(params, a), model.apply(params, b)
        cos = jnp.sum(ea * eb, 1) / (jnp.linalg.norm(ea, axis=1) * jnp.linalg.norm(eb, axis=1))
        angle = jnp.arccos(jnp.clip(cos, -1.0, 1.0))  # BUG-LINE j3
        return jnp.mean(angle)
    return params, (a, b), loss_fn, optax.adagrad(1e-2)


# J4 https://github.com/jadore801120/attention-is-all-you-need-pytorch/issues/5 (and
# https://github.com/jax-ml/jax/pull/30167): a hand-written Flax self-attention that masks
# padding with -inf; an empty sentence masks every key of its queries.
class SelfAttention(nn.Module):
    @nn.compact
    def __call__(self, h, pad):
        q, k = nn.Dense(8, name="q")(h), nn.Dense(8, name="k")(h)
        scores = q @ k.transpose(0, 2, 1) / jnp.sqrt(8.0)
        scores = jnp.where(pad[:, None, :], -jnp.inf, scores)
        weights = jax.nn.softmax(scores, axis=-1)  # BUG-LINE j4
        return weights @ h


class Tagger(nn.Module):
    @nn.compact
    def __call__(self, tokens, pad):
        h = nn.Embed(10, 8, name="emb")(tokens)
        h = SelfAttention(name="attn")(h, pad)
        return nn.Dense(1, name="head")(h).mean()


def j4_attention_all_padded():
    tokens = jax.random.randint(jax.random.PRNGKey(0), (4, 5), 1, 10).at[2].set(0)
    pad = tokens == 0
    model = Tagger()
    params = model.init(jax.random.PRNGKey(2), tokens, pad)

    def loss_fn(params, tokens, pad):
        return model.apply(params, tokens, pad)
    return params, (tokens, pad), loss_fn, optax.adafactor(1e-2)


# J5 https://github.com/keras-team/keras-core/issues/196 : binary cross-entropy as
# sigmoid -> clip(p, eps, 1 - eps) -> log, in bfloat16: 1 - 1e-7 rounds to 1.0, so the
# clip does nothing and a confident negative gives log(1 - 1) = log(0).
class Classifier(nn.Module):
    @nn.compact
    def __call__(self, x):
        dense = nn.Dense(1, dtype=jnp.bfloat16, param_dtype=jnp.bfloat16, name="out")
        return dense(x)[:, 0]


def j5_bce_clip_in_bfloat16():
    x = jax.random.normal(jax.random.PRNGKey(0), (8, 4)).astype(jnp.bfloat16)
    x = x.at[5].set(jnp.full((4,), 9.0, jnp.bfloat16))  # a confident sample: logit 36
    y = jnp.zeros((8,), jnp.bfloat16)
    model = Classifier()
    params = model.init(jax.random.PRNGKey(2), x)
    params = jax.tree_util.tree_map(jnp.ones_like, params)
    eps = 1e-7

    def loss_fn(params, x, y):
        p = jnp.clip(jax.nn.sigmoid(model.apply(params, x)), eps, 1 - eps)
        return -jnp.mean(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))  # BUG-LINE j5
    return params, (x, y), loss_fn, optax.lamb(1e-3)


# J6 https://github.com/apple/coremltools/pull/2822 (and
# https://github.com/local-inference-lab/b12x/issues/121): an RMSNorm written without
# epsilon; an all-zero (padding) row gives rsqrt(0) = inf, then 0 * inf. Flax NNX.
class RMSNorm(nnx.Module):
    def __init__(self, dim):
        self.scale = nnx.Param(jnp.ones((dim,)))

    def __call__(self, x):
        inv = jax.lax.rsqrt(jnp.mean(x * x, axis=-1, keepdims=True))  # BUG-LINE j6
        return x * inv * self.scale


class NormNet(nnx.Module):
    def __init__(self, rngs):
        self.norm = RMSNorm(6)
        self.head = nnx.Linear(6, 1, rngs=rngs)

    def __call__(self, x):
        return self.head(self.norm(x))[:, 0]


def j6_nnx_rmsnorm_without_epsilon():
    model = NormNet(nnx.Rngs(0))
    graphdef, state = nnx.split(model)
    x = jax.random.normal(jax.random.PRNGKey(0), (8, 6)).at[6].set(0.0)  # a padding row
    y = jax.random.normal(jax.random.PRNGKey(1), (8,))

    def loss_fn(state, x, y):
        return jnp.mean((nnx.merge(graphdef, state)(x) - y) ** 2)
    return nnx.as_pure(state), (x, y), loss_fn, optax.sgd(1e-2)


# J7 https://github.com/google-deepmind/open_spiel/issues/127 ("probabilities contain NaN"
# when every legal action of a state is masked): a policy whose illegal actions are masked
# with -inf before jax.nn.log_softmax (a jitted function), on a state with no legal action.
class PolicyNet(nn.Module):
    @nn.compact
    def __call__(self, s):
        return nn.Dense(4, name="logits")(nn.tanh(nn.Dense(8, name="body")(s)))


def j7_log_softmax_no_legal_action():
    s = jax.random.normal(jax.random.PRNGKey(0), (6, 3))
    legal = jnp.ones((6, 4), bool).at[2].set(False)  # a terminal state: nothing is legal
    actions = jnp.zeros((6,), jnp.int32)
    model = PolicyNet()
    params = model.init(jax.random.PRNGKey(1), s)

    def loss_fn(params, s, legal, actions):
        logits = jnp.where(legal, model.apply(params, s), -jnp.inf)
        logp = jax.nn.log_softmax(logits)  # BUG-LINE j7
        return -jnp.take_along_axis(logp, actions[:, None], 1).mean()
    return params, (s, legal, actions), loss_fn, optax.sgd(1e-2, momentum=0.9)


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG-LINE {tag}"))


def _train_guarded(make, steps: int = 3):
    params, batch, loss_fn, inner = make()
    tx = ngj.guard(inner)
    opt_state = tx.init(params)

    @jax.jit
    def train_step(params, opt_state, *batch):
        loss, grads = jax.value_and_grad(loss_fn)(params, *batch)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        params = ngj.apply_updates(params, updates, opt_state)
        return params, opt_state, ngj.metrics(opt_state)

    before = [np.asarray(p).copy() for p in jax.tree_util.tree_leaves(params)]
    mon = ngj.Monitor(None, loss_fn=loss_fn, max_consecutive_skips=100, verbose=0)
    for _ in range(steps):
        params, opt_state, m = train_step(params, opt_state, *batch)
        mon.observe(m, params=params, opt_state=opt_state, batch=batch)
        assert all(bool(jnp.isfinite(p).all()) for p in jax.tree_util.tree_leaves(params))
    mon.close()
    assert mon.status.skipped == steps
    after = [np.asarray(p) for p in jax.tree_util.tree_leaves(params)]
    assert all(b.dtype == a.dtype and b.tobytes() == a.tobytes() for b, a in zip(before, after))
    finding = mon.incidents[0]["finding"]
    located = nanguard.locate(loss_fn, params, *batch)
    return finding, located


def _check(finding, located, tag, *, phase, op, cause, trigger, layer=None, text=()):
    origin = finding["origin"]
    line = _bug_line(tag)
    assert (origin["phase"], origin["op"], origin["line"]) == (phase, op, line), origin
    assert origin["file"] == __file__
    assert (finding["cause"], finding["trigger"]) == (cause, trigger), finding
    assert (located.phase, located.op, located.line, located.cause) == (phase, op, line, cause)
    assert origin["layer"] == located.layer == layer
    for piece in text:
        assert piece in finding["explanation"] + finding["fix"], finding
    assert linecache.getline(__file__, line)


def test_norm_of_an_identical_pair_is_a_backward_sqrt_singularity_under_nesterov_sgd():
    finding, located = _train_guarded(j1_norm_of_identical_pair)
    _check(finding, located, "j1", phase="backward", op="sqrt", cause="grad_singularity",
           trigger="gradients", text=("safe_norm",))


def test_std_bonus_on_constant_predictions_is_a_backward_sqrt_singularity_under_lion():
    finding, located = _train_guarded(j2_std_of_constant_predictions)
    _check(finding, located, "j2", phase="backward", op="sqrt", cause="grad_singularity",
           trigger="gradients", text=("safe_sqrt",))


def test_arccos_of_identical_embeddings_is_a_backward_acos_singularity_under_adagrad():
    finding, located = _train_guarded(j3_arccos_of_identical_embeddings)
    _check(finding, located, "j3", phase="backward", op="acos", cause="grad_singularity",
           trigger="gradients", text=("safe_acos",))


def test_all_padded_sentence_names_jax_softmax_in_the_attention_module_with_its_row():
    # Failed before: the origin was the `sub` inside jax.nn.softmax (JAX lowers softmax
    # to max/sub/exp/div), so the finding named `sub`, gave no attention fix and said the
    # NaN came "from finite inputs" (they held the mask's -inf).
    finding, located = _train_guarded(j4_attention_all_padded)
    _check(finding, located, "j4", phase="forward", op="jax.nn.softmax",
           cause="invalid_operation", trigger="loss", layer="Tagger/attn",
           text=("every key of an attention query", "nanguard.ops.masked_softmax",
                 "only non-finite values are -inf", "has every entry masked (row 2)"))
    assert finding["origin"]["rows"] == [2] and finding["origin"]["kind"] == "softmax"
    assert "from finite inputs" not in finding["explanation"]


def test_bfloat16_bce_whose_clip_rounds_to_one_is_a_forward_log_of_zero_under_lamb():
    finding, located = _train_guarded(j5_bce_clip_in_bfloat16)
    _check(finding, located, "j5", phase="forward", op="log", cause="log_of_zero",
           trigger="loss", text=("safe_log", "It ran in bfloat16", "x.astype(jnp.float32)"))
    assert finding["origin"]["rows"] == [5]
    assert finding["origin"]["inputs"][0]["dtype"] == "bfloat16"


def test_nnx_rmsnorm_without_epsilon_names_rsqrt_in_the_users_norm_module():
    finding, located = _train_guarded(j6_nnx_rmsnorm_without_epsilon)
    _check(finding, located, "j6", phase="forward", op="rsqrt", cause="div_by_zero",
           trigger="loss", layer="norm")
    assert finding["origin"]["layer_class"] == "RMSNorm"  # the user's own class
    assert finding["origin"]["rows"] == [6]


def test_a_state_with_no_legal_action_names_the_jitted_jax_log_softmax_and_its_row():
    # Failed before: jax.nn.log_softmax is @jax.jit, so the op was the `sub` inside it
    # (its equations have no user frame of their own; the name is in the jaxpr's debug info).
    finding, located = _train_guarded(j7_log_softmax_no_legal_action)
    _check(finding, located, "j7", phase="forward", op="jax.nn.log_softmax",
           cause="invalid_operation", trigger="loss",
           text=("only non-finite values are -inf", "nanguard.ops.masked_softmax",
                 "every legal action of a state", "states with no legal action"))
    assert finding["origin"]["rows"] == [2] and finding["origin"]["kind"] == "log_softmax"
    # No layer class is known here: the remedy is not worded for attention only (failed
    # before: "A query of the batch has every key masked: its attention softmax...").
    assert "attention softmax" not in finding["explanation"]


def _stats(n_nan=0, n_posinf=0, n_neginf=0):
    return {"dtype": "float32", "shape": [4], "min": 0.0, "max": 1.0, "n_nan": n_nan,
            "n_posinf": n_posinf, "n_neginf": n_neginf, "n_zero": 0, "n_negative": 0}


def _one_op_trace(op, kind, inputs):
    names = [f"in{i}" for i in range(len(inputs))]
    return {"schema": "nanguard.trace/2", "framework": "jax", "loss": "loss",
            "nodes": [{"name": "n0", "type": op, "kind": kind, "phase": "forward",
                       "inputs": names, "outputs": ["out"], "file": "train.py", "line": 3},
                      {"name": "n1", "type": "reduce_sum", "kind": "sum", "phase": "forward",
                       "inputs": ["out"], "outputs": ["loss"], "file": "train.py", "line": 4}],
            "stats": {**dict(zip(names, inputs)), "out": _stats(n_nan=2),
                      "loss": _stats(n_nan=1)}}


def test_the_explanation_says_what_the_inputs_held_not_always_finite():
    # Failed before: every forward origin was said to make NaN "from finite inputs", and
    # core.layer_fixes string-replaced that text for the masked softmax only.
    inf_minus_inf = finding_from_trace(_one_op_trace(
        "sub", "sub", [_stats(n_posinf=1), _stats(n_posinf=1)]))
    assert inf_minus_inf.cause == "invalid_operation"
    assert "from inputs whose only non-finite values are +inf" in inf_minus_inf.explanation
    assert "finite inputs" not in inf_minus_inf.explanation
    sqrt = finding_from_trace(_one_op_trace("sqrt", "sqrt", [_stats()]))
    assert (sqrt.cause, "from finite inputs") == ("domain_error", "from finite inputs") and \
        "produced NaN/Inf from finite inputs" in sqrt.explanation
