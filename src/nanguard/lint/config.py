"""``[tool.nanguard.lint]`` in ``pyproject.toml``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nanguard.errors import InvalidArgumentError

KEYS = ("select", "ignore", "extend-select", "exclude", "min-confidence")
CONFIDENCES = ("low", "medium", "high")


@dataclass
class LintConfig:
    """Settings read from a ``pyproject.toml`` (empty when there is none)."""

    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    min_confidence: str | None = None
    warnings: list[str] = field(default_factory=list)


def _toml_loader():
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:  # pragma: no cover - Python 3.10
        import tomli

        return tomli
    except ImportError:  # pragma: no cover
        return None


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` or its parents."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None) -> LintConfig:
    """Read ``[tool.nanguard.lint]`` from ``path`` (``None``: no config).

    Raises:
        InvalidArgumentError: the file is not valid TOML or a key has the wrong type.
    """
    config = LintConfig(path=path)
    if path is None:
        return config
    loader = _toml_loader()
    if loader is None:  # pragma: no cover - Python 3.10 without tomli
        config.warnings.append(
            f"ignoring {path}: reading TOML on Python 3.10 needs `pip install tomli`"
        )
        return config
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = loader.load(handle)
    except (OSError, ValueError) as exc:
        raise InvalidArgumentError(
            str(path), "<file>", "a readable TOML file", hint=str(exc)
        ) from exc
    section = data.get("tool", {}).get("nanguard", {}).get("lint", {})
    for key, value in section.items():
        if key not in KEYS:
            config.warnings.append(
                f"{path}: unknown key `{key}` in [tool.nanguard.lint] (allowed: {', '.join(KEYS)})"
            )
            continue
        if key == "min-confidence":
            if value not in CONFIDENCES:
                raise InvalidArgumentError(
                    f"[tool.nanguard.lint] min-confidence in {path}", value, "low, medium or high"
                )
            config.min_confidence = value
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidArgumentError(
                f"[tool.nanguard.lint] {key} in {path}", value, "a list of strings"
            )
        if key == "select":
            config.select = list(value)
        else:
            setattr(config, key.replace("-", "_"), list(value))
    return config
