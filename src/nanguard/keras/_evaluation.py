"""Localize a non-finite validation result of ``fit`` (failure path only).

Evaluation applies no update, so the Guard never skips anything there; but a
``val_loss: nan`` deserves the same answer as a training NaN: which op, which
layer, which rows. Keras keeps the validation data of ``fit`` in the model's
cached evaluation iterator; this module walks a fresh pass over its batches,
finds the first whose loss or predictions are non-finite, and replays it with
the training localizer. Run once per new set of non-finite metrics, never on a
healthy evaluation.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from nanguard.core.incident import Finding

__all__ = ["localize_evaluation"]

_MAX_BATCHES = 1000


def _flat(prefix: str, value: Any) -> dict[str, np.ndarray] | None:
    if value is None:
        return {}
    if isinstance(value, (list, tuple)):
        out: dict = {}
        for i, v in enumerate(value):
            part = _flat(f"{prefix}/{i}", v)
            if part is None:
                return None
            out.update(part)
        return out
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            part = _flat(f"{prefix}/{k}", v)
            if part is None:
                return None
            out.update(part)
        return out
    try:
        return {prefix: np.asarray(value)}
    except (TypeError, ValueError):
        return None


def _finite(value: Any) -> bool:
    return all(np.isfinite(np.asarray(v, dtype=np.float64)).all()
               for v in keras.tree.flatten(value))


def localize_evaluation(model) -> tuple[Finding | None, int | None]:
    """``(finding, batch index)`` of the first non-finite validation batch of ``fit``.

    ``(None, None)`` when the validation data is not reachable (``evaluate``
    called directly, or no cached iterator) or every batch is finite now.
    """
    from nanguard.keras._layer_sites import describe_layer
    from nanguard.tf.replay import batch_size_of, localize_batch

    it = getattr(model, "_eval_epoch_iterator", None)
    adapter = getattr(it, "data_adapter", None)
    if adapter is None:
        return None, None
    for index, data in enumerate(adapter.get_numpy_iterator()):
        if index >= _MAX_BATCHES:
            break
        x, y, sw = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = model(x, training=False)
        loss = model.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw, training=False)
        if _finite(loss) and _finite(y_pred):
            continue
        batch = {}
        for name, value in (("x", x), ("y", y), ("sample_weight", sw)):
            part = _flat(name, value) if isinstance(value, (list, tuple, dict)) else \
                ({} if value is None else {name: np.asarray(value)})
            if part is None:
                return None, index
            batch.update(part)
        variables = {v.path: np.asarray(v.numpy()) for v in model.weights}
        finding, _ = localize_batch(model, batch, variables)
        if finding is None:
            return None, index
        finding.action = "reported"
        finding.batch = index
        return describe_layer(finding, model, batch_size_of(batch)), index
    return None, None
