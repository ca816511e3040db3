"""Where evidence comes from: parameters, calls in the same file, and library conventions.

A compiled function's parameter is not evidence by itself (its domain is the caller's);
a loss's inputs, a layer's ``call`` inputs and values passed down from them are. Each
case is a whole module linted with ``min_confidence="low"`` and pins the confidence of
the one finding (``None``: no finding). Most mechanisms come with a control that still
fires, so a case cannot pass by the rule going silent.
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


TORCH = "import math\nimport torch\n"
TF = "import tensorflow as tf\n"
JAX = "import functools\nimport jax\nimport jax.numpy as jnp\nimport numpy as np\n"


def _confidence(source: str, code: str) -> str | None:
    found = [d for d in lint_source(source, "t.py", min_confidence="low") if d.code == code]
    assert len(found) <= 1, found
    return found[0].confidence if found else None


CASES = [
    # -- parameters: compiled alone is not evidence, loss/layer inputs and passing are --
    ("jit_parameter_alone", JAX + "@jax.jit\ndef gammaln_like(x):\n    return jnp.log(x)\n",
     "NG101", "low"),
    ("partial_jit_parameter_alone", JAX + "@functools.partial(jax.jit, static_argnames='n')\n"
     "def sampler(lam, n):\n    return jnp.log(lam)\n", "NG101", "low"),
    ("tf_function_parameter_alone", TF + "@tf.function\ndef helper(x):\n"
     "    return tf.math.log(x)\n", "NG101", "low"),
    ("layer_call_input", TF + "class L(tf.keras.layers.Layer):\n    def call(self, x):\n"
     "        return x / tf.reduce_sum(x, -1, keepdims=True)\n", "NG103", "medium"),
    ("passed_from_a_loss", TF + "@tf.function\ndef log_term(v):\n    return tf.math.log(v)\n"
     "@tf.function\ndef poisson_nll(y_true, y_pred):\n"
     "    return y_pred - y_true * log_term(y_pred)\n",
     "NG101", "medium"),
    ("passed_through_two_calls", TF + "@tf.function\ndef inner(v):\n    return tf.math.log(v)\n"
     "@tf.function\ndef middle(y, w):\n    return w - y * inner(w)\n"
     "def my_loss(y_true, y_pred):\n    return middle(y_true, y_pred)\n", "NG101", "medium"),
    ("passed_a_constant_only", TF + "@tf.function\ndef inner(v):\n    return tf.math.log(v)\n"
     "def my_loss(y_true, y_pred):\n    return inner(2.0) * y_pred\n", "NG101", "low"),
    ("wrapped_by_the_file", TF + "def features(x):\n    return tf.math.log(x)\n"
     "pre = tf.function(features)\n", "NG101", "medium"),
    ("layer_method_passes_input", TF + "class L(tf.keras.layers.Layer):\n"
     "    def call(self, x):\n        return self._scale(x)\n"
     "    def _scale(self, x):\n        return x / tf.reduce_sum(x, -1, keepdims=True)\n",
     "NG103", "medium"),
    # -- names documented positive: lower, unless a prediction is passed in ----------
    ("parameter_named_scale", JAX + "def f(scale):\n    return jnp.log(scale)\n", "NG101", "low"),
    ("parameter_named_scale_in_loss", JAX + "def my_loss(y, scale):\n    return jnp.log(scale)\n",
     "NG101", "medium"),
    ("prediction_passed_as_rate", TF + "def rate_term(rate):\n    return tf.math.log(rate)\n"
     "def my_loss(y_true, y_pred):\n    return rate_term(y_pred)\n", "NG101", "medium"),
    # -- attention masks keep a token per sequence ------------------------------------
    ("attention_mask_sum", TORCH + "def aux_loss(x, attention_mask):\n"
     "    flat = attention_mask.reshape(-1).float()\n    return x.sum() / flat.sum()\n",
     "NG103", "low"),
    ("attention_mask_sum_direct", TORCH + "def aux_loss(x, attention_mask):\n"
     "    return x.sum() / attention_mask.sum()\n", "NG103", "low"),
    ("loss_mask_sum", TORCH + "def aux_loss(x, mask):\n    return x.sum() / mask.sum()\n",
     "NG103", "medium"),
    # -- exp: log-probability flags, learned log-scales -------------------------------
    ("exp_in_log_prob_branch", TORCH + "def kl_loss(p, q, log_prob):\n    if log_prob:\n"
     "        return (p.exp() * (p - q)).sum()\n    return (p * (p / q).log()).sum()\n",
     "NG108", None),
    ("exp_outside_log_prob_branch", TORCH + "def kl_loss(p, q, log_prob):\n    if log_prob:\n"
     "        return p.sum()\n    return p.exp().sum()\n", "NG108", "medium"),
    ("learned_logit_scale_attribute", TORCH + "class M(torch.nn.Module):\n"
     "    def forward(self, a):\n        return a * self.logit_scale.exp()\n", "NG108", "high"),
    ("learned_log_std_in_product", TORCH + "class M(torch.nn.Module):\n"
     "    def forward(self, a):\n        return a * torch.exp(2 * self.log_std)\n", "NG108",
     "high"),
    ("distribution_logits_attribute", TORCH + "class D:\n    def mean(self):\n"
     "        return self.total_count * torch.exp(self.logits)\n", "NG108", "low"),
    # -- sqrt(v) is 0 only where v is --------------------------------------------------
    ("sqrt_under_log_of_unknown", JAX + "def f(w):\n    z = jnp.sqrt(w)\n"
     "    return jnp.log(z)\n", "NG101", "low"),
    ("sqrt_of_difference_under_log", JAX + "def f(a, b):\n    z = jnp.sqrt(a - b)\n"
     "    return jnp.log(z)\n", "NG101", "high"),
    # -- never differentiated: metrics, generation, optimizer builders, grad params ----
    ("metric_class_gradient_hazard", TORCH + "class Rmse(Metric):\n"
     "    def compute(self, a, b):\n        return torch.sqrt(((a - b) ** 2).sum())\n",
     "NG102", "low"),
    ("module_same_hazard", TORCH + "class Rmse(torch.nn.Module):\n"
     "    def forward(self, a, b):\n        return torch.sqrt(((a - b) ** 2).sum())\n",
     "NG102", "high"),
    ("logits_processor_ban", TORCH + "class BanLogitsProcessor(LogitsProcessor):\n"
     "    def __call__(self, input_ids, scores):\n        scores[:, 0] = -float('inf')\n"
     "        return scores\n", "NG111", "low"),
    ("training_mask_assignment", TORCH + "class Head(torch.nn.Module):\n"
     "    def forward(self, scores, mask):\n        scores[~mask] = -float('inf')\n"
     "        return scores.softmax(-1)\n", "NG111", "high"),
    ("optimizer_decorated_builder", JAX + "@optimizer\ndef adagrad(step_size):\n"
     "    def update(i, g, state):\n"
     "        return jnp.where(state > 0, 1.0 / jnp.sqrt(state), 0.0)\n"
     "    return update\n", "NG104", "low"),
    ("grad_tree_parameter", JAX + "def clip_grads(grad_tree, max_norm, norm):\n"
     "    return jnp.where(norm < max_norm, grad_tree, grad_tree * (max_norm / norm))\n",
     "NG104", "low"),
    # -- -inf as a value, log(0) as a constant ----------------------------------------
    ("neg_inf_outside_support_of_log_probs", JAX + "def logpdf(x, a):\n"
     "    log_probs = a * jnp.log1p(x)\n    ok = x > 0\n"
     "    out = jnp.where(ok, log_probs, -np.inf)\n"
     "    return out * 2\n", "NG111", "low"),
    ("neg_inf_over_scores", JAX + "def f(x, keep):\n    scores = x * 2\n"
     "    out = jnp.where(keep, scores, -np.inf)\n    return jax.nn.softmax(out)\n",
     "NG111", "high"),
    ("neg_inf_inline_in_a_logpmf", JAX + "def logpmf(k, p):\n"
     "    return jnp.where(k < 0, -np.inf, k * jnp.log1p(-p))\n", "NG111", "low"),
    ("neg_inf_inline_in_a_scorer", JAX + "def score(k, p):\n"
     "    out = jnp.where(k, -np.inf, p)\n    return jax.nn.softmax(out)\n", "NG111", "high"),
    ("abs_of_positive_attribute", TORCH + "class D:\n    def cdf(self, x):\n"
     "        return (x - self.loc) / torch.abs(self.scale)\n", "NG103", "low"),
    ("abs_of_difference", TORCH + "def f(x, a, b):\n    return x / torch.abs(a - b)\n", "NG103",
     "high"),
    ("log_of_literal_zero", TF + "def f(x):\n    return tf.fill(tf.shape(x), tf.math.log(0.0))\n",
     "NG101", None),
    ("log_of_two_pi", JAX + "def f(x):\n    return x - jnp.log(2 * np.pi)\n", "NG101", None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "code", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_evidence_source_sets_the_confidence(source, code, expected):
    assert _confidence(source, code) == expected


def test_a_lambda_scope_does_not_crash_the_never_differentiated_check():
    # A lambda's body is an expression, not a statement list (NG002 on jax's optimizers.py).
    source = JAX + "def clip(tree, m):\n    norm = jnp.sqrt(tree)\n"
    source += "    f = lambda g: jnp.where(norm < m, g, g * (m / norm))\n    return f\n"
    codes = [d.code for d in lint_source(source, "t.py", min_confidence="low")]
    assert "NG002" not in codes
    assert "NG104" in codes
