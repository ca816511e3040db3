"""Quarantine: the batches (or samples) that made the guard skip a step, in ``quarantine.json``.

A batch is quarantined when its step failed on its own (the steps around it were
healthy), or when the same batch failed again in a later epoch. Failures inside
a run of failures (weights broken by a bad update, fixed by a rollback) are not
the batch's fault and are not quarantined.

``LOGDIR/quarantine.json``::

    {"schema": "nanguard.quarantine/1",
     "batches": [{"batch": 3, "epochs": [0, 1], "steps": [3, 11],
                  "reason": "loss non-finite", "samples": [24, 25, ..., 31],
                  "samples_from": "batch", "rows": null}]}

``samples`` lists the dataset samples to drop, in one of two ways
(``samples_from``):

- ``"rows"``: exactly the samples at fault. The pipeline carried sample ids
  (:func:`nanguard.keras.with_sample_ids`) and the localizer named the batch rows
  where the origin op went non-finite (``rows``, positions in the batch); only
  those samples are listed, the rest of the batch is innocent.
- ``"batch"``: the whole batch, when only the input order is known (NumPy arrays
  fitted with ``shuffle=False`` and the ``batch_size`` given to ``Recovery``:
  batch ``b`` holds rows ``b*batch_size .. (b+1)*batch_size-1``).

It is ``null`` otherwise (shuffled arrays, pipelines without sample ids,
generators): the epoch, batch index and step are still recorded, but the
samples cannot be named.

Example:
    >>> x2, y2 = exclude_quarantined(x, y, "runs/a/quarantine.json")   # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core.io import atomic_write_json
from nanguard.errors import InvalidArgumentError

SCHEMA = "nanguard.quarantine/1"


class Quarantine:
    """The quarantined batches of one run, keyed by batch index within the epoch."""

    def __init__(
        self,
        path: Path | str | None = None,
        batch_size: int | None = None,
        n_samples: int | None = None,
    ):
        self.path = None if path is None else Path(path)
        self.batch_size = batch_size
        self.n_samples = n_samples
        self.entries: dict[int, dict] = {}

    def samples_of(self, batch: int) -> list[int] | None:
        if self.batch_size is None:
            return None
        start = batch * self.batch_size
        stop = start + self.batch_size
        if self.n_samples is not None:
            stop = min(stop, self.n_samples)
        return list(range(start, stop))

    def __contains__(self, batch: int) -> bool:
        return int(batch) in self.entries

    def all_samples(self) -> set[int]:
        """Dataset indices quarantined so far (batches without known samples add none)."""
        return {int(i) for e in self.entries.values() for i in e["samples"] or ()}

    def add(self, batch: int, epoch: int, step: int, reason: str, *,
            samples: list[int] | None = None, rows: list[int] | None = None) -> bool:
        """Record one failure of ``batch``; True when the batch is new to the list.

        Args:
            batch: the batch index within the epoch.
            epoch: the epoch of the failure.
            step: the global step of the failure.
            reason: e.g. ``"loss non-finite"``.
            samples: sample ids from the pipeline: with ``rows``, exactly the
                samples at fault (the finding named those batch rows); without,
                the samples of the whole batch. ``None``: the whole batch by
                position (``batch_size``), or unknown.
            rows: the batch rows at fault that ``samples`` were at.
        """
        batch = int(batch)
        entry = self.entries.get(batch)
        new = entry is None
        if new:
            whole = self.samples_of(batch)
            entry = self.entries[batch] = {
                "batch": batch,
                "epochs": [],
                "steps": [],
                "reason": reason,
                "samples": whole,
                "samples_from": None if whole is None else "batch",
                "rows": None,
            }
        if samples is not None:
            self._merge(entry, samples, rows)
        if int(step) not in entry["steps"]:
            entry["epochs"].append(int(epoch))
            entry["steps"].append(int(step))
        return new

    @staticmethod
    def _merge(entry: dict, samples: list[int], rows: list[int] | None) -> None:
        """Exact samples beat the whole batch; later failures add to the same kind.

        Under shuffling a batch index is no identity (epoch 2's batch 3 holds other
        samples), the sample ids are: every failure's samples are kept.
        """
        exact = rows is not None
        was_exact = entry.get("samples_from") == "rows"
        if was_exact and not exact:
            return  # the rows at fault are known; a whole batch would drop innocents
        known = entry["samples"] if (was_exact == exact and entry["samples"]) else []
        entry["samples"] = sorted({int(i) for i in known} | {int(i) for i in samples})
        entry["samples_from"] = "rows" if exact else "batch"
        if exact:
            entry["rows"] = sorted({int(r) for r in entry.get("rows") or []}
                                   | {int(r) for r in rows})

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "batch_size": self.batch_size,
            "samples_known": self.batch_size is not None or any(
                e.get("samples") is not None for e in self.entries.values()),
            "batches": [self.entries[k] for k in sorted(self.entries)],
        }

    def write(self) -> None:
        if self.path is not None:
            atomic_write_json(self.path, self.to_dict())


def samples_at_fault(ids: list[int] | None, rows: list[int] | None,
                     known: Any = None) -> tuple[list[int] | None, list[int] | None]:
    """``(sample ids, batch rows)`` to quarantine for a failed batch.

    ``ids`` are the batch's sample ids in row order (None: the pipeline gave none);
    ``rows`` the rows the finding names; ``known`` the samples quarantined so far.
    The rows at fault when they are known and within the batch; else the batch's
    known poisoned samples, when it holds any (a recurring sample whose failure was
    not localized again: the localizer's budget is per run); else the whole batch
    (rows None).

    Example:
        >>> samples_at_fault([40, 41, 42], [2, 9])
        ([42], [2])
        >>> samples_at_fault([40, 41, 42], None)
        ([40, 41, 42], None)
        >>> samples_at_fault(None, [1])
        (None, None)
        >>> samples_at_fault([7, 13, 2], None, known={13, 99})
        ([13], [1])
    """
    if ids is None:
        return None, None
    ids = [int(i) for i in ids]
    rows = [r for r in rows or () if 0 <= r < len(ids)]
    if not rows and known:
        rows = [r for r, i in enumerate(ids) if i in known]
    if rows:
        return [ids[r] for r in rows], rows
    return ids, None


def samples_text(samples: list[int] | None, limit: int = 8) -> str:
    """The quarantined samples in words: a range when contiguous, else the first few.

    Example:
        >>> samples_text([24, 25, 26, 27])
        'samples 24..27'
        >>> samples_text([7])
        'sample 7'
        >>> samples_text([3, 9, 12])
        'samples 3, 9, 12'
        >>> samples_text(list(range(0, 40, 2)))
        'samples 0, 2, 4, 6, 8, 10, 12, 14, ... (20)'
        >>> samples_text(None)
        'samples unknown'
    """
    if samples is None:
        return "samples unknown"
    samples = [int(s) for s in samples]
    if len(samples) == 1:
        return f"sample {samples[0]}"
    if len(samples) > 2 and samples == list(range(samples[0], samples[0] + len(samples))):
        return f"samples {samples[0]}..{samples[-1]}"
    head = ", ".join(str(s) for s in samples[:limit])
    return f"samples {head}" + (f", ... ({len(samples)})" if len(samples) > limit else "")


def describe_quarantine(step: int, batch: int, epoch: int, reason: str,
                        samples: list[int] | None, *, listed: bool = True) -> str:
    """The log line of a quarantined batch, the same in every adapter.

    Args:
        step: the global step that failed.
        batch: the batch index within the epoch.
        epoch: the epoch of the failure.
        reason: why (e.g. ``"loss non-finite"``).
        samples: the quarantine entry's sample ids (``Quarantine.entries[b]["samples"]``),
            or ``None`` when they cannot be named.
        listed: the quarantine is written to a ``quarantine.json`` (a run with a logdir).

    Example:
        >>> describe_quarantine(12, 3, 0, "loss non-finite", [24, 25, 26, 27])
        'step 12: quarantined batch 3 of epoch 0 (loss non-finite; samples 24..27); listed in quarantine.json'
        >>> describe_quarantine(5, 1, 2, "gradients non-finite", None, listed=False)
        'step 5: quarantined batch 1 of epoch 2 (gradients non-finite; samples unknown)'
    """  # noqa: E501
    line = (f"step {int(step)}: quarantined batch {int(batch)} of epoch {int(epoch)} "
            f"({reason}; {samples_text(samples)})")
    return line + ("; listed in quarantine.json" if listed else "")


def load_quarantine(path: Path | str) -> dict:
    """Read ``quarantine.json``; raise ``InvalidArgumentError`` when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InvalidArgumentError(
            "quarantine_path",
            str(path),
            "a readable nanguard quarantine.json",
            hint=f"({exc})",
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InvalidArgumentError(
            "quarantine_path", str(path), f"a quarantine file with schema {SCHEMA!r}"
        )
    return data


def quarantined_samples(path: Path | str) -> list[int]:
    """Sorted dataset rows listed in ``quarantine.json`` (batches without rows are ignored)."""
    data = load_quarantine(path)
    rows: set[int] = set()
    for entry in data.get("batches", []):
        rows.update(int(i) for i in entry.get("samples") or [])
    return sorted(rows)


def exclude_quarantined(
    x: Any, y: Any = None, quarantine_path: Path | str = "", sample_weight: Any = None
):
    """Drop the quarantined rows from NumPy arrays before a re-run.

    Args:
        x: array (or list/dict of arrays) of features, rows first.
        y: labels, or ``None``.
        quarantine_path: the run's ``quarantine.json``.
        sample_weight: optional per-row weights, dropped alike.

    Returns:
        ``(x, y)`` (and ``sample_weight`` when given) without the quarantined rows.
        Entries with exact samples (``samples_from: "rows"``) drop just those
        rows; batches recorded without sample indices (unknown input order) are
        not dropped: re-run those with ``shuffle=False`` or with
        :func:`nanguard.keras.with_sample_ids` to name their rows.

    Example:
        >>> x2, y2 = exclude_quarantined(x, y, "runs/a/quarantine.json")   # doctest: +SKIP
    """
    rows = quarantined_samples(quarantine_path)

    def drop(a):
        if a is None:
            return None
        if isinstance(a, dict):
            return {k: drop(v) for k, v in a.items()}
        if isinstance(a, (list, tuple)):
            return type(a)(drop(v) for v in a)
        a = np.asarray(a)
        keep = np.ones(len(a), bool)
        keep[[r for r in rows if r < len(a)]] = False
        return a[keep]

    if sample_weight is not None:
        return drop(x), drop(y), drop(sample_weight)
    return drop(x), drop(y)
