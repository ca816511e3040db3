"""Which Python frame is the user's: the innermost one outside the libraries.

Every adapter names "the user's line" the same way: walk the running stack
outwards and stop at the first frame whose file is neither a framework's, nor
nanguard's, nor the standard library's. Only *which* packages count as
libraries differs (TensorFlow and Keras; torch; JAX, optax and Flax), so an
adapter builds one :class:`LibraryFiles` and calls :func:`user_frame`.

nanguard's own example programs (``demo.py``) play the user's part: their lines
are the ones to show.

Example:
    >>> files = LibraryFiles(package_dirs=(), package_names=("torch",))
    >>> files.is_library("/venv/lib/python3.11/site-packages/torch/nn/functional.py")
    True
    >>> files.is_library("/home/me/train.py")
    False
"""

from __future__ import annotations

import linecache
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["LibraryFiles", "no_frame", "user_frame"]

_NANGUARD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_STDLIB = os.path.dirname(os.__file__) + os.sep


def _demos() -> tuple[str, ...]:
    return tuple(os.path.join(_NANGUARD_DIR, *parts) for parts in (
        ("demo.py",), ("torch", "demo.py"), ("jax", "demo.py")))


class LibraryFiles:
    """Tells library files from the user's, with a cache per file name.

    Args:
        package_dirs: directories of imported packages (``os.path.dirname(torch.__file__)``);
            nanguard's own is always included.
        package_names: package folder names that count as library code when the
            path goes through ``site-packages`` (another install of the same package).
    """

    def __init__(self, package_dirs: Iterable[str] = (), package_names: Iterable[str] = ()):
        dirs = {os.path.abspath(d) for d in package_dirs} | {_NANGUARD_DIR}
        self._dirs = tuple(sorted(d.rstrip(os.sep) + os.sep for d in dirs))
        self._parts = tuple(os.sep + name + os.sep for name in package_names)
        self._user_like = _demos()
        self._cache: dict[str, bool] = {}

    def is_library(self, filename: str) -> bool:
        """Whether ``filename`` belongs to a library, nanguard or the standard library."""
        cached = self._cache.get(filename)
        if cached is not None:
            return cached
        path = os.path.abspath(filename)
        library = path not in self._user_like and (
            path.startswith(self._dirs)
            or path.startswith(_STDLIB)
            or filename.startswith("<frozen")
            or ("site-packages" in path and any(p in path for p in self._parts)))
        self._cache[filename] = library
        return library


def no_frame() -> dict:
    """The frame record when no user frame is on the stack."""
    return {"file": None, "line": None, "function": None, "code": None}


def user_frame(files: LibraryFiles, *, depth: int = 1,
               stop: Mapping[int, Any] | frozenset[int] = frozenset(),
               rewrite: Callable[[Any], tuple[str | None, int, str]] | None = None) -> dict:
    """The innermost frame of the running stack that is the user's code.

    Args:
        files: which files are libraries.
        depth: where the walk starts: 1 is the caller of ``user_frame`` (nanguard's
            own frames are skipped anyway).
        stop: ids of frames where the walk ends (a replay's own callers: the line
            that started the replay would only mislead).
        rewrite: maps a frame to ``(file, line, function)`` when its code was
            generated (TensorFlow's AutoGraph); ``None`` keeps frames as they are.

    Returns:
        ``{"file", "line", "function", "code"}``, all ``None`` when no frame is the user's.
    """
    frame = sys._getframe(depth)
    while frame is not None and id(frame) not in stop:
        filename, line = frame.f_code.co_filename, frame.f_lineno
        function = frame.f_code.co_name
        if rewrite is not None:
            filename, line, function = rewrite(frame)
        if filename and not files.is_library(filename):
            code = linecache.getline(filename, line).strip() or None
            return {"file": filename, "line": int(line), "function": function, "code": code}
        frame = frame.f_back
    return no_frame()
