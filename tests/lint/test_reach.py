"""Reach facts: a real singular point that cannot reach a trained value is not reported.

Each case is a whole module linted with ``min_confidence="low"`` and pins the
confidence of one finding (``None``: no finding), next to the same code without the
fact, so a case fails if the fact stops lowering the finding or lowers everything.
"""

from __future__ import annotations

import pytest

from nanguard.lint import calibration, lint_source


@pytest.fixture(autouse=True)
def _structural_grades(monkeypatch: pytest.MonkeyPatch) -> None:
    """These cases pin the structural grade each fact gives; the measured grade that
    replaces it per kind of evidence is pinned in test_calibration.py."""
    monkeypatch.setattr(calibration, "CALIBRATED", {})
    monkeypatch.setattr(calibration, "UNMEASURED_MAX", 2)


TORCH = "import torch\nfrom torch import nn\n"
JAX = "import jax\nimport jax.numpy as jnp\n"
TF = "import tensorflow as tf\n"


def _confidence(source: str, code: str) -> str | None:
    found = [d for d in lint_source(source, "t.py", min_confidence="low") if d.code == code]
    assert len(found) <= 1, found
    return found[0].confidence if found else None


CASES = [
    # -- a NaN that only flips a boolean (a series' loop condition) ------------------
    ("ratio_returned", JAX + "def f(term, serie):\n"
     "    return jnp.abs(term) / jnp.abs(serie)\n", "NG103", "high"),
    ("ratio_only_compared", JAX + "def f(term, serie):\n"
     "    return jnp.abs(term) / jnp.abs(serie) > 1e-6\n", "NG103", "low"),
    # -- capped or replaced right after: only the gradient remains -------------------
    ("update_uncapped", JAX + "def update_fn(updates, a, b):\n"
     "    return 1.0 / jnp.linalg.norm(a - b)\n", "NG103", "medium"),
    ("update_capped_by_minimum", JAX + "def update_fn(updates, a, b):\n"
     "    return jnp.minimum(1.0, 1.0 / jnp.linalg.norm(a - b))\n", "NG103", "low"),
    ("update_log", JAX + "def update_fn(updates, a, b):\n"
     "    t = jnp.log(jnp.linalg.norm(a - b))\n    return t\n", "NG101", "medium"),
    ("update_log_replaced_by_later_where", JAX + "def update_fn(updates, a, b):\n"
     "    t = jnp.log(jnp.linalg.norm(a - b))\n    t = jnp.where(a != b, t, 0.0)\n"
     "    return t\n", "NG101", "low"),
    ("update_log_later_where_on_another_value", JAX + "def update_fn(updates, a, b, c):\n"
     "    t = jnp.log(jnp.linalg.norm(a - b))\n    t = jnp.where(c > 0, t, 0.0)\n"
     "    return t\n", "NG101", "medium"),
    ("trained_capped_keeps_gradient_hazard", JAX + "def f(a, b):\n"
     "    return jnp.minimum(1.0, 1.0 / jnp.linalg.norm(a - b))\n", "NG103", "high"),
    ("log_of_targets", TF + "def poisson(targets, log_input):\n"
     "    s = targets * tf.math.log(targets)\n    return log_input + s\n", "NG101", "medium"),
    ("log_of_targets_replaced_by_where", TF + "def poisson(targets, log_input):\n"
     "    s = targets * tf.math.log(targets)\n    out = log_input\n"
     "    out += tf.where(targets <= 1, tf.zeros_like(targets), s)\n    return out\n", "NG101",
     "low"),
    # -- code reverse mode never enters -------------------------------------------------
    ("plain_distance", JAX + "def f(x, y):\n"
     "    return jnp.sqrt(jnp.sum(jnp.square(x - y)))\n", "NG102", "high"),
    ("custom_jvp_primal", JAX + "@jax.custom_jvp\ndef f(x, y):\n"
     "    return jnp.sqrt(jnp.sum(jnp.square(x - y)))\n", "NG102", "low"),
    ("while_loop_body", JAX + "def outer(x, cond):\n    def body(c):\n"
     "        return jnp.sqrt(jnp.sum(jnp.square(c - x)))\n"
     "    return jax.lax.while_loop(cond, body, x)\n", "NG102", "low"),
    # -- -inf as a function's value, and -inf scores in decoding ----------------------
    ("inf_value_of_function", JAX + "def entr(x):\n"
     "    return jnp.where(x < 0, -jnp.inf, x)\n", "NG111", "low"),
    ("mask_returned_to_caller", JAX + "def mask_scores(s, mask):\n"
     "    return jnp.where(mask, s, -jnp.inf)\n", "NG111", "high"),
    ("mask_in_beam_search", JAX + "def _ctc_beam_prune(s, mask):\n"
     "    return jnp.where(mask, s, -jnp.inf)\n", "NG111", "low"),
    ("helper_of_optimizer_builder", JAX + "def scale_by_dog(eps):\n    def _l2(x, y):\n"
     "        return jnp.sqrt(jnp.square(x - y).sum())\n"
     "    return optax.GradientTransformation(_l2, _l2)\n", "NG102", "low"),
    # -- a norm is 0 only where the whole vector is ---------------------------------
    ("norm_of_projection", TORCH + "class M(nn.Module):\n    def forward(self, x):\n"
     "        e = self.proj(x)\n        return e / e.norm(dim=-1, keepdim=True)\n", "NG103", "low"),
    ("norm_of_pooled_output", TORCH + "def f(outputs):\n    e = outputs.pooler_output\n"
     "    return e / e.norm(dim=-1, keepdim=True)\n", "NG103", "low"),
    ("norm_of_difference", TORCH + "def f(a, b):\n    d = a - b\n"
     "    return d / d.norm(dim=-1, keepdim=True)\n", "NG103", "high"),
    ("norm_of_unknown_argument", TORCH + "def normalize(t):\n"
     "    return t / t.norm(dim=-1, keepdim=True)\n", "NG103", "medium"),
    ("sum_of_squares_of_stft", TORCH + "def stft_loss(x):\n    s = torch.stft(x, 512)\n"
     "    return torch.sqrt(s.pow(2).sum(-1))\n", "NG102", "medium"),
    ("norm_of_gradient_in_update", JAX + "def update_fn(updates, state):\n"
     "    return updates / jnp.linalg.norm(updates)\n", "NG103", "medium"),
    # -- the weight of a matrix product is a parameter, not a sample weight ------------
    ("sigma_of_weight_matrix", TORCH + "def f(weight_mat, u, v, w):\n"
     "    sigma = torch.dot(u, torch.mv(weight_mat, v))\n    return w / sigma\n", "NG103", "low"),
    ("sum_of_sample_weights", TORCH + "def f(x, weights):\n"
     "    return x / torch.sum(weights)\n", "NG103", "medium"),
    # -- where(x >= 0, -x, x) is -|x| ------------------------------------------------
    ("exp_of_neg_abs_where", JAX + "def f(logits):\n    zeros = jnp.zeros_like(logits)\n"
     "    n = jnp.where(logits >= zeros, -logits, logits)\n    return jnp.exp(n)\n", "NG108",
     None),
    ("exp_of_logits", JAX + "def f(logits):\n    return jnp.exp(logits)\n", "NG108", "high"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "code", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_reach_fact_sets_the_confidence(source, code, expected):
    assert _confidence(source, code) == expected
