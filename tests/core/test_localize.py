"""The localizer's contract on hand-written neutral traces, with no ML framework imported.

Every adapter's tracer (TensorFlow, PyTorch, JAX) emits ``nanguard.trace/2``: nodes
with a canonical ``kind`` (``nanguard.core.op_kinds``), tensor names and per-tensor
statistics. These traces are what a tracer must produce for each cause and each
healthy masking pattern; the op spellings (``type``) are deliberately not
TensorFlow's, to show that only the kind is matched.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from nanguard.core.causes import CAUSES, FRAMEWORKS, fix_for
from nanguard.core.incident import validate_report
from nanguard.core.localize import SCHEMA, classify, find_origin, finding_from_trace, localize_step
from nanguard.core.op_kinds import KINDS

CAUSES_PINNED: set[str] = set()


def st(*, nan=0, pinf=0, ninf=0, zero=0, neg=0, lo=1.0, hi=1.0, dtype="float32"):
    """Statistics of one tensor, as ``core.incident.tensor_stats`` writes them."""
    return {"dtype": dtype, "shape": [4], "min": lo, "max": hi, "n_nan": nan, "n_posinf": pinf,
            "n_neginf": ninf, "n_zero": zero, "n_negative": neg}


FINE = st()


def op(name, kind, inputs, outputs, *, phase="forward", forward_op=None, line=None,
       layer=None, iteration=None, type_=None):
    return {"name": name, "type": type_ or f"my.{kind}", "kind": kind, "phase": phase,
            "inputs": inputs, "outputs": outputs, "forward_op": forward_op, "layer": layer,
            "file": "train.py" if line else None, "line": line,
            "function": "loss_fn" if line else None, "code": None, "iteration": iteration}


def trace(nodes, stats, *, loss="loss", grads=(), framework="torch", targets=()):
    return {"schema": SCHEMA, "framework": framework, "nodes": nodes, "stats": stats,
            "loss": loss, "grads": list(grads), "targets": list(targets)}


def pinned(finding, cause):
    assert finding is not None
    assert finding.cause == cause
    validate_report(finding.to_dict())
    CAUSES_PINNED.add(cause)
    return finding


def unary_loss(kind, x_stats, y_stats, *, loss_stats=None, type_=None):
    """x -> kind -> y -> sum -> loss, the shape of most single-op bugs."""
    nodes = [op("f", kind, ["x"], ["y"], line=10, layer="head", type_=type_),
             op("s", "sum", ["y"], ["loss"], line=11)]
    return trace(nodes, {"x": x_stats, "y": y_stats, "loss": loss_stats or y_stats})


# ---------------------------------------------------------------- one trace per cause

def test_log_at_zero_is_log_of_zero_at_the_users_line():
    f = pinned(finding_from_trace(unary_loss("log", st(zero=1, lo=0.0), st(ninf=1))),
               "log_of_zero")
    assert (f.phase, f.op, f.layer, f.line, f.origin.kind) == ("forward", "my.log", "head", 10,
                                                               "log")


def test_log_of_negative_is_domain_error():
    pinned(finding_from_trace(unary_loss("log", st(neg=1, lo=-1.0), st(nan=1))), "domain_error")


def test_sqrt_of_negative_is_domain_error():
    pinned(finding_from_trace(unary_loss("sqrt", st(neg=1, lo=-2.0), st(nan=1))), "domain_error")


def test_division_by_zero_is_div_by_zero():
    nodes = [op("d", "div", ["a", "b"], ["q"], line=7), op("s", "sum", ["q"], ["loss"])]
    stats = {"a": FINE, "b": st(zero=1, lo=0.0), "q": st(pinf=1), "loss": st(pinf=1)}
    f = pinned(finding_from_trace(trace(nodes, stats)), "div_by_zero")
    assert f.op == "my.div" and f.line == 7


def test_rsqrt_of_negative_is_domain_error_not_div_by_zero():
    pinned(finding_from_trace(unary_loss("rsqrt", st(neg=1, lo=-0.5), st(nan=1))),
           "domain_error")


def test_rsqrt_of_zero_is_div_by_zero():
    pinned(finding_from_trace(unary_loss("rsqrt", st(zero=1, lo=0.0), st(pinf=1))),
           "div_by_zero")


@pytest.mark.parametrize("kind, x, y", [
    pytest.param("lgamma", st(zero=1, lo=0.0), st(pinf=1), id="lgamma_at_0"),
    pytest.param("digamma", st(neg=1, lo=-2.0, hi=-2.0), st(nan=1), id="digamma_at_minus_2"),
    pytest.param("atanh", st(lo=0.0, hi=1.0), st(pinf=1), id="atanh_at_1"),
])
def test_special_function_at_its_pole_is_pole(kind, x, y):
    f = pinned(finding_from_trace(unary_loss(kind, x, y)), "pole")
    assert "wider dtype cannot help" in f.fix


def test_lgamma_of_a_huge_positive_input_is_overflow_not_pole():
    f = finding_from_trace(unary_loss("lgamma", st(lo=1e38, hi=3e38), st(pinf=1)))
    assert f.cause == "overflow"


def test_exp_of_large_input_is_overflow():
    pinned(finding_from_trace(unary_loss("exp", st(lo=10.0, hi=100.0), st(pinf=1))), "overflow")


def test_same_op_after_a_diverging_history_is_divergence():
    t = unary_loss("exp", st(lo=10.0, hi=100.0), st(pinf=1))
    f = pinned(finding_from_trace(t, history_diverged=True), "divergence")
    assert "clip_grad_norm_" in f.fix  # worded for the trace's framework (torch)


def test_inf_minus_inf_is_invalid_operation_at_the_subtraction():
    nodes = [op("e1", "exp", ["a"], ["ea"], line=3), op("e2", "exp", ["b"], ["eb"], line=4),
             op("d", "sub", ["ea", "eb"], ["diff"], line=5),
             op("s", "sum", ["diff"], ["loss"], line=6)]
    stats = {"a": st(hi=100.0), "b": st(hi=100.0), "ea": st(pinf=1), "eb": st(pinf=1),
             "diff": st(nan=1), "loss": st(nan=1)}
    # exp is the first origin (inf from finite inputs): the Inf is born there.
    assert finding_from_trace(trace(nodes, stats)).op == "my.exp"
    t = trace(nodes, stats)
    pinned_node = next(n for n in nodes if n["name"] == "d")
    assert classify(t, pinned_node) == "invalid_operation"
    CAUSES_PINNED.add("invalid_operation")


def test_softmax_of_a_fully_masked_row_is_invalid_operation():
    nodes = [op("m", "select", ["c", "logits", "ninf"], ["masked"]),
             op("sm", "softmax", ["masked"], ["p"], line=12),
             op("s", "sum", ["p"], ["loss"])]
    stats = {"logits": FINE, "ninf": st(ninf=4), "masked": st(ninf=4), "p": st(nan=4),
             "loss": st(nan=1)}
    f = pinned(finding_from_trace(trace(nodes, stats)), "invalid_operation")
    assert f.op == "my.softmax" and f.line == 12


def test_sqrt_at_zero_with_an_infinite_gradient_is_grad_singularity():
    nodes = [op("r", "sqrt", ["x"], ["y"], line=20),
             op("s", "sum", ["y"], ["loss"], line=21),
             op("g1", "other", ["dloss"], ["dy"], phase="backward", forward_op="s"),
             op("g2", "div", ["dy", "y"], ["dx"], phase="backward", forward_op="r")]
    stats = {"x": st(zero=1, lo=0.0), "y": st(zero=1, lo=0.0), "loss": FINE, "dloss": FINE,
             "dy": FINE, "dx": st(pinf=1)}
    f = pinned(finding_from_trace(trace(nodes, stats, grads=["dx"]), trigger="gradients"),
               "grad_singularity")
    assert (f.phase, f.op, f.grad_op, f.line, f.origin.kind) == (
        "backward", "my.sqrt", "my.div", 20, "sqrt")


def _where_trap(double_where: bool):
    """where(x > 0, log(x), 0) at x = 0: the loss is finite, the gradient of log is not."""
    safe_x = "x_safe" if double_where else "x"
    nodes = [op("c", "other", ["x"], ["cond"]),
             op("l", "log", [safe_x], ["lg"], line=30),
             op("w", "select", ["cond", "lg", "zeros"], ["out"], line=31),
             op("s", "sum", ["out"], ["loss"]),
             op("gw", "select", ["cond", "dout", "zeros"], ["dlg"], phase="backward",
                forward_op="w"),
             op("gl", "div", ["dlg", safe_x], ["dx"], phase="backward", forward_op="l")]
    stats = {"x": st(zero=1, lo=0.0), "x_safe": FINE, "cond": FINE, "zeros": FINE,
             "out": FINE, "loss": FINE, "dout": FINE, "dlg": FINE,
             "lg": FINE if double_where else st(ninf=1),
             "dx": FINE if double_where else st(nan=1)}
    if double_where:
        nodes.insert(0, op("w0", "select", ["cond", "x", "ones"], ["x_safe"]))
        stats["ones"] = FINE
    return trace(nodes, stats, grads=["dx"])


def test_where_over_log_at_zero_is_a_where_gradient_trap_on_the_log_line():
    f = pinned(finding_from_trace(_where_trap(False), trigger="gradients"),
               "where_gradient_trap")
    assert (f.phase, f.op, f.line) == ("backward", "my.log", 30)


def test_opaque_call_is_said_to_be_unseen_not_overflow():
    f = pinned(finding_from_trace(unary_loss("call", FINE, st(pinf=1), type_="my.compiled_fn")),
               "opaque_call")
    assert "could not see" in f.explanation


def test_backward_through_an_opaque_call_is_opaque_call():
    nodes = [op("f", "call", ["x"], ["y"], line=3), op("s", "sum", ["y"], ["loss"]),
             op("b", "call", ["dy", "x"], ["dx"], phase="backward", forward_op="f")]
    stats = {"x": FINE, "y": FINE, "loss": FINE, "dy": FINE, "dx": st(nan=1)}
    f = finding_from_trace(trace(nodes, stats, grads=["dx"]))
    assert (f.cause, f.phase) == ("opaque_call", "backward")


def test_nonfinite_batch_and_weights_come_before_the_trace():
    import numpy as np

    batch = {"x": np.array([[1.0], [np.nan]], dtype="float32"), "y": np.zeros((2, 1))}
    f, recorded = localize_step(batch, None, lambda: pytest.fail("replayed"), framework="jax")
    pinned(f, "nonfinite_input")
    assert f.origin.rows == [1] and recorded is None and "nanguard.keras" not in f.fix
    weights = {"dense/kernel": np.array([np.inf, 1.0], dtype="float32")}
    f, _ = localize_step({"x": np.ones(2)}, weights, lambda: pytest.fail("replayed"))
    pinned(f, "nonfinite_weights")
    assert f.origin.variable == "dense/kernel"


# ------------------------------------------------------- depth: loops, user backward, targets

def test_loop_iteration_of_the_origin_is_reported():
    nodes = [op(f"m{i}", "mul", [f"h{i}", "w"], [f"h{i + 1}"], line=40, iteration=[i])
             for i in range(4)] + [op("s", "sum", ["h4"], ["loss"])]
    stats = {"w": st(hi=1e20), "h0": FINE, "h1": st(hi=1e20), "h2": st(pinf=1),
             "h3": st(pinf=1), "h4": st(pinf=1), "loss": st(pinf=1)}
    f = finding_from_trace(trace(nodes, stats))
    assert (f.origin.iteration, f.line, f.cause) == ([1], 40, "overflow")
    assert "iteration 1" in f.explanation


def test_a_user_written_gradient_op_is_reported_at_its_own_line():
    nodes = [op("f", "mul", ["x", "two"], ["y"], line=50), op("s", "sum", ["y"], ["loss"]),
             op("g", "div", ["dy", "x"], ["dx"], phase="backward", line=53)]
    stats = {"x": st(zero=1, lo=0.0), "two": FINE, "y": FINE, "loss": FINE, "dy": FINE,
             "dx": st(pinf=1)}
    f = finding_from_trace(trace(nodes, stats, grads=["dx"]))
    assert (f.phase, f.op, f.line, f.cause) == ("backward", "my.div", 53, "div_by_zero")
    assert "gradient function" in f.explanation


def test_extra_targets_explain_a_non_finite_hyperparameter():
    nodes = [op("r", "rsqrt", ["step"], ["lr"], line=60)]
    stats = {"step": st(zero=1, lo=0.0), "lr": st(pinf=1)}
    f = finding_from_trace(trace(nodes, stats, loss=None, targets=["lr"]),
                           trigger="learning_rate")
    assert (f.op, f.line, f.cause, f.trigger) == ("my.rsqrt", 60, "div_by_zero", "learning_rate")


# ---------------------------------------------------------------- healthy masking patterns

def test_masked_minus_inf_softmax_with_a_live_entry_per_row_is_healthy():
    nodes = [op("m", "select", ["c", "logits", "ninf"], ["masked"]),
             op("sm", "softmax", ["masked"], ["p"]), op("s", "sum", ["p"], ["loss"]),
             op("gs", "other", ["dp", "p"], ["dmasked"], phase="backward", forward_op="sm"),
             op("gm", "select", ["c", "dmasked", "zeros"], ["dlogits"], phase="backward",
                forward_op="m")]
    stats = {"logits": FINE, "ninf": st(ninf=4), "masked": st(ninf=2), "p": FINE,
             "loss": FINE, "dp": FINE, "dmasked": FINE, "zeros": FINE, "dlogits": FINE}
    assert find_origin(trace(nodes, stats, grads=["dlogits"])) is None


def test_double_where_log_is_healthy():
    assert finding_from_trace(_where_trap(True)) is None


def test_a_nan_seen_only_through_a_shape_op_is_healthy():
    nodes = [op("l", "log", ["x"], ["lg"]), op("sh", "shape", ["lg"], ["n"]),
             op("s", "sum", ["n"], ["loss"])]
    stats = {"x": st(neg=1, lo=-1.0), "lg": st(nan=1), "n": FINE, "loss": FINE}
    assert finding_from_trace(trace(nodes, stats, grads=["n"])) is None


def test_masked_logsumexp_minus_inf_is_healthy_when_the_loss_and_grads_are_finite():
    nodes = [op("m", "select", ["c", "x", "ninf"], ["xm"]),
             op("lse", "logsumexp", ["xm"], ["loss"])]
    stats = {"x": FINE, "ninf": st(ninf=4), "xm": st(ninf=1), "loss": FINE}
    assert finding_from_trace(trace(nodes, stats)) is None


# ---------------------------------------------------------------- per-framework wording

@pytest.mark.parametrize("cause", sorted(CAUSES))
@pytest.mark.parametrize("framework", [*FRAMEWORKS, None])
def test_fix_texts_name_only_the_users_framework(cause, framework):
    text = fix_for(cause, framework=framework)
    assert text and "{" not in text
    assert "rollback=True" not in text
    if framework != "tensorflow":
        assert "keras" not in text.lower() and "tf." not in text
    if framework != "torch":
        assert "torch" not in text
    if framework != "jax":
        assert "jnp." not in text and "optax" not in text


def test_every_kind_named_by_the_localizer_is_a_known_kind():
    from nanguard.core import op_kinds

    for name in op_kinds.__all__[1:]:
        assert getattr(op_kinds, name) <= KINDS, name


def test_every_cause_has_a_contract_trace():
    CAUSES_PINNED.clear()
    for name, test in sorted(globals().items()):
        if not name.startswith("test_") or test is test_every_cause_has_a_contract_trace:
            continue
        marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            if not test.__code__.co_argcount:
                test()
        elif len(marks) == 1 and all(hasattr(p, "values") for p in marks[0].args[1]):
            for param in marks[0].args[1]:
                test(*param.values)
    assert CAUSES_PINNED == set(CAUSES), set(CAUSES) - CAUSES_PINNED


def test_the_localizer_runs_with_every_ml_framework_unimportable():
    code = (
        "import sys\n"
        "for m in ('tensorflow', 'torch', 'jax', 'keras'): sys.modules[m] = None\n"
        "from nanguard.core.localize import finding_from_trace\n"
        "from nanguard.core.causes import fix_for\n"
        "t = {'nodes': [{'name': 'a', 'type': 'x', 'kind': 'log', 'phase': 'forward',"
        " 'inputs': ['x'], 'outputs': ['loss']}],"
        " 'stats': {'x': {'n_nan': 0, 'n_posinf': 0, 'n_neginf': 0, 'n_zero': 1,"
        " 'n_negative': 0, 'min': 0.0, 'max': 0.0}, 'loss': {'n_nan': 0, 'n_posinf': 0,"
        " 'n_neginf': 1, 'n_zero': 0, 'n_negative': 0, 'min': None, 'max': None}},"
        " 'loss': 'loss', 'grads': []}\n"
        "print(finding_from_trace(t).cause)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "log_of_zero"
