"""Bad input fails loudly, naming the argument, the dtype or value, and the fix."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from nanguard import losses, ops
from nanguard.errors import InvalidArgumentError, InvalidDTypeError

INT = tf.constant([1, 2, 3])
FLOAT = tf.constant([1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("call", "function", "argument"),
    [
        pytest.param(lambda: ops.safe_log(INT), "safe_log", "x", id="safe_log"),
        pytest.param(lambda: ops.safe_sqrt(INT), "safe_sqrt", "x", id="safe_sqrt"),
        pytest.param(lambda: ops.safe_div(FLOAT, INT), "safe_div", "y", id="safe_div-y"),
        pytest.param(lambda: ops.logsumexp(INT), "logsumexp", "x", id="logsumexp"),
        pytest.param(
            lambda: ops.masked_softmax(INT, INT > 1), "masked_softmax", "logits", id="softmax"
        ),
        pytest.param(lambda: losses.mse(FLOAT, INT), "mse", "y_pred", id="mse-y_pred"),
        pytest.param(lambda: ops.safe_log(np.arange(3)), "safe_log", "x", id="numpy-int"),
    ],
)
def test_integer_input_raises_invalid_dtype_naming_argument_and_dtype(call, function, argument):
    with pytest.raises(InvalidDTypeError, match=rf"{function}: `{argument}` must have a floating"):
        call()


def test_invalid_dtype_error_is_a_type_error_and_names_the_dtype():
    with pytest.raises(TypeError, match=r"got dtype int32\. Cast it first"):
        ops.safe_log(INT)


def test_integer_targets_are_accepted_and_cast():
    loss = losses.binary_crossentropy(tf.constant([[1, 0]]), tf.constant([[0.9, 0.1]]))
    assert loss.dtype == tf.float32 and np.isfinite(loss.numpy()).all()


@pytest.mark.parametrize("eps", [0.0, -1.0, float("nan"), float("inf"), "1e-3"])
def test_non_positive_eps_raises_invalid_argument(eps):
    with pytest.raises(InvalidArgumentError, match=r"`eps` must be a positive finite number"):
        ops.safe_log(FLOAT, eps=eps)


def test_invalid_argument_error_is_a_value_error_carrying_the_value():
    with pytest.raises(ValueError, match=r"got 0\.0") as info:
        ops.safe_div(FLOAT, FLOAT, eps=0.0)
    assert info.value.argument == "eps" and info.value.value == 0.0


def test_bad_loss_option_raises_when_configured_not_at_the_first_batch():
    with pytest.raises(InvalidArgumentError, match=r"`delta` must be a positive finite number"):
        losses.huber(delta=0.0)
    with pytest.raises(InvalidArgumentError, match=r"`alpha` must be a number in \[0, 1\]"):
        losses.focal(alpha=2.0)


def test_unknown_loss_option_raises_type_error_listing_options():
    with pytest.raises(TypeError, match=r"huber\(\) got an unexpected option `delt`.*'delta'"):
        losses.huber(delt=1.0)


def test_loss_with_only_one_tensor_raises():
    with pytest.raises(TypeError, match=r"takes both `y_true` and `y_pred`"):
        losses.mse(FLOAT)


@pytest.mark.parametrize(
    "loss", [pytest.param(f, id=f.__name__) for f in (losses.mse, losses.mae, losses.huber)]
)
def test_n_vs_n_by_1_shapes_raise_instead_of_broadcasting_to_n_by_n(loss):
    with pytest.raises(
        InvalidArgumentError, match=r"`y_true` must be the same shape as `y_pred` \(4, 1\)"
    ):
        loss(tf.zeros([4]), tf.zeros([4, 1]))


def test_shape_check_also_fires_inside_tf_function():
    fn = tf.function(losses.mse, autograph=False)
    with pytest.raises(ValueError, match=r"\(N, N\) loss"):
        fn(tf.zeros([4]), tf.zeros([4, 1]))


def test_contrastive_requires_stacked_pairs():
    with pytest.raises(InvalidArgumentError, match=r"embedding pairs of shape \(\.\.\., 2, D\)"):
        losses.contrastive(tf.zeros([4]), tf.zeros([4, 3]))


def test_gaussian_nll_requires_a_doubled_last_axis():
    with pytest.raises(InvalidArgumentError, match=r"doubled last axis"):
        losses.gaussian_nll(tf.zeros([4, 2]), tf.zeros([4, 3]))


def test_safe_where_rejects_precomputed_branches():
    with pytest.raises(TypeError, match=r"`true_fn` must be a callable applied to `x`"):
        ops.safe_where(FLOAT > 1, tf.sqrt(FLOAT), tf.sqrt, FLOAT)
