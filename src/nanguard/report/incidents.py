"""The incidents of a run, ready to display: one :class:`IncidentView` per ``report.json``.

Part of the report's data model (``report/model.py`` builds the rest). An incident
that cannot be read becomes a notice on the page, never an exception: the report of
a broken run is the one people need most. The source excerpt is read only from a
small UTF-8 ``.py`` file (see :func:`read_code_excerpt`), because the path comes from
a report that may be stale or tampered with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nanguard.core.causes import CAUSES
from nanguard.core.incident import Finding

__all__ = ["CodeLine", "IncidentView", "StatsRow", "read_code_excerpt", "read_incidents"]

CODE_CONTEXT = 2  # lines shown either side of the origin line
MAX_SOURCE_BYTES = 2_000_000  # larger "source files" are not read for an excerpt


@dataclass
class CodeLine:
    number: int
    text: str
    is_origin: bool


@dataclass
class StatsRow:
    """One row of an incident's input statistics table."""

    name: str
    dtype: str
    shape: str
    min: str
    max: str
    n_nan: int
    n_posinf: int
    n_neginf: int
    n_zero: int
    n_negative: int


@dataclass
class IncidentView:
    """One incident folder, ready to display."""

    folder: str
    step: int | None
    epoch: int | None
    batch: int | None
    trigger: str
    action: str
    phase: str
    op: str | None
    grad_op: str | None
    layer: str | None
    variable: str | None
    input: str | None
    rows: list[int] | None
    file: str | None
    line: int | None
    function: str | None
    cause: str
    cause_meaning: str
    explanation: str
    fix: str
    summary: str
    code: list[CodeLine]
    code_source: str  # "file", "report" or "none"
    stats: list[StatsRow]



def _fmt_stat(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _stats_row(name: str, stats: Any) -> StatsRow | None:
    if not isinstance(stats, dict):
        return None

    def count(key: str) -> int:
        value = stats.get(key)
        return value if isinstance(value, int) else 0

    shape = stats.get("shape")
    shape_text = "×".join(str(s) for s in shape) if isinstance(shape, list) else "?"
    return StatsRow(
        name=name,
        dtype=str(stats.get("dtype", "?")),
        shape=shape_text or "scalar",
        min=_fmt_stat(stats.get("min")),
        max=_fmt_stat(stats.get("max")),
        n_nan=count("n_nan"),
        n_posinf=count("n_posinf"),
        n_neginf=count("n_neginf"),
        n_zero=count("n_zero"),
        n_negative=count("n_negative"),
    )


def read_code_excerpt(
    file: str | None, line: int | None, code: str | None, context: int = CODE_CONTEXT
) -> tuple[list[CodeLine], str]:
    """Lines around ``file:line`` with the origin marked; ``code`` when the file is unusable.

    The file is read only when it is a Python source file (``.py``), exists, is a
    regular file, is small and decodes as UTF-8 without NUL bytes: the path comes
    from a report, which may be stale or tampered with, and a report must never pull
    an arbitrary local file (keys, configs) into a page that gets shared.

    Returns:
        ``(lines, source)`` with ``source`` one of ``"file"``, ``"report"``, ``"none"``.

    Example:
        >>> lines, source = read_code_excerpt(None, None, "y = log(x)")
        >>> source, lines[0].text, lines[0].is_origin
        ('report', 'y = log(x)', True)
    """
    if file and isinstance(line, int) and line >= 1 and str(file).endswith(".py"):
        path = Path(file)
        try:
            if path.is_file() and path.stat().st_size <= MAX_SOURCE_BYTES:
                raw = path.read_bytes()
                if b"\0" not in raw:
                    text = raw.decode("utf-8").splitlines()
                    if line <= len(text):
                        lo, hi = max(1, line - context), min(len(text), line + context)
                        return [
                            CodeLine(n, text[n - 1], n == line) for n in range(lo, hi + 1)
                        ], "file"
        except (OSError, UnicodeDecodeError):
            pass
    if code:
        first = line if isinstance(line, int) else 1
        return [
            CodeLine(first + i, text, i == 0) for i, text in enumerate(code.splitlines())
        ], "report"
    return [], "none"


def _incident_view(folder: Path, data: dict) -> IncidentView:
    finding = Finding.from_dict(data)
    origin = finding.origin
    code, code_source = read_code_excerpt(origin.file, origin.line, origin.code)
    stats: list[StatsRow] = []
    for i, item in enumerate(origin.inputs or []):
        label = item.get("name") if isinstance(item, dict) else None
        row = _stats_row(str(label) if label else f"input {i}", item)
        if row is not None:
            stats.append(row)
    output = _stats_row("output", origin.output)
    if output is not None:
        stats.append(output)
    return IncidentView(
        folder=folder.name,
        step=finding.step,
        epoch=finding.epoch,
        batch=finding.batch,
        trigger=finding.trigger,
        action=finding.action,
        phase=origin.phase,
        op=origin.op,
        grad_op=origin.grad_op,
        layer=origin.layer,
        variable=origin.variable,
        input=origin.input,
        rows=origin.rows,
        file=origin.file,
        line=origin.line,
        function=origin.function,
        cause=finding.cause,
        cause_meaning=CAUSES[finding.cause],
        explanation=finding.explanation,
        fix=finding.fix,
        summary=finding.summary(),
        code=code,
        code_source=code_source,
        stats=stats,
    )


def _folder_order(path: Path) -> tuple[int, int, str]:
    # Step folders sort numerically ("9" before "10"); anything else after them.
    return (0, int(path.name), "") if path.name.isdigit() else (1, 0, path.name)


def read_incidents(logdir: Path, notices: list[str]) -> list[IncidentView]:
    """Read ``incidents/<step>/report.json``; an unreadable one becomes a notice."""
    root = logdir / "incidents"
    if not root.is_dir():
        return []
    views = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=_folder_order):
        report = folder / "report.json"
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
            views.append(_incident_view(folder, data))  # Finding.from_dict validates it
        except FileNotFoundError:
            notices.append(f"incident {folder.name}: no report.json; skipped.")
        except (OSError, ValueError, TypeError, AttributeError, KeyError) as exc:
            notices.append(f"incident {folder.name}: unreadable report.json ({exc}); skipped.")
    return views
