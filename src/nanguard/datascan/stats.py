"""Per-column counters that one chunk of rows at a time updates.

A column's problems are counted exactly; only the listed row indices are capped
(``max_rows`` per problem), so a column with ten million NaN costs the same
memory as one with twenty. Every update works on a 2-D chunk ``(rows, columns)``
and allocates at most a few arrays of the chunk's size, which is what keeps a
scan inside its memory budget.

Example:
    >>> import numpy as np
    >>> table = TableStats("x", ["a", "b"], Thresholds())
    >>> table.update(np.array([[1.0, np.nan], [1.0, 2.0]]), row_offset=0)
    >>> table.columns[1].counts["nan"], table.columns[1].rows["nan"]
    (1, [0])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FLOAT16_MAX = 65504.0
BFLOAT16_MAX = 3.3895313892515355e38

# Problem kinds, in the order they are reported, with a one-line meaning.
PROBLEMS: dict[str, str] = {
    "nan": "NaN (missing or invalid values)",
    "posinf": "+Inf",
    "neginf": "-Inf",
    "non_numeric": "non-numeric values in a numeric column",
    "beyond_float16": f"finite but |x| > {FLOAT16_MAX:g}: becomes inf when cast to float16 "
    "(mixed precision)",
    "beyond_bfloat16": f"finite but |x| > {BFLOAT16_MAX:.4g}: becomes inf when cast to bfloat16",
    "extreme": "extreme magnitude (see threshold): standardise, clip or log-transform",
    "constant": "constant column: its standard deviation is 0, so standardising "
    "(x - mean) / std divides by zero",
}
ROW_PROBLEMS = (
    "nan",
    "posinf",
    "neginf",
    "non_numeric",
    "beyond_float16",
    "beyond_bfloat16",
    "extreme",
)


@dataclass(frozen=True)
class Thresholds:
    """What counts as a problem.

    Attributes:
        extreme: finite values with ``|x|`` above this are reported as extreme.
        max_rows: how many row indices to list per column and problem (counts stay exact).
    """

    extreme: float = 1e6
    max_rows: int = 20


@dataclass
class ColumnStats:
    """Exact counts and the first ``max_rows`` row indices of each problem in one column."""

    name: str
    n_values: int = 0
    n_finite: int = 0
    min: float | None = None
    max: float | None = None
    numeric: bool = True
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROW_PROBLEMS, 0))
    rows: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in ROW_PROBLEMS})

    @property
    def constant(self) -> bool:
        """At least two finite values, all equal."""
        return self.numeric and self.n_finite >= 2 and self.min == self.max

    def add_rows(self, kind: str, mask: np.ndarray, row_offset: int, max_rows: int) -> None:
        """Count the true cells of ``mask`` (``(rows,)`` or ``(rows, k)``); list their rows."""
        count = int(np.count_nonzero(mask))
        if not count:
            return
        self.counts[kind] += count
        need = max_rows - len(self.rows[kind])
        if need > 0:
            by_row = mask if mask.ndim == 1 else mask.any(axis=tuple(range(1, mask.ndim)))
            self.rows[kind].extend(int(i) + row_offset for i in np.flatnonzero(by_row)[:need])

    def add_range(self, lo: float, hi: float) -> None:
        self.min = lo if self.min is None else min(self.min, lo)
        self.max = hi if self.max is None else max(self.max, hi)


class TableStats:
    """The columns of one table (a file, an ``.npz`` member, a dataset component).

    Args:
        name: the table's name as shown in the report.
        column_names: one name per column of the chunks passed to :meth:`update`.
        thresholds: what counts as a problem.
        grouped: one column for all values of a row (arrays of rank > 2, e.g. images,
            where a per-pixel report would be noise).
    """

    def __init__(
        self, name: str, column_names: list[str], thresholds: Thresholds, *, grouped: bool = False
    ):
        if grouped and len(column_names) != 1:
            raise ValueError("a grouped table has exactly one column")
        self.name = name
        self.thresholds = thresholds
        self.columns = [ColumnStats(c) for c in column_names]
        self._grouped = grouped
        self.n_rows = 0
        self.notes: list[str] = []

    def update(self, chunk: np.ndarray, row_offset: int) -> None:
        """Count the problems of ``chunk`` (shape ``(rows, columns)``), rows from ``row_offset``.

        A table with one column named for the whole array (``grouped``) takes the
        chunk as ``(rows, values_per_row)`` and counts all values into that column.
        """
        if chunk.ndim != 2 or (chunk.shape[1] != len(self.columns) and not self.grouped):
            raise ValueError(f"chunk of shape {chunk.shape} for {len(self.columns)} columns")
        if self.grouped:
            self.update_column(0, chunk, row_offset)
        else:
            for j in range(len(self.columns)):
                self.update_column(j, chunk[:, j], row_offset)

    @property
    def grouped(self) -> bool:
        return self._grouped

    def update_column(
        self, j: int, x: np.ndarray, row_offset: int, exclude: np.ndarray | None = None
    ) -> None:
        """Count one column's values ``x`` (``(rows,)``, or ``(rows, k)`` when grouped).

        ``exclude`` marks cells that are not values at all (non-numeric CSV text,
        already counted by :meth:`add_non_numeric`); they count as nothing else.
        """
        column = self.columns[j]
        rows = x.shape[0]
        self.n_rows = max(self.n_rows, row_offset + rows)
        if x.size == 0:
            return
        kind = x.dtype.kind
        if kind == "b":
            x = x.view(np.uint8)
            kind = "u"
        if kind not in "fiu":
            raise ValueError(f"cannot scan dtype {x.dtype}")
        max_rows = self.thresholds.max_rows
        column.n_values += x.size if exclude is None else x.size - int(np.count_nonzero(exclude))
        if kind == "f":
            finite = np.isfinite(x)
            n_finite = int(np.count_nonzero(finite))
            if n_finite < x.size:
                nan = np.isnan(x)
                if exclude is not None:
                    nan &= ~exclude
                column.add_rows("nan", nan, row_offset, max_rows)
                column.add_rows("posinf", np.isposinf(x), row_offset, max_rows)
                column.add_rows("neginf", np.isneginf(x), row_offset, max_rows)
            if not n_finite:
                return
            lo = float(np.min(x, where=finite, initial=np.inf))
            hi = float(np.max(x, where=finite, initial=-np.inf))
        else:
            n_finite = x.size
            lo, hi = float(x.min()), float(x.max())
        column.n_finite += n_finite
        column.add_range(lo, hi)
        # Range checks only when the chunk's extremes can break them: the common
        # clean chunk costs two reductions per column, no temporary array.
        magnitude = max(abs(lo), abs(hi))
        if magnitude > min(FLOAT16_MAX, self.thresholds.extreme):
            absx = np.abs(x.astype(np.float64) if kind != "f" else x)
            with np.errstate(invalid="ignore"):
                for name, limit in (
                    ("beyond_float16", FLOAT16_MAX),
                    ("beyond_bfloat16", BFLOAT16_MAX),
                    ("extreme", self.thresholds.extreme),
                ):
                    if magnitude > limit:
                        mask = absx > limit
                        if kind == "f":
                            mask &= finite
                        column.add_rows(name, mask, row_offset, max_rows)

    def add_non_numeric(self, j: int, mask: np.ndarray, row_offset: int) -> None:
        """Record cells of column ``j`` that are present but not numbers (CSV text)."""
        self.columns[j].add_rows("non_numeric", mask, row_offset, self.thresholds.max_rows)
