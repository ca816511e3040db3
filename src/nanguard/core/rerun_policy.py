"""Re-run to diagnose: after a rollback, was the batch at fault or the state?

Pure decision logic, like :mod:`nanguard.core.recovery_policy` (and Megatron's
rerun state machine): no side effects, no ML framework, so every adapter's
recovery plug-in shares it. The adapter does the replays; this module reads them.

Why a re-run tells: a rollback brings back a state that trained fine. Replaying
the batch that failed from that state (forward and backward, no update) asks the
one question the failure itself cannot answer:

1. **It fails again** (non-finite loss or gradient from a known-good state): the
   batch is at fault. Quarantine it and skip it alone: the rollback is *not*
   counted against the state (no streak, no learning-rate back-off), and the
   adapter stays where it was before the rollback (``restore=False``): the
   failed steps were skipped, so nothing in the state needs undoing.
2. **It passes**: the trouble was in the state (a corrupted value, a ruinous
   update). Keep the restored snapshot and continue, with no blanket skip.
3. **It could not be replayed** (no batch kept, the replay raised): undiagnosed,
   the rollback stands as before the re-run existed.

Corruption found in the state itself (a non-finite weight or optimizer slot) is
state trouble whatever the replay says; a batch that fails again is then
quarantined too. A spike is judged against the detector's window, and a
snapshot can hold a state that is finite but already damaged (a ruinous update
just before it), whose window then makes the batch spike again: so a replayed
spike that *passes* is evidence of a state fault, but one that fails again is
never blamed on its batch (passed in ``spikes``: the restore is kept, the
spike's batch is not quarantined). A wrong batch verdict would keep a damaged
state; the campaign's 200 one-step learning-rate spikes showed it (x471 final
loss) before this rule.

``skip_batches`` follows the diagnosis: ``None`` (the default) means none after
any verdict; an int ``n`` is applied after a kept restore (state or
undiagnosed) and never after a batch verdict (the batch is the whole problem).

Example:
    >>> d = diagnose((Replay(41, failed=True),))
    >>> d.verdict, d.restore, d.quarantine
    ('batch', False, (41,))
    >>> diagnose((Replay(41, failed=False),)).verdict
    'state'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from nanguard.core import policy
from nanguard.core.recovery_policy import RecoveryState

__all__ = [
    "BATCH",
    "STATE",
    "UNDIAGNOSED",
    "Diagnosis",
    "Replay",
    "RerunEvent",
    "batch_at_fault",
    "diagnose",
    "replay_all",
    "rerun_event",
    "would_skip",
    "to_replay",
]

BATCH = "batch"
STATE = "state"
UNDIAGNOSED = "undiagnosed"


class Replay(NamedTuple):
    """One failed step replayed from the restored state.

    Attributes:
        step: the failed step whose batch was replayed.
        failed: ``True`` when the replay's loss or a gradient was non-finite,
            ``False`` when it was finite, ``None`` when it could not be replayed.
    """

    step: int
    failed: bool | None


class Diagnosis(NamedTuple):
    """What the re-run says, and what the adapter does next.

    Attributes:
        verdict: ``"batch"``, ``"state"`` or ``"undiagnosed"``.
        quarantine: failed steps whose batch failed again: quarantine them.
        passed: failed steps whose batch passed from the restored state.
        unreplayed: failed steps that could not be replayed.
        restore: keep the restored snapshot (``False``: go on from the state
            before the rollback; only for a ``"batch"`` verdict).
        skip_batches: updates to skip now.
        text: one line for the console, the run log and a stop message.
    """

    verdict: str
    quarantine: tuple[int, ...] = ()
    passed: tuple[int, ...] = ()
    unreplayed: tuple[int, ...] = ()
    restore: bool = True
    skip_batches: int = 0
    text: str = ""


def to_replay(state: RecoveryState, limit: int = 8, spikes: bool = True) -> tuple[int, ...]:
    """The failed steps of the trouble to replay: the newest ``limit``.

    ``spikes=True`` when the adapter can judge a replayed spike (it runs the
    guard's decision against the snapshot's detector state); otherwise spikes
    are left out and passed to :func:`diagnose` as ``spikes``.

    Example:
        >>> s = RecoveryState(failures=(3, 9, 10, 12), spikes=(11,))
        >>> to_replay(s, limit=3), to_replay(s, limit=3, spikes=False)
        ((10, 11, 12), (9, 10, 12))
    """
    steps = state.failures + (state.spikes if spikes else ())
    return tuple(sorted(steps)[-limit:]) if limit > 0 else ()


def _steps(steps: tuple[int, ...]) -> str:
    return ", ".join(str(s) for s in steps)


def diagnose(
    replays: tuple[Replay, ...],
    *,
    corrupt: str = "",
    spikes: tuple[int, ...] = (),
    skip_batches: int | None = None,
    allow_batch: bool = True,
) -> Diagnosis:
    """Read the replays of a rollback's failed steps (rules in the module docstring).

    Args:
        replays: one :class:`Replay` per failed step of the trouble.
        corrupt: non-empty when the state itself was found non-finite.
        spikes: spike steps of the trouble (replayed or not: never a batch verdict).
        skip_batches: the user's ``skip_batches`` (``None``: follow the diagnosis).
        allow_batch: ``False`` when no step has passed since the last batch verdict:
            a state that fails on every batch is not a run of bad batches (a finite
            but damaged snapshot fails them too), so the restore is kept.

    Example:
        >>> d = diagnose((Replay(7, True), Replay(8, False)), skip_batches=5)
        >>> d.verdict, d.quarantine, d.passed, d.restore, d.skip_batches
        ('state', (7,), (8,), True, 5)
        >>> d = diagnose((Replay(7, True),), corrupt="nonfinite_weights (dense/kernel)")
        >>> d.verdict, d.quarantine, d.restore
        ('state', (7,), True)
        >>> d = diagnose((Replay(7, None),))
        >>> d.verdict, d.unreplayed, d.restore
        ('undiagnosed', (7,), True)
        >>> diagnose((Replay(7, True),), spikes=(6,)).verdict
        'undiagnosed'
        >>> d = diagnose((Replay(6, True),), spikes=(6,))   # spiked again: not the batch's
        >>> d.verdict, d.quarantine
        ('undiagnosed', ())
        >>> diagnose((Replay(6, False),), spikes=(6,)).verdict
        'state'
        >>> diagnose((Replay(9, True),), allow_batch=False).verdict  # failing on everything
        'undiagnosed'
        >>> diagnose((Replay(7, True),), skip_batches=5).skip_batches   # the batch alone
        0
    """
    again = tuple(r.step for r in replays if r.failed is True and r.step not in spikes)
    spiked = tuple(r.step for r in replays if r.failed is True and r.step in spikes)
    passed = tuple(r.step for r in replays if r.failed is False)
    unreplayed = tuple(r.step for r in replays if r.failed is None)
    skip = 0 if skip_batches is None else int(skip_batches)
    parts = []
    if again:
        parts.append(f"batch of step {_steps(again)} failed again from the restored state")
    if passed:
        parts.append(f"batch of step {_steps(passed)} passed from the restored state")
    if spiked:
        parts.append(f"spike of step {_steps(spiked)} spiked again from the restored state")
    if unreplayed:
        parts.append(f"step {_steps(unreplayed)} could not be replayed")
    seen = "; ".join(parts) or "nothing to replay"
    if corrupt:
        return Diagnosis(STATE, again, passed, unreplayed, True, skip,
                         f"re-run: {seen}; the state itself was non-finite: state fault")
    if passed:
        return Diagnosis(STATE, again, passed, unreplayed, True, skip,
                         f"re-run: {seen}: state fault, continuing from the snapshot")
    if again and not unreplayed and not spikes and allow_batch:
        return Diagnosis(BATCH, again, (), (), False, 0,
                         f"re-run: {seen}: batch fault, quarantined and skipped alone "
                         "(no rollback)")
    why = "; a spike is not blamed on its batch" if spikes else ""
    if again and not allow_batch:
        why += "; no step passed since the last batch verdict"
    return Diagnosis(UNDIAGNOSED, again, passed, unreplayed, True, skip,
                     f"re-run: {seen}{why}: undiagnosed, the rollback stands")


def batch_at_fault(state: RecoveryState, steps: tuple[int, ...]) -> RecoveryState:
    """The recovery state after a ``"batch"`` verdict: those failures and spikes leave the count.

    No rollback is recorded: the streak, the learning rate and the snapshots stay.

    Example:
        >>> s = RecoveryState(failures=(7, 8, 9), spikes=(5, 6), streak=1, rollbacks=2)
        >>> batch_at_fault(s, (6, 8, 9))
        RecoveryState(snapshots=(), last_snapshot=0, failures=(7,), spikes=(5,), \
cooldown_until=0, rollbacks=2, streak=1, last_restored=None, lr_scale=1.0, tried=())
    """
    drop = set(steps)
    return state._replace(failures=tuple(s for s in state.failures if s not in drop),
                          spikes=tuple(s for s in state.spikes if s not in drop))


class RerunEvent(NamedTuple):
    """How a re-run's verdict is said: the same in every adapter.

    Attributes:
        step: the step the event is logged at (the newest failed step).
        text: the console and run-log line.
        fields: the ``rerun`` run-log event's fields (log with ``counter="reruns"``).
        record: the entry an adapter's ``Recovery.diagnoses`` keeps.
    """

    step: int
    text: str
    fields: dict
    record: dict


def rerun_event(step: int, snapshot: int, replayed: tuple[int, ...],
                d: Diagnosis) -> RerunEvent:
    """The log line, run-log fields and record of diagnosis ``d`` at host step ``step``.

    Args:
        step: the host step count when recovery acted (``step - 1`` failed last).
        snapshot: the step of the snapshot the batches were replayed from.
        replayed: the steps whose batches were replayed.
        d: the :func:`diagnose` result.

    Example:
        >>> ev = rerun_event(42, 25, (41,), diagnose((Replay(41, failed=True),)))
        >>> ev.step, ev.fields["verdict"], ev.fields["failed_again"]
        (41, 'batch', [41])
        >>> ev.text
        'step 41: re-run: batch of step 41 failed again from the restored state: batch fault, \
quarantined and skipped alone (no rollback) (snapshot of step 25)'
        >>> ev.record["step"], ev.record["snapshot"], ev.record["verdict"]
        (42, 25, 'batch')
    """
    fields = {"verdict": d.verdict, "snapshot_step": int(snapshot),
              "replayed": [int(s) for s in replayed], "failed_again": list(d.quarantine),
              "passed": list(d.passed), "unreplayed": list(d.unreplayed)}
    record = {"step": int(step), "snapshot": int(snapshot), "verdict": d.verdict,
              "failed_again": list(d.quarantine), "passed": list(d.passed),
              "unreplayed": list(d.unreplayed), "text": d.text}
    text = f"step {int(step) - 1}: {d.text} (snapshot of step {int(snapshot)})"
    return RerunEvent(int(step) - 1, text, fields, record)


def would_skip(loss: float, sumsq: float, detector: dict[str, Any],
               config: policy.GuardConfig, xp: Any) -> bool:
    """The guard's own decision (:func:`nanguard.core.policy.decide`) on a replayed step.

    Judged against the detector state saved with the snapshot (``detector``: the
    :class:`~nanguard.core.policy.GuardState` fields it holds): a non-finite loss or
    gradient fails, and so does a spike against the snapshot's window. ``xp`` is
    the host array backend the adapter passes (NumPy).
    """
    fresh = policy.init_state(config, xp)
    state = fresh._replace(**{k: np.asarray(v) for k, v in detector.items()
                              if k in policy.GuardState._fields})
    decision, _ = policy.decide(state, np.float32(loss), np.float32(sumsq), config, xp)
    return not bool(decision.apply)


def replay_all(steps: tuple[int, ...], attempt: Callable[[int], bool | None],
               sum_across_workers: Callable[[np.ndarray], np.ndarray] | None = None,
               ) -> tuple[Replay, ...]:
    """One :class:`Replay` per failed step; every worker reads the same answers.

    ``attempt(step)`` replays one step: ``True`` it fails again, ``False`` it
    passes, ``None`` it cannot be replayed (no batch kept, no loss function). A
    replay that raises is ``None`` too: a replay must never break training. With
    several workers, ``sum_across_workers`` (one collective, called on every
    worker, even with nothing to replay there) sums the ``[failed, unreplayed]``
    flags, so a step fails again when it fails on any worker and is undiagnosed
    when any worker could not replay it.

    Example:
        >>> replay_all((3, 4, 5), {3: True, 4: False}.get)
        (Replay(step=3, failed=True), Replay(step=4, failed=False), Replay(step=5, failed=None))
    """
    flags = np.zeros((len(steps), 2), dtype=np.float32)  # [failed, unreplayed]
    for i, step in enumerate(steps):
        try:
            failed = attempt(step)
        except Exception:  # a replay must never break training: undiagnosed
            failed = None
        if failed is None:
            flags[i, 1] = 1.0
        else:
            flags[i, 0] = float(bool(failed))
    if sum_across_workers is not None and len(steps):
        flags = np.asarray(sum_across_workers(flags.reshape(-1))).reshape(flags.shape)
    return tuple(Replay(step, None if flags[i, 1] > 0 else bool(flags[i, 0] > 0))
                 for i, step in enumerate(steps))
