"""Chunked readers of tables: ``.csv`` (pandas), ``.parquet`` (pyarrow), pandas frames.

Rows are 0-based data rows (a CSV's header excluded). A text cell counts as
``non_numeric``; a column with no number at all is text (labels, ids), not a
numeric problem. Memory: pandas ``read_csv(chunksize=...)`` and pyarrow
``iter_batches``, sized so a parsed chunk stays within ``chunk_bytes``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nanguard.datascan.sources import Progress, no_progress, rows_per_chunk
from nanguard.datascan.stats import TableStats, Thresholds
from nanguard.errors import InvalidArgumentError

__all__ = ["scan_csv", "scan_frame", "scan_frame_chunk", "scan_parquet"]


def scan_frame_chunk(table: TableStats, frame: Any, row_offset: int) -> None:
    """Update ``table`` from one pandas chunk; text cells count as ``non_numeric``."""
    import pandas as pd

    for j, name in enumerate(frame.columns):
        column = frame[name]
        if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_numeric_dtype(column.dtype):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
            table.update_column(j, values, row_offset)
            continue
        missing = column.isna().to_numpy()
        numeric = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        text = np.isnan(numeric) & ~missing
        # "nan"/"inf" spelled in a text column parse as numbers, which is what they are.
        table.add_non_numeric(j, text, row_offset)
        table.update_column(j, numeric, row_offset, exclude=text)
    table.n_rows = max(table.n_rows, row_offset + len(frame))


def scan_frame(frame: Any, thresholds: Thresholds, chunk_bytes: int) -> TableStats:
    """Scan an in-memory pandas ``DataFrame`` in row chunks, as a CSV of it would be."""
    table = TableStats("dataframe", [str(c) for c in frame.columns], thresholds)
    rows = _csv_chunk_rows(len(frame.columns), chunk_bytes)
    for start in range(0, len(frame), rows):
        scan_frame_chunk(table, frame.iloc[start : start + rows], start)
    _mark_text_columns(table)
    return table


def _csv_chunk_rows(n_columns: int, chunk_bytes: int) -> int:
    # pandas holds a chunk about 3-4 times over while parsing; budget for that.
    return rows_per_chunk(max(1, n_columns) * 8 * 4, chunk_bytes)


def scan_csv(
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = no_progress
) -> list[TableStats]:
    """Stream a ``.csv`` with a header row; rows are 0-based data rows (header excluded)."""
    import pandas as pd

    try:
        header = pd.read_csv(path, nrows=0)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(
            "path", str(path), "a CSV file with a header row", hint=f"pandas says: {exc}"
        ) from None
    names = [str(c) for c in header.columns]
    table = TableStats(path.name, names, thresholds)
    row_offset = 0
    with open(path, "rb") as fh:
        position = 0
        try:
            for frame in pd.read_csv(fh, chunksize=_csv_chunk_rows(len(names), chunk_bytes)):
                scan_frame_chunk(table, frame, row_offset)
                row_offset += len(frame)
                new_position = fh.tell()
                progress(new_position - position)
                position = new_position
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            table.notes.append(f"stopped at data row {row_offset}: unreadable CSV ({exc})")
    _mark_text_columns(table)
    return [table]


def scan_parquet(
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = no_progress
) -> list[TableStats]:
    """Stream a ``.parquet`` file batch by batch (needs pyarrow)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidArgumentError(
            "path",
            str(path),
            "a format whose reader is installed",
            hint="Reading .parquet needs pyarrow: `pip install pyarrow`, or convert the "
            "file to .csv or .npy.",
        ) from None
    parquet = pq.ParquetFile(path)
    names = [str(n) for n in parquet.schema_arrow.names]
    table = TableStats(path.name, names, thresholds)
    row_offset = 0
    for batch in parquet.iter_batches(batch_size=_csv_chunk_rows(len(names), chunk_bytes)):
        frame = batch.to_pandas()
        scan_frame_chunk(table, frame, row_offset)
        row_offset += len(frame)
        progress(len(frame))
    _mark_text_columns(table)
    return [table]


def _mark_text_columns(table: TableStats) -> None:
    """A column with no number at all is text (labels, ids): not a numeric problem."""
    for column in table.columns:
        if (
            column.counts["non_numeric"]
            and column.n_finite == 0
            and not (column.counts["posinf"] or column.counts["neginf"])
        ):
            column.numeric = False
