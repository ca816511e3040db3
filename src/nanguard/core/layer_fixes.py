"""Fixes a user can apply when a NaN is born inside a framework's built-in layer.

The op-level fix (``nanguard.ops.safe_div`` for a division) is useless when the
division sits inside Keras' ``GlobalAveragePooling1D`` or PyTorch's
``nn.MultiheadAttention``: the user cannot edit that code. What the user can
change is the data or the layer's arguments. This table, keyed by the layer's
class as the framework spells it and the cause (``nanguard.core.causes``), holds
that user-level remedy, and :func:`apply_layer_context` rewrites a finding with
it, with the layer's class, the line where the user created the layer and the
rows of the batch at fault. Every adapter calls it (Keras, PyTorch, JAX/Flax).
One remedy does not depend on the layer: a softmax whose NaN comes from a slice
that is entirely ``-inf`` is an attention row with every key masked, in a
built-in layer or a hand-written one (:func:`is_all_masked_softmax`).

Example:
    >>> fix = layer_fix("GlobalAveragePooling1D", "div_by_zero")
    >>> fix.rows_words
    'are entirely masked'
    >>> layer_fix("Dense", "div_by_zero") is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nanguard.core.origin_context import note_layer_context
from nanguard.core.rows import rows_text

__all__ = ["LAYER_FIXES", "LayerFix", "apply_layer_context", "is_all_masked_softmax",
           "layer_fix"]


@dataclass(frozen=True)
class LayerFix:
    """What went wrong in a built-in layer, in the user's terms, and what to change."""

    problem: str  # one sentence: the data/argument condition that makes the layer fail
    fix: str  # the user-level remedy (data, layer arguments, a different layer)
    rows_words: str | None = None  # how to say the rows at fault: "are entirely masked"


_DIVISION = ("div_by_zero", "invalid_operation")
_NORM = ("div_by_zero", "invalid_operation", "domain_error", "grad_singularity", "overflow")

_EMPTY_SEQUENCES = LayerFix(
    problem=("Some sequences of the batch are entirely masked (empty documents): the "
             "masked average divides their sum, 0, by their number of unmasked steps, 0."),
    fix=("Drop the empty sequences from the data, or give each one at least one token "
         "that is not the mask value (e.g. an [EMPTY] id), or pool with a masked mean "
         "that guards the count (sum over steps / maximum(count, 1))."),
    rows_words="are entirely masked",
)
_ALL_MASKED_ATTENTION = LayerFix(
    problem=("A query of the batch has every key masked: its attention softmax has "
             "nothing to normalize over (0/0)."),
    fix=("Make sure every query can attend to at least one key: drop empty sequences, "
         "leave one position unmasked (e.g. a [CLS] token), or build the mask so a "
         "fully padded row attends to itself."),
    rows_words="have every key masked",
)

# The same data fault where no layer class is known (a JAX Linen module, a loss function):
# the -inf mask may hide every key of an attention query or every legal action of a state.
_ALL_MASKED_ROW = LayerFix(
    problem=("A row of the softmax's input is entirely -inf (every entry masked: every key "
             "of an attention query, every legal action of a state): it has nothing to "
             "normalize over (0/0)."),
    fix=("Make sure every row keeps at least one unmasked entry: drop empty sequences and "
         "states with no legal action, or leave one position unmasked (e.g. a [CLS] "
         "token); `nanguard.ops.masked_softmax(scores, mask)` gives such a row zeros "
         "instead of NaN."),
    rows_words="have every entry masked",
)


def _normalization(over: str, rows_words: str | None) -> LayerFix:
    return LayerFix(
        problem=(f"The normalized values are constant {over}, so their variance is 0 and "
                 "dividing by sqrt(variance + epsilon) with epsilon = 0 gives 0/0 or 1/0."),
        fix=("Keep the layer's epsilon > 0 (the default: 1e-3 in Keras, 1e-5 in PyTorch, "
             "1e-6 in Flax); "
             "remove constant features or rows from the data, or standardize them first."),
        rows_words=rows_words,
    )


_CONSTANT_FEATURES = _normalization(
    "over the batch for some feature", None)  # a feature's column, not a row, is at fault
_CONSTANT_ROWS = _normalization(
    "across the features of some rows", "are constant across the normalized features")

_ENTRIES: list[tuple[tuple[str, ...], tuple[str, ...], LayerFix]] = [
    (("GlobalAveragePooling1D",), _DIVISION, _EMPTY_SEQUENCES),
    (("MultiHeadAttention", "MultiheadAttention", "Attention", "AdditiveAttention",
      "GroupQueryAttention", "MultiHeadDotProductAttention"),
     _DIVISION + ("log_of_zero",), _ALL_MASKED_ATTENTION),
    (("BatchNormalization", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "BatchNorm"),
     _NORM, _CONSTANT_FEATURES),
    (("LayerNormalization", "LayerNorm", "GroupNormalization", "GroupNorm",
      "RMSNormalization", "RMSNorm", "UnitNormalization"),
     _NORM, _CONSTANT_ROWS),
]

#: ``(layer class, cause) -> LayerFix``: the user-level remedy per built-in layer.
LAYER_FIXES: dict[tuple[str, str], LayerFix] = {
    (cls, cause): fix for classes, causes, fix in _ENTRIES for cls in classes for cause in causes
}


def layer_fix(layer_class: str | None, cause: str) -> LayerFix | None:
    """The user-level remedy for ``cause`` inside built-in ``layer_class``, if known."""
    return LAYER_FIXES.get((layer_class or "", cause))


_SOFTMAX_KINDS = ("softmax", "log_softmax", "logsumexp")


def is_all_masked_softmax(origin: Any) -> bool:
    """A softmax (log_softmax, logsumexp) went NaN (-inf) because a slice of its input is
    entirely ``-inf``.

    Exact from the origin's statistics: with no NaN and no ``+inf`` in the input,
    a softmax output is NaN only where every entry of a slice is ``-inf`` (one
    finite entry makes the slice finite: ``exp(-inf - max) = 0``). That is a
    hand-written attention whose mask (``where(mask, scores, -inf)``) hides every
    key of a query: the same data fault as in a built-in attention layer, so it
    gets the same fix, whatever the layer is called.
    """
    if getattr(origin, "kind", None) not in _SOFTMAX_KINDS or not origin.inputs:
        return False
    first = origin.inputs[0] or {}
    out = origin.output or {}
    # In log space the row is -inf (log of the sum of its exps, 0) before it is NaN.
    bad_out = out.get("n_nan", 0) + (out.get("n_neginf", 0) if origin.kind != "softmax" else 0)
    return (first.get("n_neginf", 0) > 0 and not first.get("n_nan") and not first.get("n_posinf")
            and bad_out > 0)


def apply_layer_context(
    finding: Any,
    *,
    layer_class: str | None,
    builtin: bool,
    site: dict | None = None,
    framework_name: str = "Keras",
    batch_size: int | None = None,
) -> Any:
    """Rewrite ``finding`` (a ``core.incident.Finding``) for an origin inside a layer.

    Sets ``origin.layer_class``; when the layer is the framework's own
    (``builtin``) and the op has no user line, gives the line where the user
    created the layer (``site``: ``{file, line, function, code}``) or says it is
    unknown; replaces the op-level fix by the table's user-level remedy; says the
    rows at fault (``origin.rows``) in words.

    Returns:
        The same finding, changed in place.
    """
    origin = finding.origin
    # The all-masked softmax is a data fault whatever the layer, even with no known
    # class (a JAX Linen module, or a loss function outside any layer).
    if layer_class is None and not is_all_masked_softmax(origin):
        return finding
    # Kept for `nanguard locate`: the saved trace cannot tell the layer's class.
    note_layer_context(finding, layer_class=layer_class, builtin=builtin, site=site,
                       framework_name=framework_name, batch_size=batch_size)
    if layer_class is not None:
        origin.layer_class = layer_class
    sentences = []
    if builtin:
        where = f"{framework_name}'s built-in {layer_class} layer '{origin.layer}'"
        if origin.file is None and site and site.get("file"):
            origin.file, origin.line = site["file"], site.get("line")
            origin.function, origin.code = site.get("function"), site.get("code")
            sentences.append(f"The op runs inside {where}, created at "
                             f"{origin.file}:{origin.line}; no line of yours inside it "
                             "is wrong on its own.")
        elif origin.file is None:
            sentences.append(f"The op runs inside {where}; the line where that layer was "
                             "created is not known (the model was built before nanguard "
                             "could record it), so no line is given.")
        else:
            sentences.append(f"The op runs inside {where}.")
    remedy = layer_fix(layer_class, finding.cause) if builtin else None
    if remedy is None and is_all_masked_softmax(origin):
        remedy = _ALL_MASKED_ATTENTION if layer_class is not None else _ALL_MASKED_ROW
    if remedy is not None:
        sentences.append(remedy.problem)
    if origin.rows:
        words = (remedy.rows_words if remedy is not None and remedy.rows_words
                 else "give NaN/Inf at this op")
        sentences.append(rows_text(origin.rows, batch_size, words) + ".")
    if sentences:
        finding.explanation = (finding.explanation.rstrip() + " " + " ".join(sentences)).strip()
    if remedy is not None:
        finding.fix = remedy.fix
        if remedy is _ALL_MASKED_ATTENTION and not builtin:  # the user's own code: editable
            finding.fix += (" In your own layer, `nanguard.ops.masked_softmax(scores, mask)` "
                            "gives such a row zeros instead of NaN.")
    return finding
