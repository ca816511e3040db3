"""Chunked readers: every supported input becomes tables fed one bounded chunk at a time.

Memory bounds, per format:

* ``.npy``: ``np.load(mmap_mode="r")``, rows copied out ``chunk_rows`` at a time.
* ``.npz``: each member is read straight from the zip stream (``zipfile`` +
  ``np.lib.format`` header), ``chunk_rows`` rows at a time; compressed members
  decompress as a stream. A Fortran-ordered member of rank ≥ 2 cannot be cut
  into rows and is read whole (bounded by that member's size).
* ``.csv``: pandas ``read_csv(chunksize=...)``.
* ``.parquet``: pyarrow ``iter_batches`` (only when pyarrow is importable).
* ``tf.data.Dataset``: elements are gathered into ``chunk_rows``-row buffers.

Nothing is ever unpickled: ``allow_pickle=False`` everywhere, and an object
array is refused with a message.

Example:
    >>> tables = scan_npy("x.npy", Thresholds(), chunk_bytes=4 << 20)   # doctest: +SKIP
"""

from __future__ import annotations

import math
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.datascan.stats import TableStats, Thresholds
from nanguard.errors import InvalidArgumentError

Progress = Callable[[int], None]  # advance by n units (bytes or rows)


def _noop(_: int) -> None:
    pass


def rows_per_chunk(row_bytes: int, chunk_bytes: int) -> int:
    """How many rows of ``row_bytes`` fit in ``chunk_bytes`` (at least one)."""
    return max(1, chunk_bytes // max(1, row_bytes))


def _column_names(prefix: str, shape: tuple[int, ...]) -> tuple[list[str], bool]:
    """Column names for an array of ``shape``; ``grouped`` for rank > 2."""
    if len(shape) <= 1:
        return [prefix], False
    if len(shape) == 2:
        return [f"{prefix}[:, {j}]" for j in range(shape[1])], False
    return [f"{prefix}[:, ...]"], True


def _as_rows(chunk: np.ndarray) -> np.ndarray:
    """``(rows, ...)`` to a 2-D ``(rows, values_per_row)`` view."""
    if chunk.ndim == 1:
        return chunk.reshape(-1, 1)
    return chunk.reshape(chunk.shape[0], -1)


def _check_dtype(dtype: np.dtype, where: str) -> None:
    if dtype.hasobject:
        raise InvalidArgumentError(
            "data",
            where,
            "a numeric array",
            hint="It holds Python objects; nanguard never unpickles data. Save numbers "
            "(np.save with a numeric dtype) instead.",
        )


def scan_array(
    name: str,
    array: np.ndarray,
    thresholds: Thresholds,
    chunk_bytes: int,
    progress: Progress = _noop,
) -> TableStats:
    """Scan an in-memory or memory-mapped array in row chunks.

    Example:
        >>> t = scan_array("x", np.array([1.0, np.inf]), Thresholds(), 1 << 20)
        >>> t.columns[0].rows["posinf"]
        [1]
    """
    _check_dtype(array.dtype, name)
    if array.dtype.kind not in "fiub":
        raise InvalidArgumentError(
            "data", name, "numeric (float, int or bool)", hint=f"Its dtype is {array.dtype}."
        )
    if array.ndim == 0:
        array = array.reshape(1)
    names, grouped = _column_names(name, array.shape)
    table = TableStats(name, names, thresholds, grouped=grouped)
    row_bytes = array.itemsize * math.prod(array.shape[1:])
    step = rows_per_chunk(row_bytes, chunk_bytes)
    for start in range(0, array.shape[0], step):
        # np.array copies the slice once, so a memory-mapped file is read once per chunk.
        chunk = np.array(array[start : start + step])
        table.update(_as_rows(chunk), row_offset=start)
        progress(chunk.shape[0])
        del chunk
    if array.shape[0] == 0:
        table.notes.append("empty: 0 rows")
    return table


def npy_rows(path: Path) -> int:
    """Rows in a ``.npy`` (for the progress bar); 0 when unreadable (the scan says why)."""
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except (ValueError, EOFError, OSError):
        return 0
    return int(array.shape[0]) if array.ndim else 1


def scan_npy(
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = _noop
) -> list[TableStats]:
    """Scan a ``.npy`` file through a read-only memory map."""
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except (ValueError, EOFError, OSError) as exc:  # object arrays, corrupt or empty
        raise InvalidArgumentError(
            "path", str(path), "a numeric .npy file", hint=f"NumPy says: {exc}"
        ) from None
    return [scan_array(path.name, array, thresholds, chunk_bytes, progress)]


def _read_npy_header(fh: Any, name: str) -> tuple[tuple[int, ...], bool, np.dtype]:
    fmt = np.lib.format
    try:
        version = fmt.read_magic(fh)
        reader = {(1, 0): fmt.read_array_header_1_0, (2, 0): fmt.read_array_header_2_0}[version]
        shape, fortran, dtype = reader(fh)
    except Exception as exc:  # noqa: BLE001 - NumPy's header parser leaks SyntaxError, etc.
        raise InvalidArgumentError(
            "data",
            name,
            "a .npy member (format 1.0 or 2.0)",
            hint=f"Its header is unreadable ({exc}).",
        ) from None
    return tuple(shape), bool(fortran), dtype


_READ_PIECE = 256 << 10


def _read_exact(fh: Any, n: int) -> memoryview:
    """Read ``n`` bytes (fewer at end of stream) into one buffer.

    Small pieces copied into a preallocated buffer: ``fh.read(n)`` plus a join
    would hold the chunk twice, doubling peak memory.
    """
    buffer = bytearray(n)
    view = memoryview(buffer)
    filled = 0
    while filled < n:
        data = fh.read(min(_READ_PIECE, n - filled))
        if not data:
            break
        view[filled : filled + len(data)] = data
        filled += len(data)
    return view[:filled]


def scan_npz(
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = _noop
) -> list[TableStats]:
    """Scan every member of a ``.npz`` without loading any member whole."""
    tables = []
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InvalidArgumentError("path", str(path), "a valid .npz (zip) archive") from None
    with archive:
        for info in archive.infolist():
            if not info.filename.endswith(".npy"):
                continue
            name = f"{path.name}:{info.filename[:-4]}"
            try:
                tables.append(_scan_member(archive, info, name, thresholds, chunk_bytes, progress))
            except InvalidArgumentError:
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise InvalidArgumentError(
                    "path", str(path), "a readable .npz archive", hint=f"Member {name}: {exc}"
                ) from None
    return tables


def _scan_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    thresholds: Thresholds,
    chunk_bytes: int,
    progress: Progress,
) -> TableStats:
    with archive.open(info) as fh:
        shape, fortran, dtype = _read_npy_header(fh, name)
        _check_dtype(dtype, name)
        if fortran and len(shape) >= 2:
            data = np.frombuffer(
                _read_exact(fh, dtype.itemsize * math.prod(shape)), dtype=dtype
            ).reshape(shape, order="F")
            table = scan_array(name, data, thresholds, chunk_bytes, progress)
            table.notes.append("Fortran-ordered member: read whole, not streamed")
            return table
        return _scan_stream(name, fh, shape, dtype, thresholds, chunk_bytes, progress)


def _scan_stream(
    name: str,
    fh: Any,
    shape: tuple[int, ...],
    dtype: np.dtype,
    thresholds: Thresholds,
    chunk_bytes: int,
    progress: Progress,
) -> TableStats:
    if dtype.kind not in "fiub":
        raise InvalidArgumentError(
            "data", name, "numeric (float, int or bool)", hint=f"Its dtype is {dtype}."
        )
    shape = tuple(shape) if shape else (1,)
    names, grouped = _column_names(name, shape)
    table = TableStats(name, names, thresholds, grouped=grouped)
    row_shape = shape[1:]
    row_bytes = dtype.itemsize * math.prod(row_shape)
    step = rows_per_chunk(row_bytes, chunk_bytes)
    for start in range(0, shape[0], step):
        rows = min(step, shape[0] - start)
        raw = _read_exact(fh, rows * row_bytes)
        if len(raw) != rows * row_bytes:
            table.notes.append(f"member ends early at row {start}: truncated archive")
            break
        chunk = np.frombuffer(raw, dtype=dtype).reshape((rows, *row_shape))
        table.update(_as_rows(chunk), row_offset=start)
        progress(rows)
        del chunk, raw
    return table


# ----------------------------------------------------------------------------- tables


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


def _csv_chunk_rows(n_columns: int, chunk_bytes: int) -> int:
    # pandas holds a chunk about 3-4 times over while parsing; budget for that.
    return rows_per_chunk(max(1, n_columns) * 8 * 4, chunk_bytes)


def scan_csv(
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = _noop
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
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = _noop
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


# ----------------------------------------------------------------------------- tf.data


def _flatten(element: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(element, dict):
        for key in element:
            yield from _flatten(element[key], f"{prefix}/{key}" if prefix else str(key))
    elif isinstance(element, (tuple, list)):
        for i, item in enumerate(element):
            yield from _flatten(item, f"{prefix}/{i}" if prefix else str(i))
    else:
        yield prefix or "element", element


def dataset_is_batched(dataset: Any) -> bool:
    """A dataset whose every component has an unknown leading dim came from ``.batch()``."""
    import tensorflow as tf

    specs = tf.nest.flatten(dataset.element_spec)
    return bool(specs) and all(
        getattr(spec, "shape", None) is not None and spec.shape.rank and spec.shape[0] is None
        for spec in specs
    )


def _ragged_components(dataset: Any, batched: bool) -> set[str]:
    """Components whose per-sample shape is not fixed (variable-length sequences)."""
    ragged = set()
    for name, spec in _flatten(dataset.element_spec):
        shape = getattr(spec, "shape", None)
        if shape is None or shape.rank is None:
            ragged.add(name)
            continue
        dims = list(shape)[1:] if batched else list(shape)
        if any(d is None for d in dims):
            ragged.add(name)
    return ragged


def scan_dataset(
    dataset: Any,
    thresholds: Thresholds,
    chunk_bytes: int,
    batched: bool | None = None,
    progress: Progress = _noop,
) -> list[TableStats]:
    """Scan a ``tf.data.Dataset`` of arrays, tuples or dicts (nested).

    Rows are samples: with ``batched`` (auto-detected when ``None``) each element
    holds many samples along axis 0; otherwise each element is one sample.
    A component whose per-sample shape varies (sequences) is one grouped feature,
    scanned element by element. Non-numeric components (strings) are skipped with a note.
    """
    if batched is None:
        batched = dataset_is_batched(dataset)
    ragged = _ragged_components(dataset, batched)
    tables: dict[str, TableStats] = {}
    skipped: set[str] = set()
    buffers: dict[str, list[np.ndarray]] = {}
    buffered_bytes: dict[str, int] = {}
    offsets: dict[str, int] = {}

    def update(name: str, chunk: np.ndarray) -> None:
        if name not in tables:
            if name in ragged:
                names, grouped = [f"{name}[:, ...]"], True
            else:
                names, grouped = _column_names(name, chunk.shape)
            tables[name] = TableStats(name, names, thresholds, grouped=grouped)
            if name in ragged:
                tables[name].notes.append("variable shape: all values as one feature")
        tables[name].update(_as_rows(chunk), row_offset=offsets.get(name, 0))
        offsets[name] = offsets.get(name, 0) + chunk.shape[0]

    def flush(name: str) -> None:
        if buffers.get(name):
            update(name, np.concatenate(buffers[name]) if batched else np.stack(buffers[name]))
        buffers[name] = []
        buffered_bytes[name] = 0

    for element in dataset.as_numpy_iterator():
        n_rows = 0
        for name, value in _flatten(element):
            array = np.asarray(value)
            if array.dtype.kind not in "fiub":
                skipped.add(name)
                continue
            if batched and array.ndim == 0:
                array = array.reshape(1)
            n_rows = max(n_rows, array.shape[0] if batched else 1)
            if name in ragged:  # shapes differ: no stacking, one element at a time
                update(name, array if batched else array.reshape(1, -1))
                continue
            buffers.setdefault(name, []).append(array)
            buffered_bytes[name] = buffered_bytes.get(name, 0) + array.nbytes
            if buffered_bytes[name] >= chunk_bytes:
                flush(name)
        progress(n_rows)
    for name in list(buffers):
        flush(name)
    out = list(tables.values())
    for name in sorted(skipped):
        empty = TableStats(name, [name], thresholds)
        empty.columns[0].numeric = False
        empty.notes.append("not numeric: skipped")
        out.append(empty)
    return out
