"""The nanguard exception hierarchy.

Every error nanguard raises on purpose derives from :class:`NanguardError`, so
``except nanguard.errors.NanguardError`` catches all of them. Each subclass also
inherits the builtin a caller would expect (``ValueError``, ``TypeError``,
``FloatingPointError``), so existing ``except ValueError`` code keeps working::

    NanguardError
    ├── InvalidArgumentError(NanguardError, ValueError)   bad option or argument
    ├── InvalidDTypeError(NanguardError, TypeError)        non-float input to a float op
    ├── NonFiniteError(NanguardError, FloatingPointError)  training could not continue
    ├── IncidentError(NanguardError, ValueError)           missing/truncated/tampered incident
    ├── SnapshotError(NanguardError, ValueError)           corrupt or unwritable snapshot
    └── RunLogError(NanguardError, ValueError)             a folder that is not a nanguard run
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "NanguardError",
    "InvalidArgumentError",
    "InvalidDTypeError",
    "NonFiniteError",
    "IncidentError",
    "SnapshotError",
    "RunLogError",
]


class NanguardError(Exception):
    """Root of every error nanguard raises on purpose."""


class InvalidArgumentError(NanguardError, ValueError):
    """An argument is outside what is allowed.

    Attributes:
        argument: the parameter's name.
        value: the value that was given.
        allowed: a short description of what is allowed.
    """

    def __init__(self, argument: str, value: Any, allowed: str, hint: str | None = None):
        self.argument = argument
        self.value = value
        self.allowed = allowed
        msg = f"`{argument}` must be {allowed}; got {value!r}."
        if hint:
            msg += f" {hint}"
        super().__init__(msg)


class InvalidDTypeError(NanguardError, TypeError):
    """A floating-point op received a tensor of a non-float dtype."""

    def __init__(self, argument: str, dtype: Any, function: str):
        self.argument = argument
        self.dtype = dtype
        self.function = function
        super().__init__(
            f"{function}: `{argument}` must have a floating dtype (float16, bfloat16, "
            f"float32 or float64); got dtype {dtype}. Cast it first, e.g. "
            f"`tf.cast({argument}, tf.float32)`."
        )


class NonFiniteError(NanguardError, FloatingPointError):
    """Training stopped because steps kept producing NaN/Inf.

    The weights are left at the last finite state.

    Attributes:
        step: the global step (0-based count of train steps) of the last bad step.
        what: ``"loss"``, ``"gradients"`` or ``"spike"`` -- what was non-finite.
        consecutive: how many consecutive steps were skipped.
        origin: the located origin (a dict in the incident schema) when known.
        report_path: the incident's ``report.json`` when one was written.
    """

    def __init__(
        self,
        message: str,
        *,
        step: int | None = None,
        what: str | None = None,
        consecutive: int | None = None,
        origin: dict | None = None,
        report_path: str | None = None,
    ):
        self.step = step
        self.what = what
        self.consecutive = consecutive
        self.origin = origin
        self.report_path = report_path
        super().__init__(message)


class IncidentError(NanguardError, ValueError):
    """An incident folder is missing, truncated or has been tampered with.

    Attributes:
        path: the offending file or folder.
    """

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(message)


class SnapshotError(NanguardError, ValueError):
    """A rollback snapshot is corrupt (checksum mismatch) or cannot be written."""

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(message)


class RunLogError(NanguardError, ValueError):
    """A folder is missing or is not a nanguard run log (no ``run.json``/``steps.jsonl``)."""

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(message)
