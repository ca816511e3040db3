"""The replay sees inside functions, control flow, loops and custom gradients, in every dtype.

Each test marks the line the finding must name with ``# <- here`` and checks the op,
the cause, and (in loops) the iteration, on programs shaped unlike the zoo's.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nanguard.core.incident import validate_report


@pytest.fixture(scope="module")
def locate(tf):
    import nanguard

    return nanguard.locate


def here(fn) -> int:
    """The line of ``fn``'s source marked ``# <- here``."""
    lines, start = inspect.getsourcelines(fn)
    marked = [start + i for i, text in enumerate(lines) if text.rstrip().endswith("# <- here")]
    assert len(marked) == 1, marked
    return marked[0]


def test_nested_functions_three_deep_name_the_innermost_op(tf, locate):
    @tf.function
    def inner(v):
        return tf.math.log(v)  # <- here

    @tf.function
    def middle(v):
        return inner(v) * 2.0

    @tf.function
    def outer(v):
        return middle(v) + 1.0

    w = tf.Variable([1.0, 0.0])
    f = locate(lambda: tf.reduce_sum(outer(w)))
    assert (f.phase, f.op, f.line, f.cause) == ("forward", "Log", here(inner), "log_of_zero")
    validate_report(f.to_dict())


def test_backward_through_nested_functions_names_the_forward_sqrt(tf, locate):
    @tf.function
    def norm(v):
        return tf.sqrt(tf.reduce_sum(tf.square(v)))  # <- here

    @tf.function
    def distance(a, b):
        return norm(a - b)

    w = tf.Variable([1.0, 2.0])
    f = locate(lambda: distance(w, w))
    assert (f.phase, f.op, f.grad_op, f.line, f.cause) == (
        "backward", "Sqrt", "SqrtGrad", here(norm), "grad_singularity")


def test_nested_while_loops_report_both_iterations(tf, locate):
    w = tf.Variable([3.0, 1.0])

    def loss_fn():
        def outer(i, a):
            def inner(j, b):
                return j + 1, b * 1e4  # <- here

            _, a = tf.while_loop(lambda j, b: j < 3, inner, (0, a))
            return i + 1, a

        _, z = tf.while_loop(lambda i, a: i < 5, outer, (0, w))
        return tf.reduce_sum(z)

    f = locate(loss_fn)
    # 3 * (1e4)^(3 i + j + 1) first exceeds 3.4e38 at 3i + j + 1 = 10: i = 3, j = 0.
    assert (f.op, f.cause, f.origin.iteration, f.line) == ("Mul", "overflow", [3, 0],
                                                          here(loss_fn))
    assert "iteration 3/0" in f.explanation


def test_map_fn_element_is_the_iteration(tf, locate):
    w = tf.Variable([1.0, 2.0, 0.0, 4.0])

    def loss_fn():
        return tf.reduce_sum(tf.map_fn(lambda v: tf.math.log(v), w))  # <- here

    f = locate(loss_fn)
    assert (f.op, f.cause, f.origin.iteration) == ("Log", "log_of_zero", [2])


def test_case_branch_op_is_found(tf, locate):
    w = tf.Variable([1.0, 0.0])

    def loss_fn():
        return tf.reduce_sum(tf.case(
            [(tf.reduce_sum(w) > 10.0, lambda: w),
             (tf.reduce_sum(w) > 0.0, lambda: tf.math.rsqrt(w))],  # <- here
            default=lambda: w))

    f = locate(loss_fn)
    assert (f.op, f.cause, f.line) == ("Rsqrt", "div_by_zero", here(loss_fn))


def test_custom_gradient_forward_op_inside_is_found(tf, locate):
    @tf.custom_gradient
    def log_with_grad(x):
        y = tf.math.log(x)  # <- here
        return y, lambda dy: dy / x

    w = tf.Variable([1.0, 0.0])
    f = locate(lambda: tf.reduce_sum(log_with_grad(w)))
    assert (f.phase, f.op, f.line, f.cause) == ("forward", "Log", here(log_with_grad),
                                                "log_of_zero")


def test_recompute_grad_names_the_recomputed_forward_op(tf, locate):
    @tf.recompute_grad
    def block(x):
        return tf.sqrt(x)  # <- here

    w = tf.Variable([1.0, 0.0])
    f = locate(lambda: tf.reduce_sum(block(w)))
    assert (f.phase, f.op, f.line, f.cause) == ("backward", "Sqrt", here(block),
                                                "grad_singularity")


def test_keras_layer_method_function_reports_the_users_line_not_autograph(tf, locate):
    import keras

    class Scale(keras.layers.Layer):
        @tf.function
        def call(self, x):
            return x / tf.reduce_sum(x)  # <- here

    layer = Scale(name="scale")
    x = tf.Variable([[0.0, 0.0]])
    f = locate(lambda: tf.reduce_sum(layer(x)))
    assert (f.op, f.layer, f.file, f.line) == ("RealDiv", "scale", __file__, here(Scale.call))


def test_an_unenterable_call_is_opaque_call_never_overflow(tf, locate):
    w = tf.Variable([1.0, 0.0])

    def loss_fn():
        return tf.reduce_sum(tf.vectorized_map(tf.math.log, w))  # <- here

    f = locate(loss_fn)
    assert (f.cause, f.line) == ("opaque_call", here(loss_fn))
    assert "could not see" in f.explanation and "overflow" not in f.explanation


@pytest.mark.slow
@given(
    dtype=st.sampled_from(["bfloat16", "float16", "float32", "float64"]),
    case=st.sampled_from([
        ("log", 0.0, "Log", "log_of_zero"),
        ("log", -1.0, "Log", "domain_error"),
        ("sqrt", -1.0, "Sqrt", "domain_error"),
        ("rsqrt", -1.0, "Rsqrt", "domain_error"),
        ("rsqrt", 0.0, "Rsqrt", "div_by_zero"),
        ("reciprocal", 0.0, "Reciprocal", "div_by_zero"),
        ("lgamma", 0.0, "Lgamma", "pole"),
        ("lgamma", -2.0, "Lgamma", "pole"),
    ]),
    compiled=st.booleans(),
)
def test_every_float_dtype_eager_and_compiled_gets_the_same_cause(tf, locate, dtype, case,
                                                                  compiled):
    name, edge, op, cause = case
    assume(not (name == "lgamma" and dtype == "bfloat16"))  # TF has no CPU bf16 Lgamma kernel
    fn = getattr(tf.math, name)
    w = tf.Variable(tf.constant([2.0, edge, 3.0], dtype=dtype))

    def loss_fn():
        return tf.reduce_sum(tf.cast(fn(w), tf.float32))

    f = locate(tf.function(loss_fn) if compiled else loss_fn)
    assert (f.phase, f.op, f.cause) == ("forward", op, cause)
    assert f.origin.inputs[0]["dtype"] == dtype  # bfloat16 widened for stats, named as is


def test_complex_tensors_do_not_break_the_tracer(tf, locate):
    w = tf.Variable(tf.constant([1 + 1j, 0j], tf.complex64))
    f = locate(lambda: tf.reduce_sum(tf.abs(tf.math.log(w))))
    assert (f.op, f.cause) == ("Log", "log_of_zero")
    assert f.origin.inputs[0]["dtype"] == "complex64"


def test_locate_learning_rate_names_the_schedule_line(tf):
    import keras

    from nanguard.tf.locate import locate_learning_rate

    class Warmup(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return 0.1 * tf.math.rsqrt(tf.cast(step, tf.float32))  # <- here

    optimizer = keras.optimizers.SGD(learning_rate=Warmup())
    f = locate_learning_rate(optimizer, 0)
    assert (f.op, f.line, f.cause, f.trigger) == ("Rsqrt", here(Warmup.__call__),
                                                  "div_by_zero", "learning_rate")
    assert "step + 1" in f.fix
    assert locate_learning_rate(optimizer, 4) is None
    assert locate_learning_rate(keras.optimizers.SGD(learning_rate=np.inf), 0) is None
    callable_lr = locate_learning_rate(lambda: tf.math.log(tf.constant(0.0)), 0)
    assert (callable_lr.op, callable_lr.cause) == ("Log", "log_of_zero")


def test_replay_restores_function_mode_and_callbacks(tf, locate):
    from tensorflow.python.framework import op_callbacks

    w = tf.Variable([0.0])
    before = tf.config.functions_run_eagerly()
    locate(lambda: tf.reduce_sum(tf.math.log(w)))
    assert tf.config.functions_run_eagerly() == before
    assert not op_callbacks.should_invoke_op_callbacks()
