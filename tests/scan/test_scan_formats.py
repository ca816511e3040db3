"""Each file format: planted NaN, Inf, float16 overflow and constant columns, exact rows."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from scan_data import COLUMNS, CONSTANT_COLUMN, EXPECTED, N_ROWS, planted, problems

from nanguard.datascan import Thresholds, scan
from nanguard.errors import InvalidArgumentError


def _write(tmp_path, fmt):
    x = planted()
    if fmt == "npy":
        path = tmp_path / "x.npy"
        np.save(path, x)
    elif fmt == "npz":
        path = tmp_path / "x.npz"
        np.savez(path, x=x, clean=np.arange(5.0))
    elif fmt == "npz-compressed":
        path = tmp_path / "x.npz"
        np.savez_compressed(path, x=x, clean=np.arange(5.0))
    else:
        path = tmp_path / "x.csv"
        pd.DataFrame(x, columns=COLUMNS).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("fmt", ["npy", "npz", "npz-compressed", "csv"])
@pytest.mark.parametrize("budget", [1 << 30, 4096], ids=["one-chunk", "many-chunks"])
def test_planted_problems_are_found_with_exact_rows(tmp_path, fmt, budget):
    result = scan(_write(tmp_path, fmt), memory_budget=budget)
    table = result.tables[0]
    assert table.n_rows == N_ROWS
    assert problems(table) == EXPECTED
    assert [c.constant for c in table.columns] == [j == CONSTANT_COLUMN for j in range(4)]
    assert not result.ok


def test_npz_members_are_separate_tables(tmp_path):
    result = scan(_write(tmp_path, "npz"))
    assert [t.name for t in result.tables] == ["x.npz:x", "x.npz:clean"]
    assert {f.table for f in result.findings} == {"x.npz:x"}


def test_csv_column_names_and_text_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("label,a,b\ncat,1,inf\ndog,2,-inf\nemu,oops,nan\nfox,4,\n")
    result = scan(path)
    by_kind = {(f.column, f.kind): f.rows for f in result.findings}
    assert by_kind == {
        ("a", "non_numeric"): [2],
        ("b", "posinf"): [0],
        ("b", "neginf"): [1],
        ("b", "nan"): [2, 3],
    }
    assert not result.tables[0].columns[0].numeric  # "label" is text, not a problem


def test_row_lists_are_capped_but_counts_stay_exact():
    x = np.full(10_000, np.nan)
    (finding,) = scan(x, thresholds=Thresholds(max_rows=20)).findings
    assert finding.count == 10_000 and finding.rows == list(range(20))


def test_integer_values_beyond_float16_are_reported():
    (finding,) = scan(np.array([1, 70_000, 3], dtype=np.int64)).findings
    assert (finding.kind, finding.rows) == ("beyond_float16", [1])


def test_bfloat16_range_is_checked_in_float64():
    kinds = {f.kind for f in scan(np.array([1.0, 1e39, 2.0])).findings}
    assert kinds == {"beyond_float16", "beyond_bfloat16", "extreme"}


def test_extreme_threshold_is_configurable():
    assert scan(np.array([1.0, 2e3]), thresholds=Thresholds(extreme=1e3)).findings[0].kind == (
        "extreme"
    )
    assert scan(np.array([1.0, 2e3])).ok


def test_images_are_one_grouped_feature_not_one_per_pixel():
    x = np.zeros((8, 4, 4), dtype=np.float32)
    x[:, 0, 0] = np.arange(8)
    x[5, 2, 3] = np.nan
    result = scan(x)
    assert [c.name for c in result.tables[0].columns] == ["array[:, ...]"]
    (finding,) = result.findings
    assert (finding.kind, finding.count, finding.rows) == ("nan", 1, [5])


def test_clean_data_is_ok():
    assert scan(np.arange(12.0).reshape(6, 2)).ok


def test_dataframe_and_dict_inputs(tmp_path):
    frame = pd.DataFrame(planted(), columns=COLUMNS)
    assert problems(scan(frame).tables[0]) == EXPECTED
    result = scan({"x": planted()})
    assert problems(result.tables[0]) == EXPECTED


def test_missing_file_is_an_error_naming_the_path(tmp_path):
    with pytest.raises(InvalidArgumentError, match="no such file"):
        scan(tmp_path / "nope.npy")


def test_unsupported_format_names_supported_ones(tmp_path):
    path = tmp_path / "data.h5"
    path.write_bytes(b"x")
    supported = r"\.npy, \.npz, \.csv, \.parquet; got '.*data\.h5'"
    with pytest.raises(InvalidArgumentError, match=supported):
        scan(path)


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path, monkeypatch):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InvalidArgumentError, match="needs pyarrow"):
        scan(path)


def test_parquet_with_pyarrow_finds_planted_problems(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "x.parquet"
    pd.DataFrame(planted(), columns=COLUMNS).to_parquet(path, row_group_size=100)
    assert problems(scan(path, memory_budget=4096).tables[0]) == EXPECTED


def test_object_arrays_are_refused_without_unpickling(tmp_path):
    marker = tmp_path / "unpickled"

    class Bomb:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for name, save in (
        ("o.npy", lambda p: np.save(p, np.array([Bomb()]), allow_pickle=True)),
        ("o.npz", lambda p: np.savez(p, a=np.array([Bomb()], dtype=object))),
    ):
        save(tmp_path / name)
        with pytest.raises(InvalidArgumentError, match="numeric"):
            scan(tmp_path / name)
    assert not marker.exists()


@pytest.mark.parametrize("fmt", ["npy", "npz", "csv"])
def test_progress_bar_does_not_change_the_result(tmp_path, fmt, capsys):
    path = _write(tmp_path, fmt)
    quiet = scan(path, memory_budget=4096, progress=False)
    shown = scan(path, memory_budget=4096, progress=True)
    assert shown.to_dict() == quiet.to_dict()
