"""The result of a scan: findings per column, as text or JSON.

Example:
    >>> result = nanguard.datascan.scan("train.npy")     # doctest: +SKIP
    >>> print(render_text(result))                        # doctest: +SKIP
    train.npy: 1,000 rows, 3 columns
      train.npy[:, 1]  NaN: 2 (rows 17, 512)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from nanguard.datascan.stats import (
    BFLOAT16_MAX,
    FLOAT16_MAX,
    PROBLEMS,
    ROW_PROBLEMS,
    TableStats,
    Thresholds,
)

SEVERITY = {
    "nan": "error",
    "posinf": "error",
    "neginf": "error",
    "non_numeric": "error",
    "beyond_float16": "warning",
    "beyond_bfloat16": "error",
    "extreme": "warning",
    "constant": "warning",
}


@dataclass(frozen=True)
class DataFinding:
    """One problem in one column.

    Attributes:
        table: the file, ``.npz`` member or dataset component.
        column: the column or feature.
        kind: one of ``nanguard.datascan.stats.PROBLEMS``.
        count: exact number of values with the problem.
        rows: the first row indices (at most ``Thresholds.max_rows``).
        message: what it means and what to do.
    """

    table: str
    column: str
    kind: str
    count: int
    rows: list[int]
    message: str

    @property
    def severity(self) -> str:
        return SEVERITY[self.kind]


@dataclass
class ScanResult:
    """Everything one scan found. ``ok`` is true when there are no findings."""

    source: str
    thresholds: Thresholds
    tables: list[TableStats] = field(default_factory=list)

    @property
    def findings(self) -> list[DataFinding]:
        out = []
        for table in self.tables:
            for column in table.columns:
                if not column.numeric:
                    continue
                for kind in ROW_PROBLEMS:
                    if column.counts[kind]:
                        out.append(
                            DataFinding(
                                table.name,
                                column.name,
                                kind,
                                column.counts[kind],
                                list(column.rows[kind]),
                                _message(kind, self.thresholds),
                            )
                        )
                if column.constant:
                    out.append(
                        DataFinding(
                            table.name,
                            column.name,
                            "constant",
                            column.n_finite,
                            [],
                            _message("constant", self.thresholds)
                            + f" (every value is {column.min:g})",
                        )
                    )
        return out

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: thresholds, tables with their row counts, findings."""
        return {
            "schema": "nanguard.scan/1",
            "source": self.source,
            "ok": self.ok,
            "thresholds": {
                "float16_max": FLOAT16_MAX,
                "bfloat16_max": BFLOAT16_MAX,
                "extreme": self.thresholds.extreme,
                "max_rows_listed": self.thresholds.max_rows,
            },
            "tables": [
                {
                    "name": t.name,
                    "rows": t.n_rows,
                    "columns": len(t.columns),
                    "text_columns": [c.name for c in t.columns if not c.numeric],
                    "notes": list(t.notes),
                }
                for t in self.tables
            ],
            "findings": [
                {
                    "table": f.table,
                    "column": f.column,
                    "kind": f.kind,
                    "severity": f.severity,
                    "count": f.count,
                    "rows": f.rows,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


def _message(kind: str, thresholds: Thresholds) -> str:
    if kind == "extreme":
        return (
            f"finite but |x| > {thresholds.extreme:g}: extreme magnitude; standardise, "
            "clip or log-transform"
        )
    return PROBLEMS[kind]


def _label(kind: str, thresholds: Thresholds) -> str:
    return {
        "nan": "NaN",
        "posinf": "+Inf",
        "neginf": "-Inf",
        "non_numeric": "non-numeric",
        "beyond_float16": f"beyond float16 (|x| > {FLOAT16_MAX:g})",
        "beyond_bfloat16": f"beyond bfloat16 (|x| > {BFLOAT16_MAX:.4g})",
        "extreme": f"extreme (|x| > {thresholds.extreme:g})",
    }[kind]


def _rows_text(finding: DataFinding) -> str:
    if not finding.rows:
        return ""
    listed = ", ".join(str(r) for r in finding.rows)
    more = finding.count > len(finding.rows)
    return f" (rows {listed}{', ...' if more else ''})"


def render_text(result: ScanResult) -> str:
    """Plain-text report, one line per finding; the last line says clean or not."""
    lines = []
    for table in result.tables:
        lines.append(
            f"{table.name}: {table.n_rows:,} rows, {len(table.columns):,} "
            f"column{'s' if len(table.columns) != 1 else ''}"
        )
        for note in table.notes:
            lines.append(f"  note: {note}")
        text = [c.name for c in table.columns if not c.numeric]
        if text:
            lines.append(f"  not numeric, not checked: {', '.join(text)}")
        for f in result.findings:
            if f.table != table.name:
                continue
            if f.kind == "constant":
                lines.append(
                    f"  {f.severity}: {f.column}: constant column"
                    f"{f.message[f.message.rfind(' (') :]}"
                )
            else:
                lines.append(
                    f"  {f.severity}: {f.column}: {f.count:,} "
                    f"{_label(f.kind, result.thresholds)}{_rows_text(f)}"
                )
    findings = result.findings
    if findings:
        lines.append(
            f"{len(findings)} finding{'s' if len(findings) != 1 else ''}. Thresholds: "
            f"float16 max {FLOAT16_MAX:g}, bfloat16 max {BFLOAT16_MAX:.4g}, extreme "
            f"|x| > {result.thresholds.extreme:g}."
        )
        for kind in dict.fromkeys(f.kind for f in findings):
            lines.append(f"  {kind}: {_message(kind, result.thresholds)}")
    else:
        lines.append("clean: no NaN, Inf, out-of-range, extreme or constant columns.")
    return "\n".join(lines)


def render_json(result: ScanResult) -> str:
    """The :meth:`ScanResult.to_dict` document as indented JSON."""
    return json.dumps(result.to_dict(), indent=2)
