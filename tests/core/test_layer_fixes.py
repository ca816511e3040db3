"""The layer-level fix table and the rows at fault, without any ML framework."""

from __future__ import annotations

import numpy as np
import pytest

from nanguard.core.causes import CAUSES, explain, inputs_phrase
from nanguard.core.incident import Finding, Origin
from nanguard.core.layer_fixes import LAYER_FIXES, apply_layer_context, layer_fix
from nanguard.core.rows import bad_rows, origin_rows, rows_text


def _finding(**origin) -> Finding:
    return Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool", **origin),
                   cause="div_by_zero", explanation="`RealDiv` produced NaN.",
                   fix="Use `nanguard.ops.safe_div`.")


def test_every_table_entry_uses_a_known_cause_and_says_something():
    assert LAYER_FIXES
    for (layer_class, cause), fix in LAYER_FIXES.items():
        assert cause in CAUSES and layer_class
        assert fix.problem.endswith(".") and fix.fix.endswith((".", ")"))


@pytest.mark.parametrize(("layer_class", "cause", "words"), [
    ("GlobalAveragePooling1D", "div_by_zero", "empty"),
    ("MultiHeadAttention", "invalid_operation", "attend to at least one key"),
    ("MultiheadAttention", "div_by_zero", "attend to at least one key"),  # torch spelling
    ("LayerNormalization", "div_by_zero", "epsilon > 0"),
    ("BatchNorm1d", "invalid_operation", "epsilon > 0"),
])
def test_built_in_layers_get_a_user_level_fix_not_a_safe_op(layer_class, cause, words):
    fix = layer_fix(layer_class, cause)
    assert fix is not None and words in fix.fix and "nanguard.ops" not in fix.fix


def test_an_unknown_layer_or_cause_has_no_entry():
    assert layer_fix("Dense", "div_by_zero") is None
    assert layer_fix("GlobalAveragePooling1D", "nonfinite_input") is None
    assert layer_fix(None, "div_by_zero") is None


def test_a_built_in_layer_with_a_known_site_gets_its_line_rows_and_fix():
    f = apply_layer_context(
        _finding(rows=[6, 19]), layer_class="GlobalAveragePooling1D", builtin=True,
        site={"file": "train.py", "line": 12, "function": "<module>", "code": "h = pool(h)"},
        batch_size=32)
    assert (f.origin.layer_class, f.origin.file, f.origin.line) == \
        ("GlobalAveragePooling1D", "train.py", 12)
    assert "2 of the 32 rows of the batch are entirely masked (rows 6 and 19)." in f.explanation
    assert "created at train.py:12" in f.explanation
    assert "empty sequences" in f.fix and "safe_div" not in f.fix
    assert "in GlobalAveragePooling1D layer 'pool' at train.py:12" in f.summary()


def test_a_built_in_layer_without_a_known_site_has_no_line_and_says_so():
    f = apply_layer_context(_finding(), layer_class="GlobalAveragePooling1D", builtin=True)
    assert f.origin.file is None and f.origin.line is None
    assert "not known" in f.explanation and "so no line is given" in f.explanation


def test_a_user_layer_keeps_its_own_line_and_op_fix():
    f = apply_layer_context(_finding(file="model.py", line=3, rows=[1]),
                            layer_class="MyPool", builtin=False, batch_size=4)
    assert (f.origin.file, f.origin.line) == ("model.py", 3)
    assert f.fix == "Use `nanguard.ops.safe_div`."
    assert "1 of the 4 rows of the batch gives NaN/Inf at this op (row 1)." in f.explanation


def test_bad_rows_reduce_every_axis_but_the_batch_axis():
    a = np.ones((5, 2, 3), np.float32)
    a[1, 1, 2] = np.nan
    a[4, 0, 0] = -np.inf
    assert bad_rows(a, 5) == [1, 4]
    assert bad_rows(a, 6) is None  # no batch axis of that size
    assert bad_rows(np.float32(np.nan), 5) is None


def test_origin_rows_follow_the_origin_op_of_a_trace():
    t = {"schema": "nanguard.trace/2", "framework": "tensorflow", "loss": "loss", "grads": [],
         "nodes": [
             {"name": "div", "type": "RealDiv", "kind": "div", "phase": "forward",
              "inputs": ["s", "n"], "outputs": ["q"], "forward_op": None, "layer": "pool"},
             {"name": "mean", "type": "Mean", "kind": "mean", "phase": "forward",
              "inputs": ["q"], "outputs": ["loss"], "forward_op": None, "layer": None},
         ]}
    q = np.ones((4, 2))
    q[[0, 3]] = np.nan
    values = {"s": np.zeros((4, 2)), "n": np.array([0.0, 1, 1, 0]), "q": q,
              "loss": np.float64(np.nan)}
    from nanguard.core.incident import tensor_stats

    t["stats"] = {k: tensor_stats(v) for k, v in values.items()}
    assert origin_rows(t, values.__getitem__, 4) == [0, 3]
    assert origin_rows(t, values.__getitem__, None) is None


def test_rows_text_shortens_long_lists_and_agrees_in_number():
    assert rows_text([2], 8, "are constant") == "1 of the 8 rows of the batch is constant (row 2)"
    assert rows_text(list(range(10)), 64, "hold NaN").endswith("(rows 0, 1, 2, 3, 4, 5, 6, 7, ...)")


def _softmax_finding(inp: dict, out_nan: int = 20) -> Finding:
    stats = {"dtype": "float32", "shape": [16, 10, 10], "n_nan": 0, "n_posinf": 0,
             "n_neginf": 0}
    inputs = [{**stats, **inp}]
    # The explanation as core.localize words it, from the inputs' statistics.
    return Finding(
        origin=Origin(phase="forward", op="Softmax", layer="attn", kind="softmax",
                      file="model.py", line=12, rows=[5, 9],
                      inputs=inputs, output={**stats, "n_nan": out_nan}),
        cause="invalid_operation",
        explanation=explain("invalid_operation", phase="forward", op="Softmax", layer="attn",
                            inputs=inputs_phrase(inputs)),
        fix="Use `nanguard.ops.masked_softmax`.")


def test_a_hand_written_softmax_over_an_all_minus_inf_row_gets_the_attention_fix():
    finding = apply_layer_context(_softmax_finding({"n_neginf": 200}),
                                  layer_class="MaskedSelfAttention", builtin=False,
                                  batch_size=16)
    assert "attend to at least one key" in finding.fix
    assert "nanguard.ops.masked_softmax(scores, mask)" in finding.fix  # the user's own code
    assert "2 of the 16 rows of the batch have every key masked (rows 5 and 9)" in \
        finding.explanation
    assert "from finite inputs" not in finding.explanation
    assert "only non-finite values are -inf" in finding.explanation


@pytest.mark.parametrize("inp", [
    {"n_neginf": 0},  # no mask: a different fault
    {"n_neginf": 200, "n_posinf": 1},  # +inf - +inf, not a mask
    {"n_neginf": 200, "n_nan": 3},  # NaN came in
])
def test_other_softmax_nans_are_not_called_a_masked_row(inp):
    finding = apply_layer_context(_softmax_finding(inp), layer_class="MaskedSelfAttention",
                                  builtin=False, batch_size=16)
    assert finding.fix == "Use `nanguard.ops.masked_softmax`."
    assert "every key masked" not in finding.explanation
