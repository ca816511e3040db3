"""Which source line is the user's, and which Keras layer an op ran in.

An op's line is the innermost Python frame outside TensorFlow, Keras, nanguard
and the standard library: the line the user wrote, even when the op itself was
created deep inside a library call.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import keras
import tensorflow as tf

from nanguard.core.user_frames import LibraryFiles
from nanguard.core.user_frames import user_frame as core_user_frame

__all__ = ["caller_frames", "layer_of", "user_frame"]

_FILES = LibraryFiles(
    package_dirs=tuple(os.path.dirname(os.path.abspath(m.__file__)) for m in (tf, keras)),
    package_names=("tensorflow", "keras", "tf_keras", "optree"))


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
    return core_user_frame(_FILES, depth=2, stop=stop, rewrite=_generated_origin)


def _generated_origin(frame) -> tuple[str | None, int, str]:
    """``(file, line, function)`` of ``frame``, mapped back through AutoGraph's source map."""
    if _AUTOGRAPH_FILE in frame.f_code.co_filename:
        return _autograph_origin(frame)
    return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name


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
