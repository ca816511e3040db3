"""tf.data.Dataset input: dicts, tuples, batched and unbatched; rows are sample indices."""

from __future__ import annotations

import numpy as np
import pytest
from scan_data import CONSTANT_COLUMN, EXPECTED, N_ROWS, planted, problems

import nanguard
from nanguard.datascan import scan


@pytest.fixture
def features():
    return planted(np.float32)


def _labels():
    y = np.arange(N_ROWS, dtype=np.float32) % 3
    y[77] = np.nan
    return y


def test_dataset_of_dicts_reports_each_feature_by_key(tf, features):
    ds = tf.data.Dataset.from_tensor_slices({"x": features, "y": _labels()})
    result = scan(ds, memory_budget=4096)
    tables = {t.name: t for t in result.tables}
    assert set(tables) == {"x", "y"}
    assert problems(tables["x"]) == EXPECTED
    assert tables["x"].columns[CONSTANT_COLUMN].constant
    assert problems(tables["y"]) == {(0, "nan"): [77]}


@pytest.mark.parametrize("batch", [1, 64, 1000])
def test_batched_tuple_dataset_reports_global_sample_rows(tf, features, batch):
    ds = tf.data.Dataset.from_tensor_slices((features, _labels())).batch(batch)
    tables = {t.name: t for t in scan(ds).tables}
    assert set(tables) == {"0", "1"}
    assert tables["0"].n_rows == N_ROWS
    assert problems(tables["0"]) == EXPECTED
    assert problems(tables["1"]) == {(0, "nan"): [77]}


def test_nested_tuple_of_dict_names_components_by_path(tf, features):
    ds = tf.data.Dataset.from_tensor_slices(({"pixels": features}, _labels()))
    assert sorted(t.name for t in scan(ds).tables) == ["0/pixels", "1"]


def test_string_components_are_skipped_with_a_note(tf):
    ds = tf.data.Dataset.from_tensor_slices({"name": ["a", "b"], "v": [1.0, float("inf")]})
    result = scan(ds)
    (finding,) = result.findings
    assert (finding.table, finding.kind, finding.rows) == ("v", "posinf", [1])
    assert any("not numeric" in n for t in result.tables for n in t.notes)


def test_datascan_scan_is_reachable_from_the_package():
    import nanguard.datascan

    assert nanguard.datascan.scan is scan


def test_top_level_nanguard_scan_is_the_datascan_function(tf):
    ds = tf.data.Dataset.from_tensor_slices({"v": [1.0, float("nan")]})
    assert [f.rows for f in nanguard.scan(ds).findings] == [[1]]
    assert nanguard.scan is scan


def test_nanguard_scan_in_a_fresh_process_after_import_nanguard_or_the_submodule():
    import subprocess
    import sys

    for first in ("import nanguard", "import nanguard.datascan; import nanguard"):
        code = (
            f"{first}; import numpy as np; "
            "print(nanguard.scan(np.array([1.0, np.inf])).findings[0].rows)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        ).stdout
        assert out.strip() == "[1]", first


@pytest.mark.parametrize("batched", [False, True], ids=["unbatched", "padded-batch"])
def test_variable_length_component_is_one_grouped_feature(tf, batched):
    sequences = [[1.0, 2.0], [3.0], [4.0, float("nan"), 6.0], [7.0, 8.0]]

    def gen():
        yield from (np.array(s, dtype=np.float32) for s in sequences)

    ds = tf.data.Dataset.from_generator(
        gen, output_signature=tf.TensorSpec(shape=(None,), dtype=tf.float32)
    )
    if batched:
        ds = ds.padded_batch(2, padding_values=0.0)
    # A spec of shape (None,) reads as "batched" to the auto-detection: say which it is.
    (table,) = scan(ds, batched=batched).tables
    assert [c.name for c in table.columns] == ["element[:, ...]"]
    assert table.n_rows == 4
    assert problems(table) == {(0, "nan"): [2]}
