"""Planted problems shared by the scan tests: exact rows per column and kind."""

from __future__ import annotations

import numpy as np

N_ROWS = 1000
NAN_ROWS = [3, 500, 999]
POSINF_ROWS = [10]
NEGINF_ROWS = [11]
FP16_ROWS = [42, 43]  # 1e5 and 1e7: both beyond float16; only 1e7 is extreme
EXTREME_ROWS = [43]
CONSTANT_COLUMN = 2
COLUMNS = ["f0", "f1", "f2", "f3"]

# (column index, kind) -> planted rows
EXPECTED = {
    (0, "nan"): NAN_ROWS,
    (1, "posinf"): POSINF_ROWS,
    (1, "neginf"): NEGINF_ROWS,
    (3, "beyond_float16"): FP16_ROWS,
    (3, "extreme"): EXTREME_ROWS,
}


def planted(dtype=np.float64) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N_ROWS, 4)).astype(dtype)
    x[NAN_ROWS, 0] = np.nan
    x[POSINF_ROWS, 1] = np.inf
    x[NEGINF_ROWS, 1] = -np.inf
    x[:, CONSTANT_COLUMN] = 7.0
    x[42, 3], x[43, 3] = 1e5, 1e7
    return x


def problems(table) -> dict[tuple[int, str], list[int]]:
    """What a TableStats found, in the shape of ``EXPECTED``."""
    out = {}
    for j, column in enumerate(table.columns):
        for kind, count in column.counts.items():
            if count:
                assert count == len(column.rows[kind]), (kind, count)  # all listed here
                out[(j, kind)] = column.rows[kind]
    return out
