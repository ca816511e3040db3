"""Re-localize a saved incident offline: the live guard's finding, from data on disk.

``nanguard locate INCIDENT`` reads a verified incident folder
(``core.incident_store.read_incident``) and runs the same locator as the live
guard (``core.localize.localize_step``) on the saved batch, variables and op
trace. The trace alone names the op, the line and the cause; what the live
replay read from the model and its tensors (rows at fault, the layer's class,
the layer-level fix, an adapter's own sentences) was recorded in the trace
(``core.origin_context``) and :func:`restore` re-applies it, in the live order,
through the same ``apply_layer_context``. No ML framework is imported.

Example:
    >>> from nanguard.core.incident import Finding, Origin
    >>> from nanguard.core.origin_context import add_note, context_of
    >>> live = Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool"),
    ...                cause="div_by_zero", explanation="x/0.", fix="safe_div")
    >>> add_note(live, "More.")
    >>> offline = Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool"),
    ...                   cause="div_by_zero", explanation="x/0.", fix="safe_div")
    >>> restore(offline, {"origin_context": context_of(live)}).explanation
    'x/0. More.'
"""

from __future__ import annotations

from typing import Any

from nanguard.core.incident import Finding
from nanguard.core.layer_fixes import apply_layer_context
from nanguard.core.localize import localize_step
from nanguard.core.origin_context import LAYER_ARGS, TRACE_KEY, add_note

__all__ = ["relocalize_incident", "restore"]


def relocalize_incident(inc: dict) -> Finding | None:
    """The finding of a loaded incident (``read_incident``), recomputed from its data."""
    meta = inc["meta"]
    history = (inc.get("report") or {}).get("history")
    finding, analysed = localize_step(
        inc["batch"], inc["variables"], inc.get("trace"), history=history,
        trigger=meta.get("trigger") or "loss",
    )
    if finding is None:
        return None
    restore(finding, analysed)
    finding.step = meta.get("step")
    finding.epoch = meta.get("epoch")
    finding.batch = meta.get("batch")
    finding.history = history
    return finding


def restore(finding: Any, trace: dict | None) -> Any:
    """Re-apply a saved trace's recorded context to the finding re-localized from it.

    In the live order: the rows, then the layer context, then the notes. A
    record for another origin (``phase``/``op``/``layer`` differ) is ignored.

    Returns:
        The same finding, changed in place.
    """
    record = (trace or {}).get(TRACE_KEY)
    if finding is None or not isinstance(record, dict):
        return finding
    o = finding.origin
    if (record.get("phase"), record.get("op"), record.get("layer")) != (o.phase, o.op, o.layer):
        return finding
    rows = record.get("rows")
    if isinstance(rows, list) and rows and all(_is_int(r) for r in rows):
        o.rows = [int(r) for r in rows]
    layer_args = _layer_args(record.get("layer_context"))
    if layer_args is not None:
        apply_layer_context(finding, **layer_args)
    notes = record.get("notes")
    for sentence in notes if isinstance(notes, list) else ():
        if isinstance(sentence, str):
            add_note(finding, sentence)
    return finding


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _layer_args(saved: Any) -> dict | None:
    """The saved ``apply_layer_context`` arguments, or ``None`` if malformed.

    An incident folder is data from disk (possibly hand-edited): a field of the
    wrong type is dropped with the whole record rather than failing the command.
    """
    if not isinstance(saved, dict):
        return None
    args = {k: saved.get(k) for k in LAYER_ARGS}
    site = args["site"]
    ok = (isinstance(args["layer_class"], (str, type(None)))
          and isinstance(args["builtin"], bool)
          and isinstance(args["framework_name"], str)
          and (args["batch_size"] is None or _is_int(args["batch_size"]))
          and (site is None or (isinstance(site, dict)
                                and all(isinstance(k, str) for k in site))))
    return args if ok else None
