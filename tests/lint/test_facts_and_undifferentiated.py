"""Value facts and never-differentiated code added for issue 16's held-out false positives.

Each case is a whole module linted at ``min_confidence="low"`` with the structural
grades (no calibration table), so it pins whether a rule fires and how sure it is.
"""

from __future__ import annotations

import pytest

from nanguard.lint import calibration, lint_source


@pytest.fixture(autouse=True)
def _structural_grades(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibration, "CALIBRATED", {})
    monkeypatch.setattr(calibration, "UNMEASURED_MAX", 2)


TORCH = "import torch\n"


def _found(source: str, code: str) -> list[tuple[int, str]]:
    return [
        (d.line, d.confidence)
        for d in lint_source(source, "t.py", min_confidence="low")
        if d.code == code
    ]


SSIM_LIKE = (
    TORCH + "def f(x, y):\n"
    "    c1, c2 = 0.01**2, 0.03**2\n"
    "    v = ((x - y) ** 2).mean()\n"
    "    return v / (v.sum() + {c})\n"
)


def test_a_constant_bound_by_tuple_assignment_guards_a_denominator():
    assert _found(SSIM_LIKE.format(c="c2"), "NG103") == []
    assert _found(SSIM_LIKE.format(c="0"), "NG103") != []  # the same without the constant


def test_a_tuple_unpacked_from_a_call_is_not_taken_element_wise():
    source = TORCH + "def f(x):\n    a, b = g(x)\n    return x / (b.sum() + a)\n"
    assert _found(source, "NG103") != []


BLEU_LIKE = TORCH + "def f(numerator, denominator):\n    {guard}\n    return torch.log(numerator)\n"


@pytest.mark.parametrize(
    "guard",
    [
        "if min(numerator) == 0:\n        return 0.0",
        "if numerator.min() <= 0:\n        return 0.0",
        "if (numerator <= 0).any():\n        return None",
    ],
)
def test_an_early_return_on_zero_proves_the_value_positive_after_it(guard):
    assert _found(BLEU_LIKE.format(guard="pass"), "NG101") != []
    assert _found(BLEU_LIKE.format(guard=guard), "NG101") == []


def test_an_early_return_under_and_proves_nothing():
    guard = "if min(numerator) == 0 and denominator.sum() > 0:\n        return 0.0"
    assert _found(BLEU_LIKE.format(guard=guard), "NG101") != []


@pytest.mark.parametrize(
    "expr",
    [
        "torch.sum(target_distribution ** a, dim=-1)",
        "torch.sum(target_distribution ** a * preds_distribution ** (1 - a), dim=-1)",
        "torch.softmax(z, -1).pow(a).sum(-1)",
    ],
)
def test_log_of_a_sum_over_a_distribution_or_its_powers_is_not_flagged(expr):
    header = "def loss(target_distribution, preds_distribution, z, a):\n"
    source = TORCH + header + f"    return torch.log({expr})\n"
    assert _found(source, "NG101") == []


def test_log_of_a_sum_of_a_distribution_times_data_is_still_flagged():
    source = (
        TORCH + "def loss(target, mask):\n    return torch.log(torch.sum(target ** 2 * mask, -1))\n"
    )
    assert _found(source, "NG101") != []


NORM = "    return x / torch.sqrt((x ** 2).sum(-1, keepdim=True))\n"


def test_a_class_declaring_is_differentiable_false_is_never_differentiated():
    body = "    def update(self, x):\n    " + NORM
    plain = TORCH + "class M:\n" + body
    metric = TORCH + "class M:\n    is_differentiable = False\n" + body
    assert "medium" in {c for _, c in _found(plain, "NG102")}
    assert {c for _, c in _found(metric, "NG102")} == {"low"}  # a gradient-only hazard


def test_a_private_helper_called_only_under_no_grad_is_never_differentiated():
    source = (
        TORCH + "def _unit(x):\n" + NORM + "\n"
        "@torch.no_grad()\ndef evaluate(a):\n    return _unit(a)\n\n"
        "def score(a):\n    with torch.no_grad():\n        return _unit(a)\n"
    )
    assert {c for _, c in _found(source, "NG102")} == {"low"}


@pytest.mark.parametrize(
    "other_use",
    [
        "def train(a):\n    return _unit(a)\n",  # also called where gradients flow
        "def train(xs):\n    return list(map(_unit, xs))\n",  # passed as a value
    ],
)
def test_a_private_helper_with_a_differentiated_use_keeps_its_grade(other_use):
    source = (
        TORCH + "def _unit(x):\n" + NORM + "\n"
        "@torch.no_grad()\ndef evaluate(a):\n    return _unit(a)\n\n" + other_use
    )
    assert "medium" in {c for _, c in _found(source, "NG102")}


def test_a_public_function_called_under_no_grad_keeps_its_grade():
    source = (
        TORCH
        + "def unit(x):\n"
        + NORM
        + "\n@torch.no_grad()\ndef evaluate(a):\n    return unit(a)\n"
    )
    assert "medium" in {c for _, c in _found(source, "NG102")}


HELPER = (
    TORCH + "import torch.nn.functional as F\n\n"
    "def {name}(p, q):\n    return torch.log(p / q)\n\n"
    "def loss(a, b, eps=1e-6):\n    return {name}(F.softplus(a) + eps, torch.exp(b))\n"
)


def test_a_private_helper_learns_its_callers_positive_arguments():
    assert _found(HELPER.format(name="_ratio"), "NG101") == []
    # a public function may be called from anywhere: its callers here prove nothing
    assert _found(HELPER.format(name="ratio"), "NG101") != []


def test_one_caller_passing_an_unproven_value_keeps_the_finding():
    source = HELPER.format(name="_ratio") + "\ndef other(x, y):\n    return _ratio(x, y)\n"
    assert _found(source, "NG101") != []


def test_a_positive_default_counts_for_a_call_that_leaves_the_argument_out():
    source = (
        TORCH + "def _ssim(x, y, c2=0.03 ** 2):\n"
        "    v = ((x - y) ** 2).mean()\n    return v / (v.sum() + c2)\n\n"
        "def ssim_loss(x, y):\n    return 1 - _ssim(x, y)\n"
    )
    assert _found(source, "NG103") == []
    assert _found(source.replace("_ssim(x, y)\n", "_ssim(x, y, c2=0)\n"), "NG103") != []


JAXM = "import jax\nimport jax.numpy as jnp\nimport numpy as np\n"


@pytest.mark.parametrize(
    ("body", "level"),
    [
        # passed in by the caller: it can empty a row
        ("    return jax.nn.softmax(jnp.where(mask, s, -np.inf))\n", "high"),
        ("    return jax.nn.softmax(jnp.where(~mask.astype(bool), s, -np.inf))\n", "high"),
        # built from the labels, also through a helper
        (
            "    m = same_class(labels, labels.T)\n"
            "    return jax.nn.softmax(jnp.where(m, s, -np.inf))\n",
            "high",
        ),
        # built from structure: keeps what it was built to keep
        (
            "    m = jnp.eye(s.shape[0], dtype=bool)\n"
            "    return jax.nn.softmax(jnp.where(~m, s, -np.inf))\n",
            "low",
        ),
        (
            "    keep = jnp.arange(4)[None, :] < 2\n"
            "    return jax.nn.softmax(jnp.where(keep, s, -np.inf))\n",
            "low",
        ),
        (
            "    top = jax.nn.one_hot(jnp.argmax(s, -1), 4) > 0\n"
            "    return jax.nn.softmax(jnp.where(top, s, -np.inf))\n",
            "low",
        ),
    ],
)
def test_a_neg_inf_mask_is_evidence_when_it_comes_from_an_argument_or_labels(body, level):
    source = JAXM + "def f(s, mask, labels):\n" + body
    assert [c for _, c in _found(source, "NG111")] == [level]


def test_masked_fill_and_slice_assignment_grade_their_mask_too():
    torch_source = TORCH + (
        "def f(s, mask):\n    n = s.shape[-1]\n"
        "    a = s.masked_fill(~mask, float('-inf'))\n"
        "    b = s.masked_fill(torch.eye(n, dtype=torch.bool), float('-inf'))\n"
        "    s[torch.eye(n, dtype=torch.bool)] = -float('inf')\n"
        "    s[~mask] = -float('inf')\n"
        "    return a, b, s\n"
    )
    assert _found(torch_source, "NG111") == [(4, "high"), (5, "low"), (6, "low"), (7, "high")]


@pytest.mark.parametrize(
    "expr",
    [
        "t.square().mul(-0.5).exp()",  # method forms of square and mul
        "(w - w.max(dim=0)[0]).exp()",  # torch's max returns (values, indices)
        "(w - w.max(dim=0).values).exp()",
        "torch.exp(-0.5 * t.square())",
    ],
)
def test_exp_of_an_argument_bounded_above_is_not_flagged(expr):
    source = TORCH + f"def loss(t, w):\n    return {expr}\n"
    assert _found(source, "NG108") == []
    unbounded = TORCH + "def loss(t, w):\n    return t.mul(0.5).exp()\n"
    assert _found(unbounded, "NG108") != []


def test_metric_is_matched_as_a_word_not_inside_asymmetric():
    body = "    def log_prob(self, x):\n        return torch.sqrt(((x - self.loc) ** 2).sum())\n"
    metric = TORCH + "class BinaryMetric(Base):\n" + body
    asymmetric = TORCH + "class SoftAsymmetricLaplace(Base):\n" + body
    assert {c for _, c in _found(metric, "NG102")} == {"low"}
    assert {c for _, c in _found(asymmetric, "NG102")} == {"high"}


EAGER_LOSS = "def losses(self, gt_labels):\n    n = (gt_labels > 0).sum().item()\n    return n\n"


def test_a_host_read_in_an_eager_pytorch_loss_is_low():
    assert [c for _, c in _found(TORCH + EAGER_LOSS, "NG105")] == ["low"]


@pytest.mark.parametrize(
    "header",
    [
        "import torch\nimport tensorflow as tf\n",  # a file that also traces (tf.function)
        "import jax\nimport jax.numpy as jnp\n",
    ],
)
def test_a_host_read_in_a_loss_of_a_traced_framework_stays_high(header):
    source = header + EAGER_LOSS.replace("(gt_labels > 0).sum()", "jnp.sum(gt_labels > 0)")
    assert "high" in {c for _, c in _found(source, "NG105")}


def test_a_host_read_in_a_compiled_pytorch_function_stays_high():
    source = TORCH + "@torch.compile\n" + EAGER_LOSS
    assert [c for _, c in _found(source, "NG105")] == ["high"]
