"""Chunked readers of NumPy arrays (in memory, ``.npy``, ``.npz``), and the chunking they share.

Every supported input becomes tables fed one bounded chunk at a time; this
module reads NumPy's own formats and holds the helpers every reader uses
(``rows_per_chunk``, ``column_names``, ``as_rows``). Tables (``.csv``,
``.parquet``, pandas frames) are read by :mod:`nanguard.datascan.tables`,
``tf.data`` datasets by :mod:`nanguard.datascan.datasets`.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.datascan.stats import TableStats, Thresholds
from nanguard.errors import InvalidArgumentError

Progress = Callable[[int], None]  # advance by n units (bytes or rows)


def no_progress(_: int) -> None:
    pass


def rows_per_chunk(row_bytes: int, chunk_bytes: int) -> int:
    """How many rows of ``row_bytes`` fit in ``chunk_bytes`` (at least one)."""
    return max(1, chunk_bytes // max(1, row_bytes))


def column_names(prefix: str, shape: tuple[int, ...]) -> tuple[list[str], bool]:
    """Column names for an array of ``shape``; ``grouped`` for rank > 2."""
    if len(shape) <= 1:
        return [prefix], False
    if len(shape) == 2:
        return [f"{prefix}[:, {j}]" for j in range(shape[1])], False
    return [f"{prefix}[:, ...]"], True


def as_rows(chunk: np.ndarray) -> np.ndarray:
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
    progress: Progress = no_progress,
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
    names, grouped = column_names(name, array.shape)
    table = TableStats(name, names, thresholds, grouped=grouped)
    row_bytes = array.itemsize * math.prod(array.shape[1:])
    step = rows_per_chunk(row_bytes, chunk_bytes)
    for start in range(0, array.shape[0], step):
        # np.array copies the slice once, so a memory-mapped file is read once per chunk.
        chunk = np.array(array[start : start + step])
        table.update(as_rows(chunk), row_offset=start)
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
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = no_progress
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
    path: Path, thresholds: Thresholds, chunk_bytes: int, progress: Progress = no_progress
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
    names, grouped = column_names(name, shape)
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
        table.update(as_rows(chunk), row_offset=start)
        progress(rows)
        del chunk, raw
    return table


_MOVED = {"scan_csv": "tables", "scan_parquet": "tables", "scan_frame_chunk": "tables",
          "scan_dataset": "datasets", "dataset_is_batched": "datasets"}


def __getattr__(name: str) -> Any:
    """The readers that moved to ``tables``/``datasets`` stay importable from here."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f"nanguard.datascan.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
