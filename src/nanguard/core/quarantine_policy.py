"""Quarantine policy: is a failed step the batch's fault or the training state's?

Pure decision logic over small state, like :mod:`nanguard.core.recovery_policy`:
``classify(state, observation) -> (Verdicts, QuarantineState)`` has no side
effects and imports no ML framework. The recovery plug-in of every adapter calls
it at each batch end with the newly read non-finite skips; only the failures it
calls ``state`` or ``suspect`` may count towards a rollback.

Why the next step tells: a skipped step leaves every variable bitwise unchanged,
so the step after a run of failures runs from the very state the failed steps
saw. If that step passes, the state was fine and each failed batch was at fault.

Rules, in order, for each failed (non-finite) step ``s`` of batch ``b``:

0. **Not the data.** The guard's trigger was the learning rate or another optimizer
   hyperparameter (the adapters' reason ``"<trigger> non-finite"``): the loss and
   gradients were finite, so no batch is at fault, even a quarantined one and even
   when the next step passes: ``state``, at once.
1. **Known poison.** ``b`` was quarantined before (the same batch index failed in
   an earlier epoch, input order assumed fixed): ``poison``, at once.
2. **Named cause.** The localizer named a batch cause (``nonfinite_input``):
   ``batch``, at once. It named a state cause (``nonfinite_weights``,
   ``nonfinite_optimizer_state``, ``divergence``): ``state``, at once.
3. **Runs.** Otherwise ``s`` is ``suspect`` at once (it counts towards a
   rollback now: a run that never ends must not wait) and waits for the end of
   its run of consecutive failures (non-finite or spike). When the step after the
   run passes, the state was fine all along: every waiting failure of the run
   turns ``batch`` (the adapter takes it off the rollback count). Two bad batches
   in a row are two bad batches, not broken weights.
4. **After a rollback** the neighbours of earlier steps mean nothing (the state
   changed): waiting failures are dropped and the memory of failed steps is
   cleared (:func:`after_rollback`).

``batch`` and ``poison`` failures are quarantined (when their batch index is
known) and never count towards a rollback; ``state`` and ``suspect`` ones do
(a ``suspect`` one until it turns ``batch``).

Example:
    >>> s = QuarantineState()
    >>> v, s = classify(s, Observation(steps_done=4, failures=(Failure(3, batch=3),)))
    >>> [f.step for f in v.suspect], v.batch      # step 4 not seen yet: suspect
    ([3], ())
    >>> v, s = classify(s, Observation(steps_done=5))
    >>> [f.step for f in v.batch]                 # step 4 passed: the batch
    [3]
"""

from __future__ import annotations

from typing import NamedTuple

from nanguard.core.policy import OPTIMIZER_TRIGGERS

__all__ = [
    "BATCH_CAUSES",
    "STATE_CAUSES",
    "STATE_TRIGGERS",
    "BatchIndex",
    "Failure",
    "Observation",
    "QuarantineState",
    "Verdicts",
    "after_rollback",
    "classify",
]

BATCH_CAUSES = frozenset({"nonfinite_input"})
STATE_CAUSES = frozenset({"nonfinite_weights", "nonfinite_optimizer_state", "divergence"})
#: Guard triggers that say the optimizer, not the batch, made the update non-finite.
STATE_TRIGGERS = OPTIMIZER_TRIGGERS
_MEMORY = 256  # failed steps remembered for the neighbour test (only s-1 and s+1 matter)


class Failure(NamedTuple):
    """One non-finite skip, as the adapter read it."""

    step: int
    epoch: int = 0
    batch: int | None = None  # index within the epoch, None when unknown
    reason: str = "non-finite"
    cause: str | None = None  # localized cause, when known


class Observation(NamedTuple):
    """What the adapter saw at one batch end.

    Attributes:
        steps_done: steps executed so far (step ``steps_done - 1`` is the newest).
        failures: newly read non-finite skips.
        spikes: steps of newly read spike skips (they are neighbours too).
        complete: every skip up to ``steps_done - 1`` has been read (with XLA the
            guard reads its events only every few steps: then nothing resolves).
    """

    steps_done: int
    failures: tuple[Failure, ...] = ()
    spikes: tuple[int, ...] = ()
    complete: bool = True


class QuarantineState(NamedTuple):
    failed: frozenset[int] = frozenset()  # recent failed steps (non-finite or spike)
    pending: tuple[Failure, ...] = ()  # failures waiting for their next step
    poison: frozenset[int] = frozenset()  # batch indices quarantined so far


class Verdicts(NamedTuple):
    batch: tuple[Failure, ...] = ()  # the batch alone: quarantine, skip, do not count
    poison: tuple[Failure, ...] = ()  # a quarantined batch again: skip, do not count
    state: tuple[Failure, ...] = ()  # a state cause was named: counts towards a rollback
    suspect: tuple[Failure, ...] = ()  # unknown, its run goes on: counts until cleared


def classify(state: QuarantineState, obs: Observation) -> tuple[Verdicts, QuarantineState]:
    """Classify newly read failures and resolve waiting ones (see the module rules).

    Args:
        state: the previous :class:`QuarantineState`.
        obs: the :class:`Observation` of this batch end.

    Returns:
        ``(verdicts, new_state)``; a failure appears in the verdicts exactly once.

    Example:
        >>> s = QuarantineState(poison=frozenset({7}))
        >>> new = (Failure(8, batch=7), Failure(5, cause="divergence"))
        >>> v, s = classify(s, Observation(steps_done=9, failures=new))
        >>> [f.step for f in v.poison], [f.step for f in v.state]
        ([8], [5])
        >>> lr = Failure(3, batch=3, reason="learning_rate non-finite")
        >>> v, _ = classify(QuarantineState(), Observation(9, (lr,)))  # step 4 passed
        >>> [f.step for f in v.state], v.batch       # not the batch's fault
        ([3], ())
        >>> v, s = classify(QuarantineState(), Observation(9, (Failure(7), Failure(8))))
        >>> [f.step for f in v.suspect]              # a run of two, still going
        [7, 8]
        >>> v, s = classify(s, Observation(10))      # step 9 passed: two bad batches
        >>> [f.step for f in v.batch]
        [7, 8]
    """
    failed = set(state.failed) | set(obs.spikes) | {f.step for f in obs.failures}
    batch, poison, named, suspect = [], [], [], []
    pending = list(state.pending)
    for f in obs.failures:
        if f.reason.split(" ", 1)[0] in STATE_TRIGGERS:  # whatever batch it ran on
            named.append(f)
        elif f.batch is not None and f.batch in state.poison:
            poison.append(f)
        elif f.cause in BATCH_CAUSES:
            batch.append(f)
        elif f.cause in STATE_CAUSES:
            named.append(f)
        else:
            suspect.append(f)
            pending.append(f)
    waiting = []
    for f in pending:
        end = f.step + 1
        while end in failed:
            end += 1
        if obs.complete and obs.steps_done > end:  # step `end` ran and passed
            batch.append(f)
        else:
            waiting.append(f)
    newest = max(failed, default=0)
    new_poison = state.poison | {f.batch for f in batch + poison if f.batch is not None}
    new = QuarantineState(
        failed=frozenset(s for s in failed if s > newest - _MEMORY),
        pending=tuple(waiting),
        poison=frozenset(new_poison),
    )
    return Verdicts(tuple(batch), tuple(poison), tuple(named), tuple(suspect)), new


def after_rollback(state: QuarantineState) -> tuple[tuple[Failure, ...], QuarantineState]:
    """Forget the neighbourhood after a rollback; returns the waiting failures (dropped).

    Example:
        >>> s = QuarantineState(failed=frozenset({3}), pending=(Failure(3),))
        >>> waiting, s = after_rollback(s)
        >>> [f.step for f in waiting], s.failed, s.pending
        ([3], frozenset(), ())
    """
    return state.pending, state._replace(failed=frozenset(), pending=())


class BatchIndex:
    """Maps global step numbers to ``(epoch, batch index)`` for the quarantine.

    Bounded: only the newest ``keep`` steps are remembered (events are read at most
    a few executions late).

    Example:
        >>> idx = BatchIndex()
        >>> idx.note(steps_done=6, n=2, epoch=1, batch=4)   # steps 4 and 5 ran batches 4, 5
        >>> idx.get(5)
        (1, 5)
    """

    def __init__(self, keep: int = 4096):
        self.keep = int(keep)
        self._of: dict[int, tuple[int, int]] = {}

    def note(self, steps_done: int, n: int, epoch: int, batch: int) -> None:
        n = max(1, int(n))
        for i in range(n):
            self._of[steps_done - n + i] = (int(epoch), int(batch) + i)
        if len(self._of) > self.keep:
            for s in sorted(self._of)[: -self.keep // 2]:
                del self._of[s]

    def get(self, step: int) -> tuple[int, int] | None:
        return self._of.get(int(step))
