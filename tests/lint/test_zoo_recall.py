"""The linter on the zoo of real NaN bugs (tests/zoo/cases), read as text, never imported.

Each buggy case marks its origin line with ``# <- origin``. Static checks cannot
see data problems (NaN in the batch or the weights) or divergence, so those cases
are listed as out of reach; every other buggy case known here must get a finding
within one line of its origin, and healthy cases must stay quiet except the known
false positives. Cases added to the zoo later are skipped until listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nanguard.lint import lint_source

CASES = Path(__file__).parents[1] / "zoo" / "cases"
MARKER = "# <- origin"
#: Data or dynamics problems: no line of code is wrong on its own.
OUT_OF_STATIC_REACH = {
    "bad_features", "bad_labels", "bad_sample_weight", "nan_kernel", "divergence_high_lr",
    "fp16_matmul_overflow",
}  # fmt: skip
#: Buggy cases found within one line of the origin: 24 of the 30 buggy cases, all of
#: those in static reach.
FOUND = {
    "acos_after_clip", "acos_domain", "bce_sigmoid_saturated", "div_norm_layer",
    "exp_in_where", "exp_overflow", "fp16_cast_overflow", "fp16_exp_layer", "inf_minus_inf",
    "layernorm_no_eps", "locate_div_in_where", "locate_inverse_temperature",
    "locate_model_log_zero", "locate_norm_at_zero", "locate_pow_zero",
    "locate_relative_error", "log_in_where", "log_of_negative", "log_softmax_underflow",
    "masked_softmax_full_row", "pow_negative_half", "sqrt_after_clip", "std_cancellation",
    "zero_times_inf_mask",
}  # fmt: skip
HEALTHY = {"healthy_causal_mask_1e9", "healthy_double_where_log"}
#: Healthy programs the linter still flags: -inf masks that never cover a full row.
KNOWN_FALSE_POSITIVES = {"healthy_causal_mask_inf", "healthy_masked_logsumexp",
                         "healthy_masked_softmax"}  # fmt: skip


def _cases() -> list[Path]:
    if not CASES.is_dir():
        return []
    return sorted(p for p in CASES.glob("*.py") if not p.stem.startswith("_"))


def _origin(text: str) -> int | None:
    lines = [i for i, t in enumerate(text.splitlines(), 1) if t.rstrip().endswith(MARKER)]
    return lines[0] if lines else None


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_zoo_case_is_found_statically_or_known_out_of_reach(path: Path) -> None:
    name = path.stem
    if name in OUT_OF_STATIC_REACH:
        pytest.skip("a data or dynamics problem: no line of code is wrong on its own")
    if name not in FOUND | HEALTHY | KNOWN_FALSE_POSITIVES:
        pytest.skip("a zoo case added after this list; run the linter on it and list it")
    text = path.read_text()
    findings = lint_source(text, str(path))
    if name in HEALTHY:
        assert not findings
    elif name in KNOWN_FALSE_POSITIVES:
        assert {d.code for d in findings} == {"NG111"}
    else:
        origin = _origin(text)
        assert origin is not None
        near = [d for d in findings if abs(d.line - origin) <= 1]
        assert near, f"no finding within one line of the origin (line {origin}): {findings}"
