"""The measured grade per kind of evidence replaces the structural one (calibration.py)."""

from __future__ import annotations

import pytest

from nanguard.lint import calibration, lint_source

TF = "import tensorflow as tf\n\n\n"
RELU_LOG = TF + "def f(h):\n    return tf.math.log(tf.nn.relu(h))\n"
MASKED_MEAN = TF + "def loss(x, mask):\n    return tf.reduce_sum(x * mask) / tf.reduce_sum(mask)\n"
RELU = "non-negative op output (relu, abs, square, var)"


def _only(source: str) -> tuple[str, str, str]:
    [d] = lint_source(source, "t.py", min_confidence="low")
    return d.code, d.confidence, d.evidence


def test_each_finding_names_the_kind_of_evidence_that_fired_it():
    in_a_loss = RELU_LOG.replace("def f(h)", "def hinge_loss(h)")
    assert _only(in_a_loss) == ("NG101", "high", RELU)  # structurally high; 4/5 measured
    assert _only(MASKED_MEAN)[2] == "sum of a mask, weight, label, count or loss input"


def test_the_measured_grade_replaces_the_structural_one(monkeypatch: pytest.MonkeyPatch):
    assert _only(MASKED_MEAN)[1] == "high"  # structurally medium; 16/17 measured
    monkeypatch.setattr(calibration, "CALIBRATED", {})
    monkeypatch.setattr(calibration, "UNMEASURED_MAX", 2)
    assert _only(RELU_LOG)[1] == "high" and _only(MASKED_MEAN)[1] == "medium"
    monkeypatch.setattr(calibration, "CALIBRATED", {("NG101", RELU): 0})
    assert _only(RELU_LOG)[1] == "low"
    monkeypatch.setattr(calibration, "CALIBRATED", {("NG103", RELU): 0})
    assert _only(RELU_LOG)[1] == "high"  # another rule's entry does not apply


def test_facts_that_lower_a_finding_are_named_after_its_kind():
    source = TF + "def f(h):\n    return tf.math.log(tf.nn.relu(h)) > 0\n"
    [d] = lint_source(source, "t.py", min_confidence="low")
    assert d.confidence == "low" and d.evidence == RELU + " [only compared]"


def test_the_table_is_keyed_by_rule_and_kind_only():
    for (rule, kind), level in calibration.CALIBRATED.items():
        assert rule.startswith("NG") and len(rule) == 5 and kind and "/" not in kind[:1]
        assert level in (0, 1, 2)
        assert ".py" not in kind and "heldout" not in kind


SOFTMAX_LOG = TF + "def f(z):\n    return tf.math.log(tf.nn.softmax(z))\n"


def test_a_kind_too_rare_to_measure_is_never_high(monkeypatch: pytest.MonkeyPatch):
    # NG112 (log of a softmax) is structurally high, but its kind has fewer than
    # MIN_FINDINGS labelled findings: high is earned by a measured precision only
    assert ("NG112", "pattern:high") not in calibration.CALIBRATED
    assert _only(SOFTMAX_LOG)[:2] == ("NG112", "medium")
    monkeypatch.setattr(calibration, "UNMEASURED_MAX", 2)
    assert _only(SOFTMAX_LOG)[:2] == ("NG112", "high")


def test_a_measured_high_kind_off_a_training_path_is_medium_and_says_why():
    # The same relu-log in a helper, a layer's constructor and a layer's call.
    assert _only(RELU_LOG) == ("NG101", "medium", RELU + " [not on a training path]")
    layer = TF + (
        "class Head(tf.keras.layers.Layer):\n"
        "    def __init__(self, h):\n        self.c = tf.math.log(tf.nn.relu(h))\n\n"
        "    def call(self, h):\n        return tf.math.log(tf.nn.relu(h))\n"
    )
    found = lint_source(layer, "t.py", min_confidence="low")
    assert [(d.line, d.confidence) for d in found] == [(6, "medium"), (9, "high")]


def test_a_gradient_only_hazard_in_a_metrics_module_is_low_a_forward_one_is_not():
    source = TF + (
        "def rmse(a, b):\n    return tf.sqrt(tf.reduce_mean(tf.square(a - b)))\n\n"
        "def ratio(x, mask):\n    return tf.reduce_sum(x * mask) / tf.reduce_sum(mask)\n"
    )

    def levels(path):
        return [(d.code, d.confidence) for d in lint_source(source, path, min_confidence="low")]

    assert levels("pkg/metrics/regression.py") == [("NG102", "low"), ("NG103", "medium")]
    assert levels("pkg/losses/regression.py") == [("NG102", "medium"), ("NG103", "medium")]
    assert levels("pytorch_metric_learning/losses.py") == levels("pkg/losses/regression.py")
