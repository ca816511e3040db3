"""Sample ids through a ``tf.data`` pipeline, so quarantine can drop single rows.

A finding inside the model names the *batch rows* at fault (``origin.rows``), but
a shuffled ``tf.data`` pipeline forgets where a row came from. To quarantine the
samples themselves, each element must carry its id from the source to the train
step. :func:`with_sample_ids` numbers the elements of a per-sample dataset
(before ``shuffle`` and ``batch``) and wraps each one in a dict with reserved
keys, so the numbering survives shuffling, batching and prefetching::

    {"nanguard_data": element, "nanguard_sample_id": id}

The guard's train step (``nanguard.keras.Guard``) takes the dict apart before
Keras sees the data: the model gets ``element`` unchanged, the ids go with the
captured batch of a skipped step, and rows whose id is excluded are dropped from
the batch. The wrapper is deliberately not a Keras data format: fitting it
without the Guard fails at once instead of silently reading the ids as
``y`` or sample weights.

Example:
    >>> ds = tf.data.Dataset.from_tensor_slices((x, y))
    >>> ds = nanguard.keras.with_sample_ids(ds).shuffle(1024).batch(32)   # doctest: +SKIP
    >>> model.fit(ds, callbacks=[nanguard.keras.Guard(recovery=nanguard.keras.Recovery())])
    ... # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.origin_context import add_note
from nanguard.errors import InvalidArgumentError

__all__ = [
    "DATA_KEY",
    "ID_KEY",
    "SampleExclusion",
    "locate_samples",
    "name_samples",
    "sample_ids_at_fault",
    "split_sample_ids",
    "with_sample_ids",
]

DATA_KEY = "nanguard_data"
ID_KEY = "nanguard_sample_id"


def with_sample_ids(dataset: Any, *, start: int = 0, exclude: str | Path | None = None) -> Any:
    """Number the samples of a per-sample ``tf.data.Dataset`` for row-level quarantine.

    Apply it to the dataset of single samples, after per-sample preprocessing and
    before ``shuffle``/``batch``: a sample's id is its position in ``dataset``
    (plus ``start``), which for ``Dataset.from_tensor_slices((x, y))`` is its row
    in ``x``, the index :func:`nanguard.keras.exclude_quarantined` drops.

    Args:
        dataset: a ``tf.data.Dataset`` yielding ``x``, ``(x, y)`` or
            ``(x, y, sample_weight)`` for one sample.
        start: the id of the first sample.
        exclude: a ``quarantine.json`` of an earlier run: its samples are
            filtered out here (a re-run without the rows at fault).

    Returns:
        A dataset of ``{"nanguard_data": element, "nanguard_sample_id": id}``, to be
        shuffled, batched and given to ``fit`` with a ``nanguard.keras.Guard``.

    Raises:
        InvalidArgumentError: ``dataset`` is not a ``tf.data.Dataset``, it is already
            batched into ids, or ``start`` is not an int >= 0.
    """
    if not isinstance(dataset, tf.data.Dataset):
        raise InvalidArgumentError(
            "dataset", type(dataset).__name__, "a tf.data.Dataset of single samples",
            hint="Wrap arrays with tf.data.Dataset.from_tensor_slices((x, y)) first.",
        )
    spec = dataset.element_spec
    if isinstance(spec, dict) and ID_KEY in spec:
        raise InvalidArgumentError(
            "dataset", "a dataset that already carries sample ids",
            "a dataset without nanguard sample ids (call with_sample_ids once)",
        )
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or start < 0:
        raise InvalidArgumentError("start", start, "an int >= 0")
    tagged = dataset.enumerate(int(start)).map(
        lambda i, element: {DATA_KEY: element, ID_KEY: tf.cast(i, tf.int64)}
    )
    if exclude is not None:
        from nanguard.core.quarantine import quarantined_samples

        drop = tf.constant(quarantined_samples(exclude), tf.int64)
        tagged = tagged.filter(lambda e: tf.logical_not(tf.reduce_any(tf.equal(e[ID_KEY], drop))))
    return tagged


def split_sample_ids(data: Any) -> tuple[Any, Any]:
    """``(element, ids)`` from a :func:`with_sample_ids` batch, else ``(data, None)``."""
    if isinstance(data, dict) and set(data) == {DATA_KEY, ID_KEY}:
        inner = data[DATA_KEY]
        if isinstance(inner, list):
            inner = tuple(inner)
        return inner, data[ID_KEY]
    return data, None


class SampleExclusion:
    """The sample ids the train step drops from every batch (a host-written variable).

    One int64 vector of ids, read by the guarded train step only when the data
    carries sample ids; the host adds to it when quarantine names samples.
    """

    def __init__(self):
        self.variable = tf.Variable(
            tf.zeros([0], tf.int64), shape=tf.TensorShape([None]), trainable=False,
            name="nanguard_excluded_samples",
        )
        self.ids: list[int] = []

    def add(self, ids) -> list[int]:
        """Exclude ``ids`` from later batches; returns the ones that were new."""
        new = sorted({int(i) for i in ids} - set(self.ids))
        if new:
            self.ids = sorted(set(self.ids) | set(new))
            self.variable.assign(tf.constant(self.ids, tf.int64))
        return new

    def drop(self, data: Any, ids: Any) -> tuple[Any, Any]:
        """Traced into the train step: ``data`` and ``ids`` without the excluded rows."""
        excluded = tf.convert_to_tensor(self.variable)
        ids = tf.reshape(ids, [-1])
        hit = tf.equal(tf.expand_dims(ids, 1), tf.expand_dims(tf.cast(excluded, ids.dtype), 0))
        keep = tf.logical_not(tf.reduce_any(hit, axis=1))

        def mask(t):
            if t is None or not tf.is_tensor(t) or t.shape.rank == 0:
                return t
            return tf.boolean_mask(t, keep)

        return tf.nest.map_structure(mask, data), tf.boolean_mask(ids, keep)


def sample_ids_at_fault(rows: list[int] | None, batch_arrays: dict) -> list[int] | None:
    """The sample ids of a captured batch's rows at fault (``None`` when not known)."""
    ids = batch_arrays.get("sample_ids")
    if rows is None or ids is None:
        return None
    ids = np.asarray(ids).reshape(-1)
    if any(r < 0 or r >= ids.shape[0] for r in rows):
        return None
    return sorted({int(ids[r]) for r in rows})


def name_samples(finding: Any, batch_arrays: dict) -> list[int] | None:
    """Sample ids at fault for a finding on a captured batch; said in its explanation."""
    rows = None if finding is None else finding.origin.rows
    ids = sample_ids_at_fault(rows, batch_arrays)
    if ids:
        listed = ", ".join(str(i) for i in ids[:8]) + (", ..." if len(ids) > 8 else "")
        noun = "id" if len(ids) == 1 else "ids"
        add_note(finding, f"Sample {noun} in the dataset: {listed}.")  # kept for offline
    return ids


def locate_samples(model: Any, parts: list[dict]) -> tuple[list[int], list[int]] | None:
    """``(sample ids, rows)`` at fault in a kept failed batch, by replaying it now.

    For a failed step the pipeline did not localize (e.g. the second of a streak):
    the rows where the forward origin goes non-finite on this batch. Failure path
    only (one replay per quarantined batch); ``parts`` is the batch per replica.
    """
    from nanguard.tf.replay import localize_batch

    if not parts or "sample_ids" not in parts[0]:
        return None
    batch = {k: (np.concatenate([p[k] for p in parts]) if np.ndim(v) else v)
             for k, v in parts[0].items()}
    variables = {v.path: np.asarray(v.numpy()) for v in model.weights}
    finding, _ = localize_batch(model, batch, variables)
    rows = None if finding is None else finding.origin.rows
    ids = sample_ids_at_fault(rows, batch)
    return (ids, list(rows)) if ids else None
