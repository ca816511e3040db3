"""Known-good snapshots for rollback: a ring of named NumPy arrays, in memory or on disk.

Framework-free: an adapter hands over ``{name: np.ndarray}`` (model variables,
optimizer variables, the step counter) and gets the very same bytes back, so a
restore is bitwise exact.

On disk (``snapshots/`` under the run's logdir), snapshot ``S`` is two files::

    snapshot-000000123.npz    the arrays (``np.savez``, loaded with allow_pickle=False)
    snapshot-000000123.json   manifest: step, names, sha256 of the .npz, extra metadata

Both are written to a temporary file in the same folder, fsync'ed and moved into
place with ``os.replace``, the ``.npz`` first: a crash leaves either a complete
snapshot or none (a ``.npz`` without a manifest is ignored). The checksum is
verified on the bytes that are then parsed, so a file changed on disk is never
loaded: :class:`nanguard.errors.SnapshotError` names it instead.

Example:
    >>> ring = MemoryRing(capacity=3)
    >>> ring.save(100, {"w": np.zeros(2, "float32")})          # doctest: +SKIP
    >>> ring.load(100).arrays["w"]                              # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core import io as nio
from nanguard.errors import SnapshotError

SCHEMA = "nanguard.snapshot/1"


@dataclass
class Snapshot:
    step: int
    arrays: dict[str, np.ndarray]
    meta: dict[str, Any] = field(default_factory=dict)
    path: str | None = None


def arrays_checksum(arrays: dict[str, np.ndarray]) -> str:
    """sha256 over names, dtypes, shapes and bytes, in order."""
    h = hashlib.sha256()
    for name, a in arrays.items():
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(np.ascontiguousarray(a).reshape(-1).view(np.uint8))  # no bytes copy
    return h.hexdigest()


def _copy(arrays: dict[str, Any]) -> dict[str, np.ndarray]:
    return {str(k): np.array(v, copy=True) for k, v in arrays.items()}


class MemoryRing:
    """The newest ``capacity`` snapshots, as host copies."""

    def __init__(self, capacity: int = 3):
        self.capacity = int(capacity)
        self._items: dict[int, tuple[Snapshot, str]] = {}

    def save(self, step: int, arrays: dict[str, Any], meta: dict | None = None, *,
             owned: bool = False) -> Snapshot:
        """Keep ``arrays`` (copied, unless ``owned``: the caller hands over fresh copies)."""
        kept = {str(k): np.asarray(v) for k, v in arrays.items()} if owned else _copy(arrays)
        snap = Snapshot(int(step), kept, dict(meta or {}))
        self._items[snap.step] = (snap, arrays_checksum(snap.arrays))
        for old in self.steps()[: -self.capacity]:
            self.drop(old)
        return snap

    def steps(self) -> list[int]:
        return sorted(self._items)

    def drop(self, step: int) -> None:
        self._items.pop(int(step), None)

    def set_aside(self, step: int) -> None:
        """Forget a snapshot that failed its check."""
        self.drop(step)

    def load(self, step: int) -> Snapshot:
        if int(step) not in self._items:
            raise SnapshotError(f"no snapshot of step {step} in memory (kept: {self.steps()}).")
        snap, digest = self._items[int(step)]
        if arrays_checksum(snap.arrays) != digest:
            raise SnapshotError(f"in-memory snapshot of step {step} changed since it was taken.")
        return Snapshot(snap.step, _copy(snap.arrays), dict(snap.meta))


class DiskRing:
    """The newest ``capacity`` snapshots as ``.npz`` + manifest files in ``folder``."""

    def __init__(self, folder: Path | str, capacity: int = 3):
        self.folder = Path(folder)
        self.capacity = int(capacity)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SnapshotError(
                f"cannot create the snapshot folder {self.folder} ({exc.strerror}).",
                path=str(self.folder),
            ) from None

    def npz_path(self, step: int) -> Path:
        return self.folder / f"snapshot-{int(step):09d}.npz"

    def manifest_path(self, step: int) -> Path:
        return self.folder / f"snapshot-{int(step):09d}.json"

    def save(self, step: int, arrays: dict[str, Any], meta: dict | None = None) -> Snapshot:
        arrays = _copy(arrays)
        data, names = nio.npz_bytes(arrays, "a{:05d}")
        try:
            nio.atomic_write_bytes(self.npz_path(step), data)
            nio.atomic_write_json(
                self.manifest_path(step),
                {
                    "schema": SCHEMA,
                    "step": int(step),
                    "names": names,
                    "file": self.npz_path(step).name,
                    "bytes": len(data),
                    "sha256": nio.sha256_bytes(data),
                    "meta": dict(meta or {}),
                },
            )
        except OSError as exc:
            raise SnapshotError(
                f"cannot write snapshot {self.npz_path(step)} ({exc.strerror}).",
                path=str(self.npz_path(step)),
            ) from None
        for old in self.steps()[: -self.capacity]:
            self.drop(old)
        return Snapshot(int(step), arrays, dict(meta or {}), path=str(self.npz_path(step)))

    def steps(self) -> list[int]:
        out = []
        for p in self.folder.glob("snapshot-*.json"):
            try:
                out.append(int(p.stem.split("-", 1)[1]))
            except ValueError:
                continue
        return sorted(out)

    def drop(self, step: int) -> None:
        for p in (self.manifest_path(step), self.npz_path(step)):  # manifest first
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    def set_aside(self, step: int) -> None:
        """Keep a snapshot that failed its check for inspection, out of the ring.

        Its files get a ``.corrupt`` suffix: never listed, never loaded again.
        """
        for p in (self.manifest_path(step), self.npz_path(step)):
            try:
                os.replace(p, p.with_name(p.name + ".corrupt"))
            except FileNotFoundError:
                pass

    def load(self, step: int) -> Snapshot:
        """Load and verify snapshot ``step``.

        Raises:
            nanguard.errors.SnapshotError: missing files, checksum mismatch or an
                unreadable archive; the message names the file. Nothing is loaded.
        """
        npz, manifest_path = self.npz_path(step), self.manifest_path(step)
        try:
            manifest = json.loads(manifest_path.read_text())
            data = npz.read_bytes()
        except (OSError, ValueError) as exc:
            raise SnapshotError(
                f"snapshot {npz} cannot be read ({exc}); it was not loaded.", path=str(npz)
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        if manifest.get("schema") != SCHEMA or digest != manifest.get("sha256"):
            raise SnapshotError(
                f"snapshot {npz} is corrupt: its sha256 is {digest[:16]}..., the manifest "
                f"{manifest_path.name} expects {str(manifest.get('sha256'))[:16]}...; "
                "it was not loaded.",
                path=str(npz),
            )
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                names = manifest["names"]
                arrays = {n: np.array(z[f"a{i:05d}"]) for i, n in enumerate(names)}
        except (OSError, ValueError, KeyError) as exc:
            raise SnapshotError(
                f"snapshot {npz} cannot be parsed ({exc}); it was not loaded.", path=str(npz)
            ) from None
        return Snapshot(
            int(manifest["step"]), arrays, dict(manifest.get("meta", {})), path=str(npz)
        )
