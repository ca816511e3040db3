"""`nanguard scan`: exit codes 0/1/2, text and JSON output."""

from __future__ import annotations

import json

import numpy as np
from scan_data import planted

from nanguard.cli import main


def test_clean_file_exits_0(tmp_path, capsys):
    np.save(tmp_path / "ok.npy", np.arange(20.0).reshape(10, 2))
    assert main(["scan", str(tmp_path / "ok.npy")]) == 0
    assert "clean" in capsys.readouterr().out


def test_findings_exit_1_and_list_rows(tmp_path, capsys):
    np.save(tmp_path / "x.npy", planted())
    assert main(["scan", str(tmp_path / "x.npy")]) == 1
    out = capsys.readouterr().out
    assert "x.npy[:, 0]: 3 NaN (rows 3, 500, 999)" in out
    assert "x.npy[:, 2]: constant column (every value is 7)" in out
    assert "extreme |x| > 1e+06" in out


def test_json_output_is_machine_readable(tmp_path, capsys):
    np.savez(tmp_path / "x.npz", feats=planted())
    assert main(["scan", str(tmp_path / "x.npz"), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "nanguard.scan/1" and doc["ok"] is False
    nan = [f for f in doc["findings"] if f["kind"] == "nan"]
    assert nan == [
        {
            "table": "x.npz:feats",
            "column": "x.npz:feats[:, 0]",
            "kind": "nan",
            "severity": "error",
            "count": 3,
            "rows": [3, 500, 999],
            "message": "NaN (missing or invalid values)",
        }
    ]
    assert doc["thresholds"]["float16_max"] == 65504.0


def test_missing_file_exits_2_naming_it(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "gone.csv")]) == 2
    err = capsys.readouterr().err
    assert "gone.csv" in err and "no such file" in err


def test_unsupported_format_exits_2_naming_supported_formats(tmp_path, capsys):
    (tmp_path / "data.txt").write_text("1 2 3")
    assert main(["scan", str(tmp_path / "data.txt")]) == 2
    err = capsys.readouterr().err
    assert "data.txt" in err and ".npy, .npz, .csv, .parquet" in err


def test_max_rows_and_extreme_options(tmp_path, capsys):
    np.save(tmp_path / "x.npy", np.array([1.0, 5e3, 6e3, 7e3]))
    assert main(["scan", str(tmp_path / "x.npy"), "--extreme", "1e3", "--max-rows", "1"]) == 1
    assert "3 extreme (|x| > 1000) (rows 1, ...)" in capsys.readouterr().out


def test_empty_or_truncated_npy_exits_2_without_a_traceback(tmp_path, capsys):
    (tmp_path / "empty.npy").write_bytes(b"")
    np.save(tmp_path / "full.npy", np.arange(1000.0))
    (tmp_path / "cut.npy").write_bytes((tmp_path / "full.npy").read_bytes()[:500])
    for name in ("empty.npy", "cut.npy"):
        assert main(["scan", str(tmp_path / name)]) == 2
        assert f"{name}'. NumPy says:" in capsys.readouterr().err


def test_corrupt_npz_member_exits_2_naming_the_member(tmp_path, capsys):
    np.savez_compressed(tmp_path / "x.npz", feats=np.random.default_rng(0).normal(size=5000))
    data = bytearray((tmp_path / "x.npz").read_bytes())
    data[200:260] = bytes(60)  # damage the compressed stream
    (tmp_path / "x.npz").write_bytes(bytes(data))
    assert main(["scan", str(tmp_path / "x.npz")]) == 2
    assert "x.npz:feats" in capsys.readouterr().err


def test_fortran_ordered_npz_member_is_scanned_correctly(tmp_path):
    x = np.asfortranarray(planted())
    np.savez(tmp_path / "f.npz", x=x)
    from nanguard.datascan import scan

    (table,) = scan(tmp_path / "f.npz").tables
    assert table.columns[0].rows["nan"] == [3, 500, 999]
    assert table.notes == ["Fortran-ordered member: read whole, not streamed"]
