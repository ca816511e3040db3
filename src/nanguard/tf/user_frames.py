"""Which source line is the user's, and which Keras layer an op ran in.

An op's line is the innermost Python frame outside TensorFlow, Keras, nanguard
and the standard library: the line the user wrote, even when the op itself was
created deep inside a library call.
"""

from __future__ import annotations

import linecache
import os
import sys

import keras
import tensorflow as tf

import nanguard

__all__ = ["layer_of", "user_frame"]

_LIB_DIRS = tuple(os.path.dirname(os.path.abspath(m.__file__)) + os.sep
                  for m in (tf, keras, nanguard))
_SKIP_PARTS = (os.sep + "tensorflow" + os.sep, os.sep + "keras" + os.sep,
               os.sep + "tf_keras" + os.sep, os.sep + "optree" + os.sep)
_STDLIB = os.path.dirname(os.__file__) + os.sep
# nanguard's own example program plays the user's part: its lines are the ones to show.
_USER_LIKE = (os.path.join(os.path.dirname(os.path.abspath(nanguard.__file__)), "demo.py"),)
_library_cache: dict[str, bool] = {}


def _is_library(filename: str) -> bool:
    cached = _library_cache.get(filename)
    if cached is not None:
        return cached
    path = os.path.abspath(filename)
    library = path not in _USER_LIKE and (
        path.startswith(_LIB_DIRS)
        or ("site-packages" in path and any(p in path for p in _SKIP_PARTS))
        or path.startswith(_STDLIB)
        or filename.startswith("<frozen")
    )
    _library_cache[filename] = library
    return library


def user_frame() -> dict:
    """The innermost frame of the running Python stack that is the user's code."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_library(filename):
            line = frame.f_lineno
            code = linecache.getline(filename, line).strip() or None
            return {"file": filename, "line": int(line), "function": frame.f_code.co_name,
                    "code": code}
        frame = frame.f_back
    return {"file": None, "line": None, "function": None, "code": None}


def layer_of(scope: str, layer_names: set[str]) -> str | None:
    """The innermost Keras layer named in a name scope (``model/dense_1/...``).

    Keras uniquifies scope names with ``_1``, ``_2`` suffixes; those are stripped
    until a known layer name matches.
    """
    for part in reversed([p for p in scope.split("/") if p]):
        candidate = part
        while True:
            if candidate in layer_names:
                return candidate
            head, _, tail = candidate.rpartition("_")
            if head and tail.isdigit():
                candidate = head
                continue
            break
    return None
