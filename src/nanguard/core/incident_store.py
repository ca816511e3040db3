"""Incident folders on disk: safe formats only, checksummed, never executed.

Layout of ``LOGDIR/incidents/<step>/``::

    meta.json        step, epoch, batch, trigger, replica layout, names of every array
    batch.npz        x / y / sample_weight (keys are paths such as "x", "x/name")
    variables.npz    model variables before the step (trainable and not), by path
    optimizer.npz    optimizer state (slots, iterations)
    trace.json       the replay's op trace (written by the locator; re-analysed offline)
    report.json      the finding, schema ``nanguard.incident/1``
    MANIFEST.json    sha256 of every file above

Loading verifies the manifest first and reads arrays with ``allow_pickle=False``,
so a truncated or tampered folder is refused with :class:`IncidentError` naming
the file, and nothing in it is ever unpickled, imported or executed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core import io
from nanguard.errors import IncidentError

MANIFEST = "MANIFEST.json"
ARRAY_FILES = ("batch.npz", "variables.npz", "optimizer.npz")


def _save_npz(path: Path, arrays: dict[str, np.ndarray]) -> list[str]:
    """Save numeric arrays atomically, sorted by name (names may contain '/')."""
    data, keys = io.npz_bytes({k: arrays[k] for k in sorted(arrays)})
    io.atomic_write_bytes(path, data)
    return keys


def write_incident(
    folder: Path | str,
    meta: dict,
    batch: dict[str, np.ndarray],
    variables: dict[str, np.ndarray],
    optimizer: dict[str, np.ndarray],
) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = dict(meta)
    meta["arrays"] = {
        "batch.npz": _save_npz(folder / "batch.npz", batch),
        "variables.npz": _save_npz(folder / "variables.npz", variables),
        "optimizer.npz": _save_npz(folder / "optimizer.npz", optimizer),
    }
    meta["dtypes"] = {
        "variables.npz": {k: str(np.asarray(v).dtype) for k, v in variables.items()},
        "batch.npz": {k: str(np.asarray(v).dtype) for k, v in batch.items()},
    }
    io.atomic_write_json(folder / "meta.json", meta)
    seal(folder)
    return folder


def seal(folder: Path | str) -> None:
    """(Re)write the manifest over every file currently in the folder."""
    folder = Path(folder)
    files = sorted(
        p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST
        and not p.name.startswith(".")
    )
    sums = {n: io.sha256_file(folder / n) for n in files}
    io.atomic_write_json(folder / MANIFEST, {"sha256": sums})


def add_file(folder: Path | str, name: str, data: Any) -> None:
    """Write a JSON file into a sealed incident and update the manifest."""
    folder = Path(folder)
    io.atomic_write_json(folder / name, data)
    seal(folder)


def verify(folder: Path | str) -> dict[str, str]:
    """Check the manifest; raise :class:`IncidentError` naming the bad file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IncidentError(
            f"{folder}: no such incident folder. Incidents live under LOGDIR/incidents/<step>/.",
            path=str(folder),
        )
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise IncidentError(
            f"{manifest_path}: missing; this is not a complete nanguard incident folder.",
            path=str(manifest_path),
        )
    try:
        manifest = json.loads(manifest_path.read_text())
        sums = manifest["sha256"]
        assert isinstance(sums, dict)
    except (ValueError, KeyError, AssertionError, TypeError):
        raise IncidentError(
            f"{manifest_path}: unreadable manifest.", path=str(manifest_path)
        ) from None
    for name, expected in sums.items():
        if "/" in name or name.startswith(".."):
            raise IncidentError(
                f"{manifest_path}: bad file name {name!r}.", path=str(manifest_path)
            )
        path = folder / name
        if not path.is_file():
            raise IncidentError(f"{path}: listed in the manifest but missing.", path=str(path))
        if io.sha256_file(path) != expected:
            raise IncidentError(
                f"{path}: checksum mismatch (truncated or modified); refusing to use it.",
                path=str(path),
            )
    return sums


def _load_npz(path: Path, keys: list[str]) -> dict[str, np.ndarray]:
    try:
        return io.load_npz(path, keys)
    except (ValueError, OSError, KeyError) as exc:
        raise IncidentError(f"{path}: cannot be read safely ({exc}).", path=str(path)) from None


def read_incident(folder: Path | str) -> dict:
    """Verify and load an incident: ``{"meta", "batch", "variables", "optimizer", ...}``."""
    folder = Path(folder)
    sums = verify(folder)
    for required in ("meta.json", *ARRAY_FILES):
        if required not in sums:
            raise IncidentError(f"{folder / required}: missing from the incident.",
                                path=str(folder / required))
    try:
        meta = json.loads((folder / "meta.json").read_text())
    except ValueError as exc:
        raise IncidentError(f"{folder / 'meta.json'}: invalid JSON ({exc}).",
                            path=str(folder / "meta.json")) from None
    out: dict[str, Any] = {"meta": meta, "folder": folder}
    for name in ARRAY_FILES:
        out[name.split(".")[0]] = _load_npz(folder / name, meta.get("arrays", {}).get(name, []))
    for extra in ("trace.json", "report.json"):
        if extra in sums:
            try:
                out[extra.split(".")[0]] = json.loads((folder / extra).read_text())
            except ValueError as exc:
                raise IncidentError(f"{folder / extra}: invalid JSON ({exc}).",
                                    path=str(folder / extra)) from None
    return out
