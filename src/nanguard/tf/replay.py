"""Replay a captured Keras train step and localize its NaN/Inf (failure path only)."""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.incident import Finding
from nanguard.core.localize import localize_step


def _unflatten(batch: dict[str, np.ndarray], top: str) -> Any:
    items = {k: v for k, v in batch.items() if k == top or k.startswith(top + "/")}
    if not items:
        return None
    if top in items:
        return tf.convert_to_tensor(items[top])
    children: dict[str, dict] = {}
    for key, value in items.items():
        rest = key[len(top) + 1:]
        head = rest.split("/")[0]
        children.setdefault(head, {})[f"{top}/{rest}"] = value
    keys = sorted(children)
    built = {k: _unflatten(children[k], f"{top}/{k}") for k in keys}
    if all(k.isdigit() for k in keys):
        return [built[k] for k in sorted(keys, key=int)]
    return built


def _layer_names(model) -> set[str]:
    return {layer.name for layer in model._flatten_layers(include_self=True)}


def localize_batch(
    model,
    batch: dict,
    variables: dict | None = None,
    *,
    history: dict | None = None,
    trigger: str = "loss",
    training: bool = True,
) -> tuple[Finding | None, dict | None]:
    """Localize one step of ``model`` on ``batch``; returns ``(finding, trace)``.

    The replay (an op trace of forward and backward) runs only when the batch and
    the variables are finite; see ``nanguard.core.localize.localize_step``.
    ``training=False`` replays an evaluation step (inference mode: dropout off,
    BatchNormalization on its moving statistics).
    """

    kept: dict = {}

    def replay() -> dict:
        from nanguard.tf.trace import trace_computation

        x = _unflatten(batch, "x")
        y = _unflatten(batch, "y")
        sw = _unflatten(batch, "sample_weight")

        def compute():
            y_pred = model(x, training=training)
            loss = model.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw,
                                      training=training)
            return loss, list(model.trainable_variables)

        trace, values = trace_computation(compute, layer_names=_layer_names(model))
        kept.update(trace=trace, tensors=values["tensors"])
        return trace

    finding, trace = localize_step(batch, variables, replay, history=history, trigger=trigger,
                                   framework="tensorflow")
    if finding is not None and finding.origin.phase == "forward" and "tensors" in kept:
        finding.origin.rows = _rows_at_fault(kept["trace"], kept.pop("tensors"), batch)
    return finding, trace


def batch_size_of(batch: dict) -> int | None:
    """Rows of a captured batch: the leading size of its first feature array."""
    for name in sorted(batch):
        if name == "x" or name.startswith("x/"):
            shape = np.shape(batch[name])
            if shape:
                return int(shape[0])
    return None


def _rows_at_fault(trace: dict, tensors: dict, batch: dict) -> list[int] | None:
    """The batch rows where the forward origin op went non-finite (``core.rows``)."""
    from nanguard.core.rows import origin_rows

    def fetch(name: str):
        value = tensors[name]
        try:
            if value.dtype == tf.bfloat16:
                value = tf.cast(value, tf.float32)
            return value.numpy()
        except (AttributeError, TypeError, ValueError) as exc:  # not an eager dense tensor
            raise KeyError(name) from exc

    return origin_rows(trace, fetch, batch_size_of(batch))


def _iteration(optimizer, state: dict) -> int:
    """The optimizer's step count at the capture (its ``iterations`` variable), else now."""
    path = getattr(optimizer.iterations, "path", None)
    if path in state:
        return int(np.asarray(state[path]))
    for name, value in state.items():
        if name.rsplit("/", 1)[-1] in ("iteration", "iterations"):
            return int(np.asarray(value))
    return int(optimizer.iterations.numpy())


def localize_learning_rate(optimizer, state: dict) -> tuple[Finding | None, dict | None]:
    """Name the op and line of the learning-rate schedule that was non-finite at the step.

    ``state`` is the captured optimizer state; its iteration count is the step the
    schedule was evaluated at (a skipped step does not advance it).
    """
    from nanguard.core.localize import finding_from_trace
    from nanguard.tf.locate import learning_rate_fn
    from nanguard.tf.trace import trace_value

    optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # a LossScaleOptimizer's
    fn = learning_rate_fn(optimizer, _iteration(optimizer, state))
    if fn is None:
        return None, None
    trace = trace_value(fn)
    return finding_from_trace(trace, trigger="learning_rate"), trace


def localize_capture(model, cap: dict, *, history: dict | None = None) -> Finding | None:
    """Localize a capture made by ``nanguard.keras.Guard`` when it skipped a step.

    The model's variables already hold the pre-step values (a skipped step leaves
    them unchanged), so the replay runs the same computation on the same batch.
    """
    payload = cap["payload"]
    trigger = cap.get("trigger") or "loss"
    if trigger == "learning_rate":
        # Loss and gradients were finite; the schedule's value at this step was not.
        finding, trace = localize_learning_rate(model.optimizer, payload.get("optimizer") or {})
    else:
        finding, trace = localize_batch(model, payload["batch"], payload["variables"],
                                        history=history, trigger=trigger)
    if finding is None:
        return None
    finding.step = cap["step"]
    finding.epoch = cap.get("epoch")
    finding.batch = cap.get("batch")
    if history:
        finding.history = history
    finding.trace = trace  # type: ignore[attr-defined]  # saved beside the report
    return finding
