"""`bench/overhead.py --quick` runs end to end and its periodic snapshots land in the window.

A smoke test of the benchmark script, not a timing test: no ratio is asserted.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "overhead.py"


def test_overhead_quick_times_every_arm_and_counts_snapshots_inside_the_window(tf):
    pytest.importorskip("keras")
    spec = importlib.util.spec_from_file_location("nanguard_bench_overhead", BENCH)
    overhead = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(overhead)
    rows = overhead.main(["--quick"])
    by_arm = {r["arm"]: r for r in rows}
    assert set(by_arm) == set(overhead.MAIN_ARMS) | {"check_numerics"}
    assert by_arm["plain"]["wall_median"] == 1.0
    for r in rows:
        assert all(math.isfinite(r[k]) and r[k] > 0 for k in ("ms", "wall_median", "cpu_mean"))
    # snapshot_every=4 and an 8-step window: 2 snapshots inside the window in each round.
    assert by_arm["guard_recovery"]["snapshots"] == [2, 2]
    assert by_arm["guard"]["snapshots"] == []
