"""The contract between a guard (any framework) and a recovery plug-in.

A guard skips bad updates; a recovery plug-in decides what to do when skipping is
not enough (roll back, back off, quarantine, stop). The two meet here and nowhere
else: the guard hands the plug-in a :class:`RecoveryContext`, a narrow view of
the run (where it is, how to skip, log and stop, and the detector state to save
and restore with a snapshot), and calls the :class:`RecoveryHooks` at fixed
points of its lifecycle. Neither side reads the other's private fields, so a
PyTorch or JAX guard can drive the same recovery rules by building its own
context.

Lifecycle, as the Keras ``Guard`` calls it::

    Guard(recovery=r)          -> r.validate(logdir)            fail before training
    fit() starts               -> r.attach(ctx, model)           first snapshot
    each batch end             -> r.on_batch_end(ctx, events)    snapshot / rollback / stop
    max_consecutive_skips hit  -> r.on_persistent_failure(ctx, events) -> rolled back?
    fit() ends                 -> r.on_train_end(ctx)

``events`` are the skip events read since the last call, oldest first, each a
dict ``{"step", "trigger", "loss", "grad_norm", "consecutive", "epoch"}`` plus,
when the localizer named it, ``"cause"`` (e.g. ``"nonfinite_input"``).

Example:
    >>> def run_hooks(recovery: RecoveryHooks, ctx: RecoveryContext) -> None:
    ...     recovery.on_batch_end(ctx, [])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn, Protocol, runtime_checkable

__all__ = ["RecoveryContext", "RecoveryHooks"]


@runtime_checkable
class RecoveryContext(Protocol):
    """What a recovery plug-in may see and do; built by the guard adapter.

    Attributes:
        steps_done: training steps executed so far (also the index of the next step).
        epoch: the current epoch.
        batch: index, within the epoch, of the first step of the last execution
            (with ``steps_per_execution > 1`` one batch end covers several steps).
        steps_in_call: how many steps the last execution ran (>= 1).
        logdir: the run's folder, or ``None`` (everything in memory).
    """

    steps_done: int
    epoch: int
    batch: int
    steps_in_call: int
    logdir: Path | None

    def skip_next(self, n: int) -> None:
        """Apply none of the next ``n`` updates (the batches are still consumed)."""

    def log(
        self,
        kind: str | None,
        step: int,
        message: str,
        *,
        style: str = "yellow",
        counter: str | None = None,
        **fields: Any,
    ) -> None:
        """Print ``message`` (when verbose); with a ``kind``, add it to the run log.

        ``counter`` names a ``run.json`` counter increased by one.
        """

    def stop(self, message: str, step: int) -> NoReturn:
        """End the run as stopped: log ``message``, close the run log, raise
        :class:`nanguard.errors.NonFiniteError` (``what="recovery"``)."""

    def guard_state(self) -> dict[str, Any]:
        """The guard's decision state as host arrays (spike window, counters)."""

    def restore_guard_state(self, state: dict[str, Any]) -> None:
        """Put back a :meth:`guard_state` taken with a snapshot."""

    def healthy(self) -> bool:
        """True when the last step's update was applied."""

    def events_pending(self) -> bool:
        """True when skip events happened that the guard has not handed over yet."""


@runtime_checkable
class RecoveryHooks(Protocol):
    """What a guard calls on its recovery plug-in (``Guard(recovery=...)``)."""

    def validate(self, logdir: Path | None) -> None:
        """At guard construction: raise ``InvalidArgumentError`` on a bad set-up."""

    def attach(self, ctx: RecoveryContext, model: Any) -> None:
        """At the start of training, after the guard is installed."""

    def on_batch_end(self, ctx: RecoveryContext, events: list[dict]) -> None:
        """After every execution, with the skip events read since the last call."""

    def on_persistent_failure(self, ctx: RecoveryContext, events: list[dict]) -> bool:
        """The guard reached ``max_consecutive_skips``: True when recovery acted
        (the guard then keeps training), False to let the guard stop."""

    def on_train_end(self, ctx: RecoveryContext) -> None:
        """At the end of training (also after a stop)."""
