"""The linter on the zoo of real NaN bugs (tests/zoo/cases), read as text, never imported.

Every zoo case must be listed here, explicitly: a buggy case either with the exact
``(line, rule)`` findings the linter gives at the default confidence, or as out of
static reach with the reason; a healthy case with the findings it still gets (if
any). A case added to the zoo and not listed fails the suite, so it gets read.

This recall is in-sample: several rules were written or tightened while looking at
these programs. The held-out figure is the known-bug recall of
``bench/lint_precision.py`` (see docs/lint.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nanguard.lint import lint_source

CASES = Path(__file__).parents[1] / "zoo" / "cases"
MARKER = "# <- origin"
#: Data or dynamics problems: no line of code is wrong on its own.
OUT_OF_STATIC_REACH = {
    "bad_features": "NaN in the input features: a data problem",
    "bad_labels": "NaN in the labels: a data problem",
    "bad_sample_weight": "NaN in the sample weights: a data problem",
    "nan_kernel": "NaN already in a kernel's weights: a state problem",
    "divergence_high_lr": "divergence from a high learning rate: a dynamics problem",
    "fp16_matmul_overflow": "a float16 matmul whose operands are large only at run time",
    "rnn_overflow": "an RNN state that grows over 221 steps: overflow from the dynamics",
    "while_loop_overflow": "v * v repeated in a while_loop: overflow after 4 iterations",
}
#: Buggy cases in static reach that the linter misses: (reason, exact findings it gives).
MISSED: dict[str, tuple[str, list[tuple[str | int, str]]]] = {
    "bf16_precision_div": (
        "1 / (1 - p): NG103 flags sums, norms, abs and learned denominators, not every "
        "difference; the 0 comes from bfloat16 rounding p = 0.999 to 1",
        [],
    ),
    "lr_warmup_rsqrt": (
        "rsqrt(step) is inf at step 0; the linter takes a name like `step` for a count, "
        "and counts as never 0 (right for sqrt(head_dim), wrong for an optimizer step)",
        [],
    ),
    "lgamma_pole_poisson": (
        "the bug is lgamma(y_true) at its pole y_true = 0 and no rule checks lgamma; the "
        "NG108 on the origin line is exp(log_rate), another hazard",
        [("origin", "NG108")],
    ),
}
#: Buggy cases: the exact (line, rule) findings. "origin" is the case's marked line;
#: an int is an absolute line with the reason in the comment.
FOUND: dict[str, list[tuple[str | int, str]]] = {
    "acos_after_clip": [(21, "NG103"), ("origin", "NG107")],  # 21: cos / (norm * norm)
    "acos_domain": [("origin", "NG110")],
    "bce_sigmoid_saturated": [("origin", "NG101")],
    "cond_branch_log": [(23, "NG112"), ("origin", "NG101")],  # 23: log(sigmoid) too
    "custom_gradient_div": [("origin", "NG103")],
    "div_norm_layer": [("origin", "NG103")],
    "exp_in_where": [("origin", "NG108")],
    "exp_overflow": [("origin", "NG108")],
    "fp16_cast_overflow": [("origin", "NG115")],
    "float64_log1m_sigmoid": [("origin", "NG101")],
    "fn_layer_call_div": [("origin", "NG103")],
    "fn_nested_log": [("origin", "NG101")],
    "fp16_exp_layer": [("origin", "NG108")],
    # 21: the -inf fill; the NaN appears in the softmax on the origin line after it
    "inf_minus_inf": [(21, "NG111")],
    "layernorm_no_eps": [("origin", "NG102")],
    "locate_div_in_where": [("origin", "NG104")],
    "locate_inverse_temperature": [("origin", "NG103")],
    "locate_model_log_zero": [("origin", "NG101")],
    "locate_norm_at_zero": [("origin", "NG102")],
    "locate_pow_zero": [("origin", "NG109")],
    "locate_relative_error": [("origin", "NG103")],
    "log_in_where": [("origin", "NG104")],
    "log_of_negative": [("origin", "NG101")],
    "log_softmax_underflow": [("origin", "NG112")],
    # 22: the -inf mask; the fully masked row turns NaN in the softmax on the origin line
    "masked_softmax_full_row": [(22, "NG111")],
    # 20: the log inside the function exported as a ConcreteFunction the origin line calls
    "opaque_concrete_function": [(20, "NG101")],
    "pow_negative_half": [("origin", "NG109")],
    "rsqrt_negative_variance": [("origin", "NG102")],
    "sqrt_after_clip": [("origin", "NG102")],
    "std_cancellation": [("origin", "NG102")],
    "zero_times_inf_mask": [("origin", "NG111")],
}
#: Healthy programs and the findings they still get: -inf masks where no row is ever
#: fully masked. The same code with a fully masked row is `masked_softmax_full_row`,
#: so a static rule cannot tell them apart (a causal tril/band_part mask it can).
HEALTHY: dict[str, list[tuple[int, str]]] = {
    "healthy_causal_mask_1e9": [],
    "healthy_causal_mask_inf": [],
    "healthy_double_where_log": [],
    "healthy_fn_cond_double_where": [],
    # 18: v / norm(v) of v = h + 1 scaled by 3: never 0 (line 21, a mask built from
    # `range(4) < 2`, keeps 2 of 4 columns: no evidence, reported only at low)
    "healthy_gru_masked_loop": [(18, "NG103")],
    "healthy_masked_logsumexp": [(15, "NG111")],
    "healthy_masked_softmax": [(16, "NG111")],
}


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*.py") if not p.stem.startswith("_"))


def _origin(text: str) -> int | None:
    lines = [i for i, t in enumerate(text.splitlines(), 1) if t.rstrip().endswith(MARKER)]
    return lines[0] if lines else None


def test_the_zoo_is_present() -> None:
    assert len(_cases()) >= 37


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_zoo_case_gets_exactly_its_listed_findings(path: Path) -> None:
    name = path.stem
    tables = (FOUND, MISSED, HEALTHY, OUT_OF_STATIC_REACH)
    listed = sum(name in table for table in tables)
    assert listed == 1, f"zoo case {name!r} is not listed in exactly one table here"
    assert name.startswith("healthy_") == (name in HEALTHY)
    text = path.read_text()
    actual = sorted((d.line, d.code) for d in lint_source(text, str(path)))
    if name in OUT_OF_STATIC_REACH:
        assert actual == [], f"{name}: {OUT_OF_STATIC_REACH[name]}, yet {actual}"
        return
    if name in HEALTHY:
        assert actual == sorted(HEALTHY[name])
        return
    origin = _origin(text)
    assert origin is not None, f"{name} has no `{MARKER}` line"
    listed_findings = FOUND[name] if name in FOUND else MISSED[name][1]
    expected = sorted((origin if line == "origin" else line, c) for line, c in listed_findings)
    assert actual == expected
