"""Finding the Python files to lint under the paths a user gives."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from nanguard.errors import InvalidArgumentError

#: Folders never descended into when walking a directory (explicit files are still linted).
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    ".eggs",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
)


def _excluded(path: Path, patterns: Iterable[str]) -> bool:
    text = path.as_posix()
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(path.name, pattern):
            return True
        if fnmatch.fnmatch(text, f"*/{pattern}") or fnmatch.fnmatch(text, f"{pattern}/*"):
            return True
        if any(fnmatch.fnmatch(part, pattern) for part in path.parts):
            return True
    return False


def iter_python_files(
    paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str] = ()
) -> Iterator[Path]:
    """Yield ``.py``/``.pyi`` files under ``paths`` in sorted order.

    Raises:
        InvalidArgumentError: a path does not exist (checked before any file is yielded).
    """
    exclude = list(exclude)
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise InvalidArgumentError(
                "PATH", str(root), "an existing file or folder", hint="Check the spelling."
            )
    for root in roots:
        if root.is_file():
            if not _excluded(root, exclude):
                yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            base = Path(dirpath)
            dirnames[:] = sorted(
                d for d in dirnames if d not in DEFAULT_EXCLUDE and not _excluded(base / d, exclude)
            )
            for filename in sorted(filenames):
                if filename.endswith((".py", ".pyi")):
                    path = base / filename
                    if not _excluded(path, exclude):
                        yield path
