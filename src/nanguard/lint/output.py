"""Renderers for diagnostics: text (ruff-style), JSON, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from nanguard._version import __version__
from nanguard.lint._diagnostic import Diagnostic
from nanguard.lint.registry import all_rules

FORMATS = ("text", "json", "sarif", "github")


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``Found 3 problems (2 × NG101, 1 × NG103) in 2 files.`` or ``All checks passed!``"""
    if not diagnostics:
        return "All checks passed!"
    counts = Counter(d.code for d in diagnostics)
    per_code = ", ".join(f"{n} × {code}" for code, n in sorted(counts.items()))
    files = len({d.path for d in diagnostics})
    noun = "problem" if len(diagnostics) == 1 else "problems"
    file_noun = "file" if files == 1 else "files"
    return f"Found {len(diagnostics)} {noun} ({per_code}) in {files} {file_noun}."


def render_text(
    diagnostics: Sequence[Diagnostic], *, color: bool = False, show_fixes: bool = False
) -> str:
    lines = []
    for d in diagnostics:
        if color:
            lines.append(
                f"\x1b[1m{d.path}\x1b[0m:{d.line}:{d.col}: \x1b[1;31m{d.code}\x1b[0m"
                f" [{d.confidence}] {d.message}"
            )
        else:
            lines.append(f"{d.path}:{d.line}:{d.col}: {d.code} [{d.confidence}] {d.message}")
        if show_fixes and d.fix_title:
            lines.append(f"    help: {d.fix_title}")
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], indent=2) + "\n"


def _escape_github(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


#: GitHub annotation level by confidence: only high-confidence findings are errors.
_GITHUB_LEVEL = {"high": "error", "medium": "warning", "low": "notice"}


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        file = _escape_github(d.path, property_value=True)
        message = _escape_github(f"{d.code} [{d.confidence}] {d.message}")
        level = _GITHUB_LEVEL.get(d.confidence, "error")
        out.append(
            f"::{level} file={file},line={d.line},col={d.col},title={d.code} ({d.confidence})"
            f"::{message}"
        )
    return "".join(line + "\n" for line in out)


#: SARIF levels by confidence: a low-confidence finding is a note, not an error.
_SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note"}


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    rules = all_rules()
    used = sorted({d.code for d in diagnostics})
    sarif_rules = []
    for code in used:
        cls = rules.get(code)
        if cls is None:
            continue
        sarif_rules.append(
            {
                "id": code,
                "name": cls.name,
                "shortDescription": {"text": cls.message},
                "help": {"text": cls.fix_title},
                "helpUri": f"https://nanguard.dev/lint/{code}",
            }
        )
    results = [
        {
            "ruleId": d.code,
            "level": _SARIF_LEVEL.get(d.confidence, "error"),
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.path.replace("\\", "/")},
                        "region": {"startLine": d.line, "startColumn": d.col},
                    }
                }
            ],
            **({"fixes": [{"description": {"text": d.fix_title}}]} if d.fix_title else {}),
        }
        for d in diagnostics
    ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nanguard-lint",
                        "version": __version__,
                        "informationUri": "https://github.com/nanguard/nanguard",
                        "rules": sarif_rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
