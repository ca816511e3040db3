"""Files bigger than the memory budget stream through: peak Python memory stays below it."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from nanguard.datascan import scan

BUDGET = 4 << 20  # 4 MiB
N_ROWS, N_COLS = 819_200, 8  # float64: 50 MiB
LAST_ROW = N_ROWS - 1


def _big_array_file(tmp_path, fmt):
    # Written in slices so the test itself never holds the 50 MiB either.
    path = tmp_path / f"big.{fmt}"
    if fmt == "npy":
        out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(N_ROWS, N_COLS))
        for start in range(0, N_ROWS, 100_000):
            rows = np.arange(start, min(start + 100_000, N_ROWS))
            out[start : start + 100_000] = (rows % 1000)[:, None] * 1e-3 + np.arange(N_COLS)
        out[LAST_ROW, 5] = np.nan
        out[1234, 0] = np.inf
        out.flush()
        del out
        return path
    raise AssertionError(fmt)


@pytest.mark.slow
def test_npy_larger_than_budget_is_scanned_within_budget(tmp_path):
    path = _big_array_file(tmp_path, "npy")
    assert path.stat().st_size > 12 * BUDGET
    tracemalloc.start()
    try:
        result = scan(path, memory_budget=BUDGET, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(
        f"peak traced memory {peak / 2**20:.2f} MiB for a {path.stat().st_size / 2**20:.0f} "
        f"MiB file, budget {BUDGET / 2**20:.0f} MiB"
    )
    assert peak < BUDGET
    found = {(f.column, f.kind): f.rows for f in result.findings}
    assert found == {("big.npy[:, 5]", "nan"): [LAST_ROW], ("big.npy[:, 0]", "posinf"): [1234]}


@pytest.mark.slow
def test_npz_member_larger_than_budget_is_streamed_within_budget(tmp_path):
    x = (np.arange(N_ROWS // 2)[:, None] % 100) + np.arange(N_COLS) * 0.5  # 25 MiB member
    x[-1, 7] = -np.inf
    path = tmp_path / "big.npz"
    np.savez(path, x=x)
    del x
    tracemalloc.start()
    try:
        result = scan(path, memory_budget=BUDGET, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < BUDGET
    assert [(f.kind, f.rows) for f in result.findings] == [("neginf", [N_ROWS // 2 - 1])]


@pytest.mark.slow
def test_csv_larger_than_budget_is_streamed_within_budget(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w") as fh:
        fh.write("a,b,c\n")
        block = "".join(f"{i},{i * 0.5},1\n" for i in range(10_000))
        for _ in range(150):
            fh.write(block)
        fh.write("1,nan,1\n")
    assert path.stat().st_size > 2 * BUDGET
    tracemalloc.start()
    try:
        result = scan(path, memory_budget=BUDGET, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"csv: peak {peak / 2**20:.2f} MiB for {path.stat().st_size / 2**20:.1f} MiB")
    assert peak < BUDGET
    kinds = {(f.column, f.kind): f.rows for f in result.findings}
    assert kinds[("b", "nan")] == [1_500_000]
    assert ("c", "constant") in kinds
