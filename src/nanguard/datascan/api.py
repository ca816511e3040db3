"""``scan(obj)``: check training data for NaN, Inf, out-of-range and constant columns.

Example:
    >>> from nanguard.datascan import scan
    >>> result = scan("train.npy")                       # doctest: +SKIP
    >>> result.ok, [(f.column, f.kind, f.rows) for f in result.findings]  # doctest: +SKIP
    (False, [('train.npy[:, 2]', 'nan', [17, 512])])
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.datascan import datasets, sources, tables
from nanguard.datascan.report import ScanResult
from nanguard.datascan.stats import Thresholds
from nanguard.errors import InvalidArgumentError

SUFFIXES = (".npy", ".npz", ".csv", ".parquet")
DEFAULT_MEMORY_BUDGET = 256 << 20
PROGRESS_MIN_BYTES = 64 << 20  # smaller inputs finish before a bar would be read
_READERS = {
    ".npy": sources.scan_npy,
    ".npz": sources.scan_npz,
    ".csv": tables.scan_csv,
    ".parquet": tables.scan_parquet,
}


def _chunk_bytes(memory_budget: int) -> int:
    """Bytes per chunk: half the budget, the rest for per-column temporaries."""
    if not isinstance(memory_budget, int) or memory_budget < 1024:
        raise InvalidArgumentError("memory_budget", memory_budget, "an int of at least 1024 bytes")
    return memory_budget // 2


@contextlib.contextmanager
def _progress(enabled: bool, total: int | None, what: str) -> Iterator[Any]:
    """A rich progress bar (on stderr) when ``enabled``; a no-op otherwise."""
    if not enabled:
        yield sources.no_progress
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        "[progress.percentage]{task.percentage:>3.0f}%",
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"scanning {what}", total=total)
        yield lambda n: bar.advance(task, n)


def _file_total(path: Path) -> tuple[int, int]:
    """``(progress units, size in bytes)``: rows for arrays, bytes for text formats."""
    size = path.stat().st_size
    if path.suffix == ".npy":
        return sources.npy_rows(path), size
    if path.suffix == ".csv":
        return size, size
    return 0, size


def scan_path(
    path: Path | str,
    *,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    thresholds: Thresholds | None = None,
    progress: bool | None = None,
) -> ScanResult:
    """Scan a ``.npy``, ``.npz``, ``.csv`` or ``.parquet`` file.

    Raises:
        nanguard.errors.InvalidArgumentError: the file is missing, or its format is not
            supported (the message names the supported formats).
    """
    path = Path(path)
    thresholds = thresholds or Thresholds()
    if not path.exists():
        raise InvalidArgumentError(
            "path", str(path), "an existing file", hint=f"{path}: no such file."
        )
    if path.is_dir():
        raise InvalidArgumentError(
            "path",
            str(path),
            f"a file ({', '.join(SUFFIXES)})",
            hint="It is a folder; pass one file.",
        )
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise InvalidArgumentError(
            "path",
            str(path),
            f"a file ending in {', '.join(SUFFIXES)}",
            hint="Other formats: load the data and call nanguard.datascan.scan(array) "
            "or scan(tf_dataset) from Python.",
        )
    chunk = _chunk_bytes(memory_budget)
    units, size = _file_total(path)
    show = (
        progress if progress is not None else (sys.stderr.isatty() and size >= PROGRESS_MIN_BYTES)
    )
    with _progress(show, units or None, path.name) as advance:
        found = _READERS[suffix](path, thresholds, chunk, advance)
    return ScanResult(source=str(path), thresholds=thresholds, tables=found)


def scan(
    obj: Any,
    *,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    thresholds: Thresholds | None = None,
    batched: bool | None = None,
    progress: bool | None = None,
) -> ScanResult:
    """Check data before training: NaN, ±Inf, values beyond float16/bfloat16, extreme
    magnitudes and constant columns, per column, with row indices.

    Args:
        obj: a path (``.npy``, ``.npz``, ``.csv``, ``.parquet``), a NumPy array, a
            pandas DataFrame, a dict of arrays, or a ``tf.data.Dataset`` (of arrays,
            tuples or dicts).
        memory_budget: bytes the scan may hold at once; files larger than RAM stream
            through in chunks of half this size.
        thresholds: what counts as extreme, and how many row indices to list.
        batched: for a dataset, whether elements are batches (auto-detected when ``None``:
            every component has an unknown leading dimension).
        progress: show a progress bar (``None``: only on a TTY and for large inputs).

    Returns:
        A :class:`~nanguard.datascan.report.ScanResult`; ``result.ok`` when clean.

    Raises:
        nanguard.errors.InvalidArgumentError: missing file, unsupported format or
            non-numeric array.

    Example:
        >>> import numpy as np
        >>> result = scan(np.array([[1.0, 0.0], [np.nan, 0.0]]))
        >>> [(f.column, f.kind, f.rows) for f in result.findings]
        [('array[:, 0]', 'nan', [1]), ('array[:, 1]', 'constant', [])]
    """
    thresholds = thresholds or Thresholds()
    if isinstance(obj, (str, Path)):
        return scan_path(obj, memory_budget=memory_budget, thresholds=thresholds, progress=progress)
    chunk = _chunk_bytes(memory_budget)
    if isinstance(obj, np.ndarray):
        found = [sources.scan_array("array", obj, thresholds, chunk)]
        return ScanResult(source="array", thresholds=thresholds, tables=found)
    if isinstance(obj, dict):
        found = [
            sources.scan_array(str(k), np.asarray(v), thresholds, chunk) for k, v in obj.items()
        ]
        return ScanResult(source="dict", thresholds=thresholds, tables=found)
    if type(obj).__name__ == "DataFrame" and hasattr(obj, "iloc"):
        return _scan_frame(obj, thresholds, chunk)
    if hasattr(obj, "element_spec") and hasattr(obj, "as_numpy_iterator"):
        with _progress(progress if progress is not None else False, None, "dataset") as adv:
            found = datasets.scan_dataset(obj, thresholds, chunk, batched=batched, progress=adv)
        return ScanResult(source="tf.data.Dataset", thresholds=thresholds, tables=found)
    raise InvalidArgumentError(
        "obj",
        type(obj).__name__,
        f"a path ({', '.join(SUFFIXES)}), a NumPy array, a DataFrame, a dict of arrays "
        "or a tf.data.Dataset",
    )


def _scan_frame(frame: Any, thresholds: Thresholds, chunk: int) -> ScanResult:
    table = tables.scan_frame(frame, thresholds, chunk)
    return ScanResult(source="dataframe", thresholds=thresholds, tables=[table])
