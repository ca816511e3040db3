"""Which rows of the batch a forward origin went wrong on (framework-free, NumPy).

A NaN born inside a built-in layer is usually the data's fault, row by row: an
empty document in a masked average, a constant row in a layer normalization.
Naming those rows lets the user look at the samples and lets quarantine drop
exactly them. The origin op's output is non-finite exactly where the op failed
(0/0, rsqrt(0), log(0)...), so its bad entries, reduced over every axis but the
batch axis, are the rows at fault.

Example:
    >>> import numpy as np
    >>> out = np.ones((4, 3)); out[1, 0] = np.nan; out[3] = np.inf
    >>> bad_rows(out, batch_size=4)
    [1, 3]
    >>> rows_text([1, 3], 4, "hold NaN/Inf")
    '2 of the 4 rows of the batch hold NaN/Inf (rows 1 and 3)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["bad_rows", "origin_rows", "rows_text"]

_MAX_NAMED = 8


def bad_rows(array: Any, batch_size: int) -> list[int] | None:
    """Rows (first axis) of ``array`` holding NaN/Inf; ``None`` if it has no batch axis."""
    a = np.asarray(array)
    if a.ndim == 0 or a.shape[0] != batch_size or a.dtype.kind not in "fc":
        return None
    bad = ~np.isfinite(a.reshape(a.shape[0], -1))
    return [int(r) for r in np.nonzero(bad.any(axis=1))[0]]


def origin_rows(trace: dict, fetch: Callable[[str], Any], batch_size: int | None
                ) -> list[int] | None:
    """The batch rows where the trace's forward origin op produced NaN/Inf.

    Args:
        trace: a ``nanguard.trace/2`` trace (``nanguard.core.localize``).
        fetch: ``fetch(tensor_name) -> array`` for the trace's tensors, or raises
            ``KeyError``.
        batch_size: the number of rows of the batch, or ``None`` when unknown.

    Returns:
        Sorted row indices, or ``None`` when the origin is not a forward op or
        its output has no batch axis (e.g. BatchNormalization's per-feature
        variance: no single row is at fault).
    """
    from nanguard.core.localize import find_origin

    if not batch_size:
        return None
    node = find_origin(trace)
    if node is None or node.get("phase") != "forward":
        return None
    rows: set[int] = set()
    found = False
    for name in node.get("outputs", ()):
        try:
            value = fetch(name)
        except KeyError:
            continue
        got = bad_rows(value, batch_size)
        if got is not None:
            found = True
            rows.update(got)
    return sorted(rows) if found and rows else None


def rows_text(rows: list[int], batch_size: int | None, what: str) -> str:
    """``"2 of the 16 rows of the batch <what> (rows 6 and 11)"`` (long lists shortened)."""
    n = len(rows)
    named = [str(r) for r in rows[:_MAX_NAMED]]
    if n == 1:
        listed = f"row {named[0]}"
    elif n <= _MAX_NAMED:
        listed = f"rows {', '.join(named[:-1])} and {named[-1]}"
    else:
        listed = f"rows {', '.join(named)}, ..."
    of = f" of the {batch_size}" if batch_size else ""
    noun = "rows" if n > 1 or batch_size else "row"
    if n == 1:  # "1 of the 16 rows of the batch is ...": the verb follows the one
        head, _, rest = what.partition(" ")
        what = " ".join(p for p in (_SINGULAR.get(head, head), rest) if p)
    return f"{n}{of} {noun} of the batch {what} ({listed})"


_SINGULAR = {"are": "is", "have": "has", "hold": "holds", "give": "gives"}
