"""Snapshot rings (nanguard.core.snapshots): exact round trips, rotation, corruption."""

from __future__ import annotations

import numpy as np
import pytest

from nanguard.core.snapshots import DiskRing, MemoryRing
from nanguard.errors import SnapshotError


def _arrays(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "model/0:dense/kernel": rng.normal(size=(4, 16)).astype("float32"),
        "model/1:dense/bias": np.array([np.nan, -0.0, np.inf, 1e-45], "float32"),
        "optimizer/0:adam/iteration": np.array(123, "int64"),
        "optimizer/1:half": rng.normal(size=(3,)).astype("float16"),
    }


def _same(a, b):
    return list(a) == list(b) and all(
        a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes()
        for k in a
    )


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_round_trip_is_bitwise_and_the_ring_keeps_the_newest(kind, tmp_path):
    ring = MemoryRing(2) if kind == "memory" else DiskRing(tmp_path / "snaps", 2)
    for step in (10, 20, 30):
        ring.save(step, _arrays(step), {"epoch": 1})
    assert ring.steps() == [20, 30]
    snap = ring.load(30)
    assert snap.step == 30 and snap.meta == {"epoch": 1}
    assert _same(snap.arrays, _arrays(30))


def test_memory_ring_holds_copies_not_views():
    arrays = _arrays()
    ring = MemoryRing(1)
    ring.save(1, arrays)
    arrays["model/0:dense/kernel"][0, 0] = 42.0
    loaded = ring.load(1)
    loaded.arrays["model/0:dense/kernel"][0, 0] = 43.0
    assert _same(ring.load(1).arrays, _arrays())


def test_disk_snapshot_corrupted_on_disk_is_refused_naming_the_file(tmp_path):
    ring = DiskRing(tmp_path, 3)
    ring.save(100, _arrays())
    path = ring.npz_path(100)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit
    path.write_bytes(bytes(data))
    with pytest.raises(
        SnapshotError,
        match=r"snapshot .*snapshot-000000100\.npz is corrupt: "
        r"its sha256 is .*it was not loaded",
    ) as info:
        ring.load(100)
    assert info.value.path == str(path)


def test_disk_snapshot_with_a_missing_manifest_is_not_listed_and_not_loaded(tmp_path):
    ring = DiskRing(tmp_path, 3)
    ring.save(5, _arrays())
    ring.manifest_path(5).unlink()
    assert ring.steps() == []
    with pytest.raises(SnapshotError, match=r"snapshot-000000005\.npz cannot be read"):
        ring.load(5)


def test_disk_writes_leave_no_temporary_files(tmp_path):
    ring = DiskRing(tmp_path, 2)
    for step in range(5):
        ring.save(step, _arrays(step))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "snapshot-000000003.json",
        "snapshot-000000003.npz",
        "snapshot-000000004.json",
        "snapshot-000000004.npz",
    ]
