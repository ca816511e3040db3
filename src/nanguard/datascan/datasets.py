"""Chunked reader of ``tf.data`` datasets: elements gathered into bounded row buffers.

Rows are samples. A batched dataset (from ``.batch()``) holds many samples per
element along axis 0; an unbatched one, one sample per element. A component
whose per-sample shape varies (sequences) is one grouped feature, scanned
element by element; a non-numeric component (strings) is skipped with a note.
TensorFlow is imported only to read a dataset's element spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from nanguard.datascan.sources import Progress, as_rows, column_names, no_progress
from nanguard.datascan.stats import TableStats, Thresholds

__all__ = ["dataset_is_batched", "scan_dataset"]


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
    progress: Progress = no_progress,
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
                names, grouped = column_names(name, chunk.shape)
            tables[name] = TableStats(name, names, thresholds, grouped=grouped)
            if name in ragged:
                tables[name].notes.append("variable shape: all values as one feature")
        tables[name].update(as_rows(chunk), row_offset=offsets.get(name, 0))
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
