"""Incident folders are checksummed and never unpickled."""

from __future__ import annotations

import numpy as np
import pytest

from nanguard.core import incident_store
from nanguard.errors import IncidentError


def _write(tmp_path):
    return incident_store.write_incident(
        tmp_path / "inc", {"step": 3, "epoch": 0, "batch": 3, "trigger": "loss"},
        {"x": np.array([[1.0, np.nan]], np.float32)}, {"dense/kernel": np.ones((2, 2))},
        {"adam/iterations": np.array(3)},
    )


def test_an_incident_round_trips_with_its_arrays(tmp_path):
    folder = _write(tmp_path)
    inc = incident_store.read_incident(folder)
    assert inc["meta"]["step"] == 3
    assert np.isnan(inc["batch"]["x"][0, 1])
    assert inc["variables"]["dense/kernel"].shape == (2, 2)


@pytest.mark.parametrize("victim", ["batch.npz", "meta.json", "variables.npz"])
def test_a_tampered_file_is_refused_naming_it(tmp_path, victim):
    folder = _write(tmp_path)
    with open(folder / victim, "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(IncidentError, match=f"{victim}: checksum mismatch"):
        incident_store.read_incident(folder)


def test_a_truncated_file_is_refused(tmp_path):
    folder = _write(tmp_path)
    data = (folder / "batch.npz").read_bytes()
    (folder / "batch.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(IncidentError, match="batch.npz"):
        incident_store.read_incident(folder)


def test_a_pickled_array_is_never_loaded_even_with_a_matching_checksum(tmp_path):
    folder = _write(tmp_path)
    np.savez(folder / "batch.npz", a0=np.array([{"evil": 1}], dtype=object))
    incident_store.seal(folder)  # attacker re-seals the manifest
    with pytest.raises(IncidentError, match="cannot be read safely"):
        incident_store.read_incident(folder)
