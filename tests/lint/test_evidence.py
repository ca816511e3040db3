"""Evidence-based findings: each value fact and each confidence level, on small programs.

Every case is a whole module linted with ``min_confidence="low"``, so a case pins both
whether the rule fires at all and at which confidence (``None``: no finding).
"""

from __future__ import annotations

import pytest

from nanguard.lint import calibration, lint_source
from nanguard.lint.evidence import Confidence


@pytest.fixture(autouse=True)
def _structural_grades(monkeypatch: pytest.MonkeyPatch) -> None:
    """These cases pin the structural grade each fact gives; the measured grade that
    replaces it per kind of evidence is pinned in test_calibration.py."""
    monkeypatch.setattr(calibration, "CALIBRATED", {})
    monkeypatch.setattr(calibration, "UNMEASURED_MAX", 2)


TORCH = (
    "import torch\nimport torch.nn.functional as F\nfrom torch.distributions import constraints\n"
)
TF = "import tensorflow as tf\n"
JAX = "import jax\nimport jax.numpy as jnp\n"


def _confidence(source: str, code: str) -> str | None:
    found = [d for d in lint_source(source, "t.py", min_confidence="low") if d.code == code]
    assert len(found) <= 1, found
    return found[0].confidence if found else None


CASES = [
    # -- evidence that a log/sqrt argument can reach 0 -------------------------------
    ("relu_output", TF + "def f(h):\n    return tf.math.log(tf.nn.relu(h))\n", "NG101", "high"),
    ("one_minus_sigmoid", TORCH + "def f(z):\n    return torch.log(1 - torch.sigmoid(z))\n",
     "NG101", "high"),
    ("tanh_can_be_negative", TF + "def f(x):\n    return tf.math.log(tf.tanh(x))\n", "NG101",
     "high"),
    ("loss_input", TF + "def my_loss(y, p):\n    return tf.math.log(p)\n", "NG101", "medium"),
    ("crossentropy_named_input", TF + "def binary_crossentropy(y, p):\n"
     "    return tf.math.log(1.0 - p)\n", "NG101", "medium"),
    ("loss_class_forward", TORCH + "class DiceLoss(torch.nn.Module):\n"
     "    def forward(self, x):\n        return torch.log(x)\n", "NG101", "medium"),
    ("no_evidence", TF + "def f(p):\n    return tf.math.log(p)\n", "NG101", "low"),
    ("positive_by_name_attribute", TORCH + "def f(p, q):\n    return (p.rate / q.rate).log()\n",
     "NG101", "low"),
    ("difference_of_attributes", TORCH + "def f(self):\n"
     "    return torch.log(self.high - self.low)\n", "NG101", "low"),
    # -- facts that make a value positive: never reported ----------------------------
    ("clamped_in_place_before", TORCH + "def my_loss(var, eps=1e-6):\n    var = var.clone()\n"
     "    with torch.no_grad():\n        var.clamp_(min=eps)\n    return torch.log(var)\n",
     "NG101", None),
    ("clamped_on_earlier_line", TORCH + "def my_loss(p):\n    p = torch.clamp(p, min=1e-6)\n"
     "    return torch.log(p)\n", "NG101", None),
    ("validated_before", TORCH + "def my_loss(x):\n    if (x <= 0).any():\n"
     "        raise ValueError('x')\n    return torch.log(x)\n", "NG101", None),
    ("declared_positive", TORCH + "class D:\n    arg_constraints = {'rate': constraints.positive}\n"
     "    def f(self):\n        return torch.log(self.rate)\n", "NG101", None),
    ("softplus_plus_eps", JAX + "def my_loss(z):\n    return jnp.log(jax.nn.softplus(z) + 1e-6)\n",
     "NG101", None),
    # -- sqrt: gradient-only hazards and torch's norm --------------------------------
    ("sum_of_squares", TF + "def f(a, b):\n"
     "    return tf.sqrt(tf.reduce_sum(tf.square(a - b), -1))\n", "NG102", "high"),
    ("sum_of_squares_under_no_grad", TORCH + "def f(a, b):\n    with torch.no_grad():\n"
     "        return torch.sqrt(((a - b) ** 2).sum(-1))\n", "NG102", "low"),
    ("optimizer_update_step", TF + "def update_step(self, gradient, variable):\n"
     "    return tf.sqrt(tf.reduce_sum(tf.square(gradient)))\n", "NG102", "low"),
    ("moments_variance", TF + "class L(tf.keras.layers.Layer):\n    def call(self, x):\n"
     "        mean, var = tf.nn.moments(x, axes=[-1])\n        return tf.math.rsqrt(var)\n",
     "NG102", "high"),
    ("tf_norm_of_difference", TF + "def f(a, b):\n    return tf.norm(a - b)\n", "NG102", "high"),
    ("torch_norm_of_difference", TORCH + "def f(a, b):\n    return torch.linalg.norm(a - b)\n",
     "NG102", None),
    # -- divisions: what is summed ---------------------------------------------------
    ("mask_sum", TF + "def f(x, mask):\n    return tf.reduce_sum(x * mask) / tf.reduce_sum(mask)\n",
     "NG103", "medium"),
    ("std_denominator", TF + "def f(x):\n    return x / tf.math.reduce_std(x)\n", "NG103", "high"),
    ("sum_of_predictions", TF + "def my_loss(y_true, y_pred):\n"
     "    return y_pred / tf.reduce_sum(y_pred, -1, keepdims=True)\n", "NG103", "low"),
    ("sum_of_softmax", TF + "def f(z):\n    p = tf.nn.softmax(z)\n"
     "    return p / tf.reduce_sum(p, -1, keepdims=True)\n", "NG103", None),
    ("sum_of_attribute", TORCH + "def mean(self):\n"
     "    return self.concentration / self.concentration.sum(-1, True)\n", "NG103", "low"),
    # -- exp: unbounded evidence, log-probabilities, the quantity itself -------------
    ("logits_name", TF + "def f(logits):\n    return tf.exp(logits)\n", "NG108", "high"),
    ("layer_output", TORCH + "class M(torch.nn.Module):\n    def forward(self, x):\n"
     "        return torch.exp(self.fc(x))\n", "NG108", "medium"),
    ("exp_of_log_prob", TORCH + "def f(d, x):\n    return torch.exp(d.log_prob(x))\n", "NG108",
     None),
    ("exp_of_log_predictions", JAX + "def f(log_predictions):\n"
     "    return jnp.exp(log_predictions)\n", "NG108", None),
    ("perplexity", JAX + "def f(loss):\n    perplexity = jnp.exp(loss)\n    return perplexity\n",
     "NG108", "low"),
    ("closed_form_mean", TORCH + "def mean(loc, scale):\n    return torch.exp(loc + scale)\n",
     "NG108", "low"),
    # -- masks, where, softmax ------------------------------------------------------
    ("causal_tril_mask", JAX + "def f(s, t):\n    causal = jnp.tril(jnp.ones((t, t), bool))\n"
     "    return jnp.where(causal, s, -jnp.inf)\n", "NG111", None),
    ("padding_mask", JAX + "def f(s, mask):\n    return jnp.where(mask, s, -jnp.inf)\n", "NG111",
     "high"),
    ("where_on_targets", JAX + "def kl(targets, p):\n"
     "    return jnp.where(targets == 0, 0, jnp.log(targets))\n", "NG104", "low"),
    ("where_on_prediction", JAX + "def f(x):\n    return jnp.where(x > 0, jnp.log(x), 0.0)\n",
     "NG104", "high"),
    ("log_softmax_plus_eps", JAX + "def f(z):\n    return jnp.log(jax.nn.softmax(z) + 1e-9)\n",
     "NG112", "low"),
    ("eager_raise_check", TORCH + "def nll_loss(var):\n    if torch.any(var < 0):\n"
     "        raise ValueError('var')\n    return var\n", "NG105", None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "code", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_finding_and_confidence_follow_the_evidence(source, code, expected):
    assert _confidence(source, code) == expected


def test_min_confidence_filters_by_level():
    source = TF + "def f(p, h):\n    a = tf.math.log(p)\n    return tf.math.log(tf.nn.relu(h))\n"
    assert [d.line for d in lint_source(source, "t.py", min_confidence="low")] == [3, 4]
    assert [d.line for d in lint_source(source, "t.py")] == [4]
    assert [d.line for d in lint_source(source, "t.py", min_confidence=Confidence.HIGH)] == [4]


def test_bad_min_confidence_names_the_argument_and_the_allowed_values():
    from nanguard.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match=r"min_confidence.*low, medium, high.*sure"):
        lint_source("x = 1\n", "t.py", min_confidence="sure")
