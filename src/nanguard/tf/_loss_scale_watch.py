"""Tell a NaN the loss scale cannot fix from a float16 overflow it fixes, in the graph.

Why a module of its own: under a ``LossScaleOptimizer`` the guard leaves a step
with non-finite gradients from a finite loss to the loss scale (it halves the
scale and skips the update). That is right for an overflow, and wrong for a
genuine NaN (``sqrt'(0) = inf``, times 0): the scale then falls at every step
until it reaches 1 (15 silent steps from 2^15), and only then does the guard
see a failure. This module counts the scale's falls since it last grew and says
when to ask the host, which replays the step at scale 1: a step still
non-finite there is no overflow. A real overflow is usually gone after one or
two halvings, so a healthy run never pays a replay; a long fall of a real
overflow (an initial scale of 2^30) pays a few (at ``after``, ``2 * after``,
``4 * after``... falls), never one per step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

from nanguard.core import policy
from nanguard.core.loss_scale import LOSS_SCALE_LOOK_AFTER

__all__ = ["CHECK_FIELDS", "LOSS_SCALE_CHECK_AFTER", "ask_host", "call_host", "count_falls",
           "is_overflow"]

#: The head of the arguments the check hook receives, before the captured tensors.
CHECK_FIELDS = ("step", "scale_falls", "loss_scale", "loss", "grad_norm", "replica",
                "learning_rate")

#: Falls of the loss scale since it last grew before the host is first asked: the
#: shared rule's number (``nanguard.core.loss_scale``; torch counts on the host with
#: ``LossScaleFalls``, the graph here counts in a variable with the same schedule).
LOSS_SCALE_CHECK_AFTER = LOSS_SCALE_LOOK_AFTER


def is_overflow(trigger: Any, loss_scale: Any, state_ok: Any = None) -> Any:
    """Bool: a step to leave to the loss scale (non-finite gradients, scale above 1).

    A finite loss with non-finite gradients while the scale is above 1 is what an
    float16 overflow looks like; at scale 1 or below, halving cannot be the fix.
    ``state_ok`` False (a non-finite weight or slot) is no overflow either.
    """
    overflow = tf.logical_and(tf.equal(trigger, int(policy.Trigger.GRADIENTS)),
                              tf.greater(tf.cast(loss_scale, tf.float32), 1.0))
    if state_ok is not None:
        overflow = tf.logical_and(overflow, state_ok)
    return overflow


def count_falls(var: tf.Variable, scale: Any, overflow: Any, after: int) -> tuple[Any, Any]:
    """Advance the fall count in ``var``; ``(ask the host in this step, falls)``.

    Args:
        var: float64 ``[falls since the scale last grew, the scale the last step saw]``.
        scale: this step's loss scale (before the optimizer halves it).
        overflow: bool: this step is left to the loss scale as an overflow.
        after: falls before the first question (then twice, four times... as many).

    One read and one write of ``var`` per step. A scale above the one the last
    step saw has grown (the optimizer's growth, a rollback): the count restarts.
    """
    watch = var.value()
    scale64 = tf.cast(scale, tf.float64)
    falls = tf.where(tf.greater(scale64, watch[1]), tf.constant(0.0, tf.float64), watch[0])
    falls = falls + tf.cast(overflow, tf.float64)
    var.assign(tf.stack([falls, scale64]))
    n = tf.cast(falls, tf.int64)
    times = n // after
    due = tf.logical_and(tf.equal(n % after, 0), tf.greater(times, 0))
    # times is a power of two: times & (times - 1) == 0
    due = tf.logical_and(due, tf.equal(tf.bitwise.bitwise_and(times, times - 1), 0))
    return tf.logical_and(overflow, due), falls


def call_host(out: Any, hook: Callable[..., Any], capture_inputs: Callable | None,
              ctx: Any) -> None:
    """Call ``hook(layout, *head, *captured)`` as a ``tf.py_function`` (trace it in a branch).

    ``out``: the step's ``StepOutcome``; ``head`` is its :data:`CHECK_FIELDS`, with
    ``replica`` from the replica context ``ctx``.
    """
    extra, layout = capture_inputs() if capture_inputs else ([], None)
    replica = (tf.cast(ctx.replica_id_in_sync_group, tf.int64) if ctx is not None
               else tf.constant(0, tf.int64))
    head = [dict(out._asdict(), replica=replica)[name] for name in CHECK_FIELDS]
    tf.py_function(lambda *args: hook(layout, *args), head + list(extra), Tout=tf.int64)


def ask_host(out: Any, hook: Callable[..., Any], capture_inputs: Callable | None,
             ctx: Any) -> None:
    """:func:`call_host` under a conditional of its own (``out.loss_scale_check``).

    Only where the guarded step cannot call the optimizer from its failure branch
    (a strategy without merge-free calls); elsewhere the check runs in that branch,
    so a healthy step pays no extra conditional.
    """

    def ring():
        call_host(out, hook, capture_inputs, ctx)
        return tf.constant(True)

    tf.cond(out.loss_scale_check, ring, lambda: tf.constant(False))
