"""The report's data model: everything the HTML page shows, parsed and checked once.

``build_report_model(logdir)`` reads a run log (see ``nanguard.core.runlog``) and
returns a :class:`ReportModel`. Renderers (``report/html.py``) only format what
is here; they never open a file. Parsing is deliberately forgiving where a run
was killed (a truncated ``steps.jsonl``, an unreadable incident): the problem
becomes a notice on the page instead of an exception, because the report of a
crashed run is the one people need most. A folder that is not a run at all
raises :class:`nanguard.errors.RunLogError` (from ``load_run``).

Memory stays bounded on long runs: ``steps.jsonl`` is streamed into flat
``array`` buffers (about 40 bytes per step), then downsampled to about 2,000
points per series by :func:`downsample_minmax`, which keeps each bucket's
minimum and maximum so spikes survive. Non-finite values are kept apart as
markers, never as line points.

Example:
    >>> model = build_report_model("runs/exp1")          # doctest: +SKIP
    >>> model.summary.status, len(model.incidents)       # doctest: +SKIP
    ('completed', 1)
"""

from __future__ import annotations

import json
import math
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nanguard.core.runlog import EVENT_KINDS, decode_float, iter_jsonl, load_run
from nanguard.report.incidents import IncidentView, read_incidents

MAX_LINE_POINTS = 2000  # per series, after min/max downsampling
MAX_MARKERS = 500  # per marker kind; exact counts are kept separately


@dataclass(frozen=True)
class Marker:
    """One point on the time axis: a non-finite value, a skipped step or a guard event."""

    step: int
    kind: str
    label: str = ""


@dataclass
class Series:
    """One plotted quantity, downsampled.

    Attributes:
        name: ``"loss"``, ``"grad_norm"``, ...
        points: finite ``(step, value)`` pairs in step order, at most ~``MAX_LINE_POINTS``.
        nonfinite: markers of kind ``"nan"``, ``"inf"`` or ``"-inf"``, capped.
        n_logged: how many records carried this quantity (before downsampling).
        n_nonfinite: exact count of non-finite values.
    """

    name: str
    points: list[tuple[int, float]] = field(default_factory=list)
    nonfinite: list[Marker] = field(default_factory=list)
    n_logged: int = 0
    n_nonfinite: int = 0


@dataclass
class Summary:
    status: str
    steps: int
    skipped: int
    incidents: int
    spikes: int
    rollbacks: int
    lr_changes: int
    quarantined: int
    loss_scale_skips: int
    started: float | None
    finished: float | None
    versions: dict[str, str]
    config: dict[str, Any]

    @property
    def config_text(self) -> dict[str, str]:
        """Config values as JSON spells them (``null``, ``true``), strings as they are."""
        return {
            key: value if isinstance(value, str) else json.dumps(value, default=str)
            for key, value in self.config.items()
        }


@dataclass
class ReportModel:
    """Everything the HTML report shows about one run."""

    logdir: str
    summary: Summary
    clipnorm: float | None
    steps_logged: int
    first_step: int | None
    last_step: int | None
    series: dict[str, Series]
    skipped_markers: list[Marker]
    events: dict[str, list[Marker]]
    event_counts: dict[str, int]
    incidents: list[IncidentView]
    notices: list[str]


# ----------------------------------------------------------------------------- downsampling


def downsample_minmax(
    steps: Any, values: Any, max_points: int = MAX_LINE_POINTS
) -> list[tuple[int, float]]:
    """Keep each bucket's min and max (in step order) so spikes survive downsampling.

    Averaging or striding would hide a single-step spike, which is exactly what
    the report must show. Non-finite values must be removed before the call.

    Args:
        steps: step numbers, ascending.
        values: finite values, same length.
        max_points: upper bound on the returned points.

    Returns:
        ``(step, value)`` pairs, at most ``max_points`` of them.

    Example:
        >>> downsample_minmax([0, 1, 2, 3], [1.0, 9.0, 2.0, 3.0], max_points=2)
        [(0, 1.0), (1, 9.0)]
        >>> downsample_minmax([0, 1, 2, 3, 4, 5], [5.0, 1.0, 7.0, 2.0, 8.0, 3.0], max_points=4)
        [(1, 1.0), (2, 7.0), (3, 2.0), (4, 8.0)]
    """
    import numpy as np

    s = np.asarray(steps, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    n = len(v)
    if n <= max_points:
        return [(int(a), float(b)) for a, b in zip(s, v, strict=True)]
    n_buckets = max(1, max_points // 2)
    edges = np.linspace(0, n, n_buckets + 1).astype(np.int64)
    keep: list[int] = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        if hi <= lo:
            continue
        chunk = v[lo:hi]
        i_min = lo + int(np.argmin(chunk))
        i_max = lo + int(np.argmax(chunk))
        keep.extend(sorted({i_min, i_max}))
    return [(int(s[i]), float(v[i])) for i in keep]


def cap_markers(markers: list[Marker], limit: int = MAX_MARKERS) -> list[Marker]:
    """Thin markers evenly to at most ``limit``, keeping the first and the last.

    Example:
        >>> len(cap_markers([Marker(i, "skip") for i in range(10_000)], limit=100))
        100
    """
    n = len(markers)
    if n <= limit:
        return markers
    if limit <= 1:
        return markers[:limit]
    return [markers[round(i * (n - 1) / (limit - 1))] for i in range(limit)]


# ----------------------------------------------------------------------------- steps


class _StepColumns:
    """Flat buffers for the streamed ``steps.jsonl`` (no dict per step is kept)."""

    QUANTITIES = ("loss", "grad_norm", "clip_scale")

    def __init__(self) -> None:
        self.steps = {name: array("q") for name in self.QUANTITIES}
        self.values = {name: array("d") for name in self.QUANTITIES}
        self.skipped = array("q")
        self.count = 0
        self.first_step: int | None = None
        self.last_step: int | None = None

    def add(self, record: dict) -> None:
        step = record.get("step")
        if not isinstance(step, int) or isinstance(step, bool):
            return
        self.count += 1
        if self.first_step is None:
            self.first_step = step
        self.last_step = step
        for name in self.QUANTITIES:
            if name in record:
                try:
                    value = decode_float(record[name])
                except (TypeError, ValueError):
                    value = math.nan
                if value is not None:
                    self.steps[name].append(step)
                    self.values[name].append(value)
        if record.get("skipped") is True:
            self.skipped.append(step)

    def series(self, name: str) -> Series:
        import numpy as np

        steps = np.frombuffer(self.steps[name], dtype=np.int64)
        values = np.frombuffer(self.values[name], dtype=np.float64)
        if len(steps) > 1 and np.any(steps[1:] < steps[:-1]):
            # A logdir reused by a restarted run logs steps out of order; plot by step.
            order = np.argsort(steps, kind="stable")
            steps, values = steps[order], values[order]
        finite = np.isfinite(values)
        bad = np.flatnonzero(~finite)
        nonfinite = [
            Marker(int(steps[i]), _nonfinite_kind(float(values[i])), name)
            for i in _even_indices(len(bad), MAX_MARKERS, bad)
        ]
        return Series(
            name=name,
            points=downsample_minmax(steps[finite], values[finite]),
            nonfinite=nonfinite,
            n_logged=len(values),
            n_nonfinite=int(len(bad)),
        )


def _even_indices(n: int, limit: int, source: Any) -> list[int]:
    if n <= limit:
        return [int(i) for i in source]
    return [int(source[round(i * (n - 1) / (limit - 1))]) for i in range(limit)]


def _nonfinite_kind(value: float) -> str:
    if math.isnan(value):
        return "nan"
    return "inf" if value > 0 else "-inf"


def _read_steps(path: Path, notices: list[str]) -> _StepColumns:
    columns = _StepColumns()
    if not path.exists():
        return columns
    last_good = 0
    for number, record in iter_jsonl(path):
        if record is None:
            notices.append(
                f"{path.name} is truncated or corrupt at line {number} (the run was probably "
                f"killed); the report shows the {columns.count} records up to line {last_good}, "
                f"the last line read."
            )
            break
        columns.add(record)
        last_good = number
    return columns


# ----------------------------------------------------------------------------- events


def _read_events(path: Path, notices: list[str]) -> tuple[dict[str, list[Marker]], dict]:
    events: dict[str, list[Marker]] = {kind: [] for kind in EVENT_KINDS}
    if not path.exists():
        return events, {kind: 0 for kind in EVENT_KINDS}
    last_good = 0
    for number, record in iter_jsonl(path):
        if record is None:
            notices.append(
                f"{path.name} is truncated or corrupt at line {number}; events after line "
                f"{last_good} are not shown."
            )
            break
        last_good = number
        kind, step = record.get("kind"), record.get("step")
        if kind in events and isinstance(step, int) and not isinstance(step, bool):
            events[kind].append(Marker(step, kind, str(record.get("reason", ""))))
    counts = {kind: len(markers) for kind, markers in events.items()}
    return {kind: cap_markers(markers) for kind, markers in events.items()}, counts


# ----------------------------------------------------------------------------- the model


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _summary(run: dict) -> Summary:
    def when(key: str) -> float | None:
        value = run.get(key)
        return float(value) if isinstance(value, (int, float)) else None

    versions = run.get("versions")
    config = run.get("config")
    return Summary(
        status=str(run.get("status", "unknown")),
        steps=_int(run.get("steps")),
        skipped=_int(run.get("skipped")),
        incidents=_int(run.get("incidents")),
        spikes=_int(run.get("spikes")),
        rollbacks=_int(run.get("rollbacks")),
        lr_changes=_int(run.get("lr_changes")),
        quarantined=_int(run.get("quarantined")),
        loss_scale_skips=_int(run.get("loss_scale_skips")),
        started=when("started"),
        finished=when("finished"),
        versions={str(k): str(v) for k, v in versions.items()}
        if isinstance(versions, dict)
        else {},
        config=dict(config) if isinstance(config, dict) else {},
    )


def _clipnorm(config: dict) -> float | None:
    value = config.get("clipnorm")
    try:
        clip = decode_float(value)
    except (TypeError, ValueError):
        return None
    return clip if clip is not None and math.isfinite(clip) and clip > 0 else None


def build_report_model(logdir: Path | str) -> ReportModel:
    """Read one run log into a :class:`ReportModel`.

    Raises:
        nanguard.errors.RunLogError: ``logdir`` is missing or not a nanguard run.

    Example:
        >>> model = build_report_model("runs/exp1")        # doctest: +SKIP
        >>> model.series["loss"].points[:2]                 # doctest: +SKIP
        [(0, 2.31), (10, 2.05)]
    """
    logdir = Path(logdir)
    run = load_run(logdir)
    notices: list[str] = []
    summary = _summary(run)
    columns = _read_steps(logdir / "steps.jsonl", notices)
    events, event_counts = _read_events(logdir / "events.jsonl", notices)
    skipped = [Marker(int(s), "skipped") for s in columns.skipped]
    return ReportModel(
        logdir=str(logdir),
        summary=summary,
        clipnorm=_clipnorm(summary.config),
        steps_logged=columns.count,
        first_step=columns.first_step,
        last_step=columns.last_step,
        series={name: columns.series(name) for name in _StepColumns.QUANTITIES},
        skipped_markers=cap_markers(skipped),
        events=events,
        event_counts=event_counts,
        incidents=read_incidents(logdir, notices),
        notices=notices,
    )
