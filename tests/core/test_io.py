"""The shared I/O helpers: NaN-safe JSON, atomic writes, numeric-only npz."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from nanguard.core import io


def test_nonfinite_floats_round_trip_through_json_strings():
    encoded = io.jsonable({"a": [math.nan, math.inf, -math.inf, 1.5], "b": np.float32(2.0)})
    assert encoded == {"a": ["nan", "inf", "-inf", 1.5], "b": 2.0}
    decoded = [io.decode_float(v) for v in encoded["a"]]
    assert math.isnan(decoded[0]) and decoded[1:] == [math.inf, -math.inf, 1.5]


def test_atomic_write_json_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "run.json"
    io.atomic_write_json(path, {"loss": math.nan})
    io.atomic_write_json(path, {"loss": 1.0})
    assert json.loads(path.read_text()) == {"loss": 1.0}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_atomic_write_keeps_the_old_file_when_serialisation_fails(tmp_path):
    path = tmp_path / "run.json"
    io.atomic_write_json(path, {"ok": True})
    with pytest.raises(TypeError):
        io.atomic_write_json(path, {"bad": object()})
    assert json.loads(path.read_text()) == {"ok": True}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_npz_round_trip_keeps_names_with_slashes_and_refuses_objects(tmp_path):
    arrays = {"dense/kernel": np.arange(6.0).reshape(2, 3), "x": np.array([1, 2], np.int32)}
    data, names = io.npz_bytes(arrays)
    path = tmp_path / "a.npz"
    io.atomic_write_bytes(path, data)
    loaded = io.load_npz(path, names)
    assert names == ["dense/kernel", "x"]
    np.testing.assert_array_equal(loaded["dense/kernel"], arrays["dense/kernel"])
    assert loaded["x"].dtype == np.int32
    assert io.sha256_file(path) == io.sha256_bytes(data)
    with pytest.raises(ValueError, match="object array 'o'"):
        io.npz_bytes({"o": np.array([object()], dtype=object)})
