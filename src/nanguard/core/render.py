"""Words for the guard's facts: one place that turns a finding, a skip or a stop into text.

The console, the run log, TensorBoard, ``nanguard.tf.StepGuard`` and every
adapter's stop all read their sentences from here, so a message reads the same
wherever a user meets it.

Example:
    >>> origin = {"phase": "forward", "op": "Log", "layer": "head", "file": "model.py",
    ...           "line": 12}
    >>> origin_text(origin)
    "Log in layer 'head' at model.py:12"
    >>> skip_reason("learning_rate")
    'learning rate non-finite'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "finding_summary",
    "origin_text",
    "skip_reason",
    "skip_values",
    "stop_message",
    "trigger_problem",
]

_WORDS = {"learning_rate": "learning rate", "hyperparameter": "optimizer hyperparameter"}


def origin_text(origin: Mapping[str, Any]) -> str:
    """Short place of an origin: ``op in layer 'name' at file:line`` (parts that exist)."""
    bits = [
        origin.get("op"),
        f"in layer '{origin['layer']}'" if origin.get("layer") else None,
        f"at {origin['file']}:{origin['line']}" if origin.get("file") else None,
    ]
    return " ".join(b for b in bits if b)


def finding_summary(finding: Mapping[str, Any]) -> str:
    """One line for a finding: ``phase op (gradient g) in layer ... at file:line: cause``."""
    o = finding["origin"]
    parts = [o["phase"]]
    if o.get("op"):
        parts.append(o["op"])
    if o.get("grad_op"):
        parts.append(f"(gradient {o['grad_op']})")
    if o.get("layer"):
        cls = f"{o['layer_class']} " if o.get("layer_class") else ""
        parts.append(f"in {cls}layer '{o['layer']}'")
    if o.get("input"):
        parts.append(f"input {o['input']}")
    if o.get("variable"):
        parts.append(f"variable {o['variable']}")
    if o.get("file"):
        parts.append(f"at {o['file']}:{o['line']}")
    return " ".join(parts) + f": {finding['cause']}"


def skip_reason(trigger: str | None, reason: str | None = None) -> str:
    """Why one step was skipped, as logged: ``"loss non-finite"``, ``"... spike"``.

    ``reason`` (an event's optional ``"reason"``) is an adapter's own, more exact words
    for the step (JAX: an update non-finite inside the optimizer is not a hyperparameter's).
    """
    if reason:
        return reason
    if trigger == "spike":
        return "loss or gradient-norm spike"
    return f"{_WORDS.get(trigger or '', trigger or 'loss or gradients')} non-finite"


def skip_values(loss: float | None, grad_norm: float) -> str:
    """The numbers of one skipped step, as logged: ``"loss=nan, grad_norm=1.5"``.

    ``loss`` is ``None`` when the adapter never saw it (a Hugging Face callback
    checks gradients only): saying ``loss=0`` there would read as a real value.

    Example:
        >>> skip_values(None, float("inf"))
        'loss not seen by the guard, grad_norm=inf'
    """
    shown = "loss not seen by the guard" if loss is None else f"loss={loss:.4g}"
    return f"{shown}, grad_norm={grad_norm:.4g}"


def trigger_problem(trigger: str | None, reason: str | None = None) -> str:
    """What a streak of skipped steps had, to follow "N consecutive steps"."""
    if reason:
        return f"were skipped ({reason})"
    if trigger == "spike":
        return "were loss or gradient-norm spikes"
    if trigger in _WORDS:
        return f"had a non-finite {_WORDS[trigger]}"
    return f"had non-finite {trigger or 'loss or gradients'}"


def stop_message(
    *,
    step: int,
    consecutive: int,
    trigger: str | None,
    max_consecutive_skips: int,
    finding: Mapping[str, Any] | None = None,
    report: str | None = None,
    reason: str | None = None,
) -> str:
    """The message of the :class:`nanguard.errors.NonFiniteError` ending a run on a streak.

    Example:
        >>> stop_message(step=4, consecutive=3, trigger="loss", max_consecutive_skips=3)[:60]
        'nanguard stopped training at step 4: 3 consecutive steps had'
    """
    where = ""
    if finding:
        where = f" Located origin: {origin_text(finding['origin'])} ({finding['cause']})."
    message = (
        f"nanguard stopped training at step {step}: {consecutive} consecutive steps "
        f"{trigger_problem(trigger, reason)} (max_consecutive_skips={max_consecutive_skips}). The "
        f"weights are the last finite state; no skipped update was applied.{where}"
    )
    if report:
        message += f" Report: {report}"
    return message
