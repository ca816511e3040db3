"""``nanguard.locate(fn)``: None when finite, schema-valid findings, clear TypeErrors."""

from __future__ import annotations

import numpy as np
import pytest

from nanguard.core.incident import validate_report


@pytest.fixture(scope="module")
def locate(tf):
    import nanguard

    return nanguard.locate


def test_finite_computation_is_none(tf, locate):
    w = tf.Variable([1.0, 2.0, 3.0])

    def loss_fn():
        return tf.reduce_sum(tf.sqrt(w) * tf.math.log(w + 1.0))

    assert locate(loss_fn) is None


def test_finding_validates_with_null_step_epoch_batch(tf, locate):
    w = tf.Variable([1.0, 0.0, 3.0])

    def loss_fn():
        return tf.reduce_sum(tf.math.log(w))

    finding = locate(loss_fn)
    assert finding is not None
    report = finding.to_dict()
    validate_report(report)
    assert (report["step"], report["epoch"], report["batch"]) == (None, None, None)
    assert (finding.phase, finding.op, finding.cause) == ("forward", "Log", "log_of_zero")
    assert finding.file == __file__ and "tf.math.log(w)" in finding.origin.code


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(lambda tf, w: w * 2.0, r"scalar loss; it returned shape \(3,\)", id="vector"),
        pytest.param(
            lambda tf, w: tf.constant(3), r"float loss; it returned dtype int32", id="int"
        ),
        pytest.param(lambda tf, w: 1.5, r"returned a Python float \(1\.5\)", id="python_float"),
        pytest.param(lambda tf, w: "loss", r"scalar float tensor; it returned str", id="str"),
        pytest.param(lambda tf, w: None, r"it returned NoneType", id="none"),
    ],
)
def test_non_scalar_or_non_float_return_is_a_type_error(tf, locate, make, match):
    w = tf.Variable([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=match):
        locate(lambda: make(tf, w))


def test_not_callable_is_a_type_error(tf, locate):
    with pytest.raises(TypeError, match="`fn` must be callable; got int"):
        locate(3)


def test_masked_inf_that_never_reaches_the_loss_is_not_a_finding(tf, locate):
    logits = tf.Variable(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype="float32"))
    mask = tf.constant([[True, False, True], [False, True, True]])

    def loss_fn():
        masked = tf.where(mask, logits, -np.inf)
        unused = tf.math.log(tf.zeros(3))  # -inf, read by nothing downstream
        del unused
        return -tf.reduce_sum(tf.nn.log_softmax(masked)[:, 2])

    assert locate(loss_fn) is None


def test_double_where_is_not_a_finding(tf, locate):
    x = tf.Variable([2.0, 0.0, -1.0])

    def loss_fn():
        safe = tf.where(x > 0, x, tf.ones_like(x))
        return tf.reduce_sum(tf.where(x > 0, tf.math.log(safe), tf.zeros_like(x)))

    assert locate(loss_fn) is None


def test_gradient_origin_names_the_forward_op_and_line(tf, locate):
    x = tf.Variable([4.0, 0.0])

    def loss_fn():
        return tf.reduce_sum(tf.sqrt(x))  # the forward line of the backward origin

    finding = locate(loss_fn)
    assert (finding.phase, finding.op, finding.cause) == ("backward", "Sqrt", "grad_singularity")
    assert finding.trigger == "gradients"
    assert "the forward line" in finding.origin.code
