"""The run log: the data model every renderer (console, HTML, TensorBoard) reads.

Layout of ``LOGDIR``::

    run.json              summary: status, steps, skipped, incidents, versions, config, actions
    steps.jsonl           one JSON object per logged step (sampled every N steps + every event)
    events.jsonl          one JSON object per guard action: skip, spike, rollback, lr_change,
                          quarantine, stop, incident
    incidents/<step>/     one folder per saved incident (see ``nanguard.core.incident``)
    quarantine.json       batches that caused incidents
    tensorboard/          event files (when ``Guard(tensorboard=True)``)

Crash safety: every line of a ``.jsonl`` file is written with a single
``os.write`` on a file opened with ``O_APPEND``, so a process killed with SIGKILL
leaves only complete lines; a reader also tolerates one truncated last line and
reports where it stopped. ``run.json`` is replaced atomically (write to a temp
file, ``fsync``, ``os.replace``).

Example:
    >>> log = RunLog("/tmp/run")                       # doctest: +SKIP
    >>> log.log_step({"step": 0, "loss": 1.0, "grad_norm": 2.0, "finite": True,
    ...               "skipped": False, "clip_scale": 1.0})  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nanguard.core.io import atomic_write_json as atomic_write_json
from nanguard.core.io import decode_float as decode_float
from nanguard.core.io import dumps_line as dumps_line
from nanguard.errors import RunLogError

RUN_SCHEMA = "nanguard.run/1"
STEP_KEYS = ("step", "loss", "grad_norm", "finite", "skipped", "clip_scale")
EVENT_KINDS = ("skip", "spike", "rollback", "rerun", "lr_change", "quarantine", "stop", "incident")


class JsonlAppender:
    """Appends complete JSON lines; each line is one ``os.write`` (crash-safe)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, record: dict) -> None:
        os.write(self._fd, dumps_line(record))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self):  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass


def check_writable_dir(path: Path | str, argument: str = "logdir") -> Path:
    """Fail early (before training) when ``path`` cannot hold a run log.

    Raises:
        nanguard.errors.InvalidArgumentError: ``path`` is a file, or cannot be
            created or written.
    """
    from nanguard.errors import InvalidArgumentError

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InvalidArgumentError(
            argument, str(path), "a folder (or a path where one can be created)",
            hint="It exists as a file; pass another path.",
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".nanguard-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise InvalidArgumentError(
            argument, str(path), "a writable folder",
            hint=f"It cannot be written ({exc.strerror}); pass another path.",
        ) from None
    return path


class RunLog:
    """Writer for one run's log folder. Cheap: only touched on sampled steps and events."""

    def __init__(self, logdir: Path | str, *, config: dict | None = None):
        self.logdir = check_writable_dir(logdir)
        self.config = dict(config or {})
        self.summary: dict[str, Any] = {
            "schema": RUN_SCHEMA,
            "status": "running",
            "started": time.time(),
            "finished": None,
            "steps": 0,
            "skipped": 0,
            "spikes": 0,
            "rollbacks": 0,
            "lr_changes": 0,
            "quarantined": 0,
            "incidents": 0,
            "loss_scale_skips": 0,
            "versions": _versions(),
            "config": self.config,
            "actions": [],
        }
        existing = self.logdir / "run.json"
        if existing.exists():
            try:
                previous = json.loads(existing.read_text())
                if previous.get("schema") == RUN_SCHEMA:
                    # Repeated fit() into the same logdir continues the same run.
                    for key in ("steps", "skipped", "spikes", "rollbacks", "lr_changes",
                                "quarantined", "incidents", "loss_scale_skips", "started"):
                        if key in previous:
                            self.summary[key] = previous[key]
                    self.summary["actions"] = list(previous.get("actions", []))[-1000:]
            except (OSError, ValueError):
                pass
        self._steps = JsonlAppender(self.logdir / "steps.jsonl")
        self._events = JsonlAppender(self.logdir / "events.jsonl")
        self.write_summary()

    def log_step(self, record: dict) -> None:
        self._steps.write(record)

    def log_event(self, kind: str, step: int, reason: str, **fields: Any) -> dict:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}; expected one of {EVENT_KINDS}")
        record = {"kind": kind, "step": int(step), "reason": reason, "time": time.time()}
        record.update(fields)
        self._events.write(record)
        self.summary["actions"].append(record)
        if len(self.summary["actions"]) > 1000:
            del self.summary["actions"][:-1000]
        return record

    def update(self, **counters: Any) -> None:
        self.summary.update(counters)

    def write_summary(self) -> None:
        atomic_write_json(self.logdir / "run.json", self.summary)

    def mark(self, status: str) -> None:
        """Record the run's status and finish time in ``run.json`` (files stay open)."""
        self.summary["status"] = status
        self.summary["finished"] = time.time()
        self.write_summary()

    def close(self, status: str = "completed") -> None:
        self.summary["status"] = status
        self.summary["finished"] = time.time()
        self.write_summary()
        self._steps.close()
        self._events.close()


def _versions() -> dict[str, str]:
    import platform
    import sys

    from nanguard._version import __version__

    versions = {"nanguard": __version__, "python": platform.python_version()}
    for name in ("tensorflow", "keras", "numpy"):
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "__version__"):
            versions[name] = module.__version__
    return versions


# ----------------------------------------------------------------------------- reading


@dataclass
class JsonlRead:
    records: list[dict] = field(default_factory=list)
    truncated_at: int | None = None  # 1-based line number of the first unreadable line
    last_good_line: int = 0


def iter_jsonl(path: Path | str) -> Iterator[tuple[int, dict | None]]:
    """Yield ``(line_number, record_or_None)``; ``None`` marks an unreadable line."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                yield number, None
                continue
            yield number, record if isinstance(record, dict) else None


def read_jsonl(path: Path | str) -> JsonlRead:
    """Read a ``.jsonl`` file, stopping at the first unreadable (truncated) line."""
    out = JsonlRead()
    if not Path(path).exists():
        return out
    for number, record in iter_jsonl(path):
        if record is None:
            out.truncated_at = number
            break
        out.records.append(record)
        out.last_good_line = number
    return out


def load_run(logdir: Path | str) -> dict:
    """Load ``run.json``; raise :class:`RunLogError` when ``logdir`` is not a nanguard run."""
    logdir = Path(logdir)
    if not logdir.exists():
        raise RunLogError(
            f"{logdir}: no such folder. Pass the `logdir` given to nanguard.keras.Guard.",
            path=str(logdir),
        )
    if not logdir.is_dir():
        raise RunLogError(f"{logdir}: not a folder; pass a run's logdir.", path=str(logdir))
    run_json = logdir / "run.json"
    if not run_json.exists():
        raise RunLogError(
            f"{logdir}: not a nanguard run (no run.json). Train with "
            "`nanguard.keras.Guard(logdir=...)` to create one.",
            path=str(run_json),
        )
    try:
        data = json.loads(run_json.read_text())
    except ValueError as exc:
        raise RunLogError(f"{run_json}: not valid JSON ({exc}).", path=str(run_json)) from None
    if not isinstance(data, dict) or data.get("schema") != RUN_SCHEMA:
        raise RunLogError(
            f"{run_json}: not a nanguard run summary (schema is not {RUN_SCHEMA!r}).",
            path=str(run_json),
        )
    return data
