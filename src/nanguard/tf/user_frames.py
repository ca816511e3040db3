"""Which source line is the user's, and which Keras layer an op ran in.

An op's line is the innermost Python frame outside TensorFlow, Keras, nanguard
and the standard library: the line the user wrote, even when the op itself was
created deep inside a library call.
"""

from __future__ import annotations

import linecache
import os
import sys
from collections.abc import Mapping
from typing import Any

import keras
import tensorflow as tf

import nanguard

__all__ = ["caller_frames", "layer_of", "user_frame"]

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


def caller_frames() -> dict[int, Any]:
    """The frames on the stack now, by id: the replay's callers, to stop ``user_frame`` at.

    The frames themselves are kept (as the values), so no id is reused by a later frame.
    """
    frames = {}
    frame = sys._getframe(1)
    while frame is not None:
        frames[id(frame)] = frame
        frame = frame.f_back
    return frames


def user_frame(stop: Mapping[int, Any] | frozenset[int] = frozenset()) -> dict:
    """The innermost frame of the running Python stack that is the user's code.

    The walk stops at the frames in ``stop`` (the replay's own callers): an op of a
    built-in Keras layer inside ``fit`` has no line of the user's *below* the replay,
    and the ``model.fit(...)`` line above it would only mislead.
    """
    frame = sys._getframe(1)
    while frame is not None and id(frame) not in stop:
        filename, line = frame.f_code.co_filename, frame.f_lineno
        function = frame.f_code.co_name
        if _AUTOGRAPH_FILE in filename:
            filename, line, function = _autograph_origin(frame)
        if filename and not _is_library(filename):
            code = linecache.getline(filename, line).strip() or None
            return {"file": filename, "line": int(line), "function": function, "code": code}
        frame = frame.f_back
    return {"file": None, "line": None, "function": None, "code": None}


_AUTOGRAPH_FILE = "__autograph_generated_file"


def _autograph_origin(frame) -> tuple[str | None, int, str]:
    """The user's line behind a frame of AutoGraph-converted code.

    ``tf.function`` methods are converted by AutoGraph even when functions run
    eagerly; the converted function (a local of AutoGraph's ``converted_call``, the
    caller frame) carries a source map back to the line the user wrote.
    """
    caller = frame.f_back
    converted = caller.f_locals.get("converted_f") if caller is not None else None
    source_map = getattr(converted, "ag_source_map", None) or {}
    for location, origin in source_map.items():
        if location.filename == frame.f_code.co_filename and location.lineno == frame.f_lineno:
            return origin.loc.filename, int(origin.loc.lineno), origin.function_name
    return None, 0, frame.f_code.co_name


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
