"""What a live replay knows about an origin that its saved trace does not: kept for offline.

A live localization replays the step with the model in hand, so after the
framework-free locator has named the origin op (``core.localize``) the adapter
adds what only the model and the tensors can tell: the rows of the batch the op
failed on (``core.rows``), the class of the layer the op ran in, whether that
layer is the framework's own, where the user created it and the batch size
(``core.layer_fixes.apply_layer_context``), and a sentence or two of its own
(PyTorch: where the module was created, why no rows are named). The trace keeps
op names and statistics only, so ``nanguard locate INCIDENT`` re-analysing it
offline named the op and the cause but gave the op-level fix (``safe_div``)
where the live guard gave the layer-level one (drop the empty documents).

This module records that context on the finding as the adapter applies it, and
the pipeline writes it into ``trace.json`` under the optional key
``"origin_context"``; ``nanguard.core.relocalize`` re-applies it offline through
the same functions, so the two findings are the same. A trace written before the
key existed has none and is re-localized as before (op-level, no rows).

Example:
    >>> from nanguard.core.incident import Finding, Origin
    >>> f = Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool"),
    ...             cause="div_by_zero", explanation="x/0.", fix="safe_div")
    >>> add_note(f, "More.")
    >>> record = context_of(f)
    >>> record["notes"], f.explanation
    (['More.'], 'x/0. More.')
"""

from __future__ import annotations

from typing import Any

__all__ = ["LAYER_ARGS", "TRACE_KEY", "add_note", "context_of", "note_layer_context",
           "with_context"]

#: The optional key of ``trace.json`` holding :func:`context_of`'s record.
TRACE_KEY = "origin_context"
_ATTR = "_origin_context"
#: The arguments of ``core.layer_fixes.apply_layer_context`` that are recorded.
LAYER_ARGS = ("layer_class", "builtin", "site", "framework_name", "batch_size")


def _context(finding: Any) -> dict:
    ctx = getattr(finding, _ATTR, None)
    if ctx is None:
        ctx = {"layer_context": None, "notes": []}
        setattr(finding, _ATTR, ctx)
    return ctx


def note_layer_context(finding: Any, **layer_args: Any) -> None:
    """Remember the arguments ``apply_layer_context`` was called with (it calls this)."""
    _context(finding)["layer_context"] = {k: layer_args.get(k) for k in LAYER_ARGS}


def add_note(finding: Any, sentence: str) -> None:
    """Append an adapter's own sentence to the explanation, and remember it for offline."""
    finding.explanation += " " + sentence
    _context(finding)["notes"].append(sentence)


def context_of(finding: Any) -> dict | None:
    """The JSON record of what the adapter added to a trace finding, or ``None``.

    ``phase``/``op``/``layer`` say which origin it belongs to: it is re-applied
    only to a finding with the same ones (``nanguard.core.relocalize.restore``).
    """
    ctx = getattr(finding, _ATTR, None)
    rows = finding.origin.rows if finding.origin.phase in ("forward", "backward") else None
    if ctx is None and not rows:
        return None
    ctx = ctx or {"layer_context": None, "notes": []}
    o = finding.origin
    return {"phase": o.phase, "op": o.op, "layer": o.layer, "rows": rows,
            "layer_context": ctx["layer_context"], "notes": list(ctx["notes"])}


def with_context(trace: dict, finding: Any) -> dict:
    """``trace`` plus the finding's :func:`context_of` under :data:`TRACE_KEY` (a copy)."""
    record = context_of(finding)
    return trace if record is None else {**trace, TRACE_KEY: record}
