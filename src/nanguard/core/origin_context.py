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

This module records that context on the finding as the adapter applies it, the
pipeline writes it into ``trace.json`` under the optional key
``"origin_context"``, and :func:`restore` re-applies it through the same
functions offline, so the two findings are the same. A trace written before the
key existed has none and is re-localized as before (op-level, no rows).

Example:
    >>> from nanguard.core.incident import Finding, Origin
    >>> f = Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool"),
    ...             cause="div_by_zero", explanation="x/0.", fix="safe_div")
    >>> add_note(f, "More.")
    >>> record = context_of(f)
    >>> record["notes"], f.explanation
    (['More.'], 'x/0. More.')
    >>> g = Finding(origin=Origin(phase="forward", op="RealDiv", layer="pool"),
    ...             cause="div_by_zero", explanation="x/0.", fix="safe_div")
    >>> restore(g, {"origin_context": record}).explanation
    'x/0. More.'
"""

from __future__ import annotations

from typing import Any

__all__ = ["TRACE_KEY", "add_note", "context_of", "note_layer_context", "restore",
           "with_context"]

#: The optional key of ``trace.json`` holding :func:`context_of`'s record.
TRACE_KEY = "origin_context"
_ATTR = "_origin_context"
_LAYER_ARGS = ("layer_class", "builtin", "site", "framework_name", "batch_size")


def _context(finding: Any) -> dict:
    ctx = getattr(finding, _ATTR, None)
    if ctx is None:
        ctx = {"layer_context": None, "notes": []}
        setattr(finding, _ATTR, ctx)
    return ctx


def note_layer_context(finding: Any, **layer_args: Any) -> None:
    """Remember the arguments ``apply_layer_context`` was called with (it calls this)."""
    _context(finding)["layer_context"] = {k: layer_args.get(k) for k in _LAYER_ARGS}


def add_note(finding: Any, sentence: str) -> None:
    """Append an adapter's own sentence to the explanation, and remember it for offline."""
    finding.explanation += " " + sentence
    _context(finding)["notes"].append(sentence)


def context_of(finding: Any) -> dict | None:
    """The JSON record of what the adapter added to a trace finding, or ``None``.

    ``phase``/``op``/``layer`` say which origin it belongs to: :func:`restore`
    applies it only to a finding with the same ones.
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
        from nanguard.core.layer_fixes import apply_layer_context

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
    args = {k: saved.get(k) for k in _LAYER_ARGS}
    site = args["site"]
    ok = (isinstance(args["layer_class"], (str, type(None)))
          and isinstance(args["builtin"], bool)
          and isinstance(args["framework_name"], str)
          and (args["batch_size"] is None or _is_int(args["batch_size"]))
          and (site is None or (isinstance(site, dict)
                                and all(isinstance(k, str) for k in site))))
    return args if ok else None
