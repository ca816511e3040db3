"""File I/O shared by the run log, incident folders and snapshots: one copy of each helper.

Three things every on-disk artefact of nanguard needs, written once:

- **NaN-safe JSON.** JSON has no NaN/Inf, and a guard's records are full of
  them: :func:`jsonable` encodes them as the strings ``"nan"``, ``"inf"``,
  ``"-inf"`` and :func:`decode_float` reads them back.
- **Atomic writes.** :func:`atomic_write_bytes` / :func:`atomic_write_json`
  write a temporary file in the same folder, ``fsync`` it and ``os.replace`` it
  over the target, so a crash leaves either the old file or the new one.
- **Checksummed arrays.** :func:`npz_bytes` serialises numeric arrays (never
  objects, so loading never unpickles) and :func:`sha256_file` /
  :func:`sha256_bytes` give the digest a manifest records; :func:`load_npz`
  reads with ``allow_pickle=False``.

Example:
    >>> jsonable({"loss": float("nan"), "steps": [1.0, float("inf")]})
    {'loss': 'nan', 'steps': [1.0, 'inf']}
    >>> decode_float("-inf")
    -inf
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "atomic_write_bytes",
    "atomic_write_json",
    "decode_float",
    "dumps_line",
    "jsonable",
    "load_npz",
    "npz_bytes",
    "sha256_bytes",
    "sha256_file",
]


def jsonable(value: Any) -> Any:
    """JSON has no NaN/Inf: encode them as the strings "nan", "inf", "-inf" (recursively)."""
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return jsonable(value.item())
    return value


def decode_float(value: Any) -> float | None:
    """Inverse of :func:`jsonable` for one number (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(value, math.nan)
    return float(value)


def dumps_line(record: dict) -> bytes:
    """One compact JSON line (NaN-safe), ready for a single ``os.write``."""
    return (json.dumps(jsonable(record), separators=(",", ":")) + "\n").encode()


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` so a crash leaves either the old file or the new one, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_json(path: Path | str, data: Any) -> None:
    """Write NaN-safe, indented JSON atomically (see :func:`atomic_write_bytes`)."""
    text = json.dumps(jsonable(data), indent=2, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode())


def npz_bytes(arrays: dict[str, Any], key_format: str = "a{}") -> tuple[bytes, list[str]]:
    """Serialise numeric arrays as ``.npz`` bytes, keyed by position; returns (data, names).

    Names may hold '/' (variable paths), so each array is stored under
    ``key_format.format(i)`` and the caller records ``names`` in its manifest.
    bfloat16 (and other void-kind extension dtypes) are widened to float32, which
    holds every bfloat16 value exactly.

    Raises:
        ValueError: an array has ``dtype=object`` (only numeric data is stored).
    """
    names = list(arrays)
    payload = {}
    for i, name in enumerate(names):
        value = np.asarray(arrays[name])
        if value.dtype == object:
            raise ValueError(
                f"refusing to save object array {name!r}: only numeric data is stored"
            )
        if value.dtype.name == "bfloat16" or value.dtype.kind == "V":
            value = value.astype(np.float32)
        payload[key_format.format(i)] = value
    buf = io.BytesIO()
    np.savez(buf, **payload)
    return buf.getvalue(), names


def load_npz(path: Path | str, names: list[str], key_format: str = "a{}") -> dict[str, Any]:
    """Read arrays written by :func:`npz_bytes` (never unpickles)."""
    with np.load(path, allow_pickle=False) as data:
        return {name: data[key_format.format(i)] for i, name in enumerate(names)}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
