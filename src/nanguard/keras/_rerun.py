"""Replay a failed batch from a snapshot, without touching the model (Keras glue).

``nanguard.keras.Recovery`` asks, before a rollback counts, whether the batch
that failed also fails from the snapshot it is about to restore
(:mod:`nanguard.core.rerun_policy` reads the answers). The replay is one forward
and backward pass through ``Model.stateless_call`` and
``Model.stateless_compute_loss`` with the snapshot's arrays as the variable
values: no variable is assigned (weights, BatchNorm statistics, the dropout RNG
state and the metrics stay as they are), so when the batch turns out to be at
fault the run goes on from where it was, as if that batch had only been skipped.
The replayed loss and gradient norm are judged by the guard's own decision
(:func:`nanguard.core.policy.decide`) against the detector state saved with the
snapshot, so a spike is replayed too: it fails again only if it is a spike from
the snapshot's world as well.

The batch arrays come from the guard's skip path: with recovery attached, the
Keras ``Guard`` hands each skipped step's batch (per replica) to the recovery
context (``KerasRecoveryContext.keep_batch``).

Limits: the replay runs the model's forward and its compiled loss (a custom
``train_step`` computing another loss is replayed through the compiled one), in
float32 for what the model computes in float32 (a loss-scale overflow of mixed
precision is not a failure here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.recovery_contract import RecoveryContext
from nanguard.core.rerun_policy import Diagnosis, Replay, replay_all, rerun_event
from nanguard.tf.replay import _unflatten

__all__ = ["log_diagnosis", "replay", "rerun"]


def replay(model: Any, batch: dict[str, np.ndarray],
           values: dict[int, np.ndarray]) -> tuple[float, float]:
    """Forward + backward of ``batch`` with variable values ``values``; no update.

    Args:
        model: the compiled Keras model.
        batch: ``{"x": ..., "y": ..., "sample_weight": ...}`` as the guard captured it
            (nested names like ``x/name``).
        values: ``{id(variable): array}``; variables missing from it keep their value.

    Returns:
        ``(loss, sum of squares of every gradient entry)``, as the guard reads a step.
    """

    def value(v):
        a = values.get(id(v))
        return tf.convert_to_tensor(v.value if a is None else a, dtype=v.dtype)

    trainable = [value(v) for v in model.trainable_variables]
    non_trainable = [value(v) for v in model.non_trainable_variables]
    metrics = [tf.convert_to_tensor(v.value) for v in model.metrics_variables]
    x = _unflatten(batch, "x")
    y = _unflatten(batch, "y")
    sw = _unflatten(batch, "sample_weight")
    with tf.GradientTape() as tape:
        tape.watch(trainable)
        y_pred, _ = model.stateless_call(trainable, non_trainable, x, training=True)
        loss, _ = model.stateless_compute_loss(
            trainable, non_trainable, metrics, x=x, y=y, y_pred=y_pred, sample_weight=sw,
            training=True,
        )
    grads = [g for g in tape.gradient(loss, trainable) if g is not None]
    sumsq = tf.add_n([tf.reduce_sum(tf.square(tf.cast(tf.convert_to_tensor(g), tf.float32)))
                      for g in grads]) if grads else tf.zeros((), tf.float32)
    return float(tf.cast(loss, tf.float32).numpy()), float(sumsq.numpy())


def rerun(model: Any, steps: tuple[int, ...], batches: dict[int, list[dict]],
          values: dict[int, np.ndarray], fails: Callable[[float, float], bool],
          sum_across_workers=None) -> tuple[Replay, ...]:
    """Replay each failed step's batch (every replica slice) from ``values``.

    ``fails(loss, sumsq)`` judges one slice (the guard's decision from the
    snapshot, :func:`nanguard.core.rerun_policy.would_skip`). A step fails again
    when any slice fails (the update needs every slice); one with no batch kept
    is undiagnosed. The loop, the error policy and the agreement across workers
    (``sum_across_workers`` under MultiWorkerMirroredStrategy) are the engine's:
    :func:`nanguard.core.rerun_policy.replay_all`.
    """

    def attempt(step: int) -> bool | None:
        slices = batches.get(step) or []
        if not slices:
            return None
        return any(fails(*replay(model, b, values)) for b in slices)

    return replay_all(steps, attempt, sum_across_workers)


def log_diagnosis(ctx: RecoveryContext, step: int, snapshot: int, replayed: tuple[int, ...],
                  d: Diagnosis) -> dict:
    """Say the verdict (console line, ``rerun`` run-log event, ``reruns`` counter); its record."""
    event = rerun_event(step, snapshot, replayed, d)
    ctx.log("rerun", event.step, event.text, counter="reruns", **event.fields)
    return event.record
