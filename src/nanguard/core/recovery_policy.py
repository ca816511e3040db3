"""Recovery policy: when to snapshot, when to roll back, how far to back off, when to stop.

Pure decision logic over small state, in the style of ``nanguard.core.policy``
(and optax's ``apply_if_finite``): ``decide(state, observation, config) ->
(Action, RecoveryState)`` has no side effects and imports no ML framework, so
the Keras glue (``nanguard.keras.recovery``) and later adapters share the rules.

Rules, applied once per observed batch end:

1. **Trouble is state trouble.** The adapter passes only the failures that are
   *not* the batch's fault (see :mod:`nanguard.core.quarantine_policy`: a batch
   with NaN/Inf input, or a batch that failed while its neighbours passed, is
   quarantined and skipped, and never counts here). A rollback is due when:

   - corruption was found in the state itself (``Observation.corrupt``: a
     non-finite weight or optimizer slot): at once, not after a streak of skips;
   - at least ``max_skips`` counted failures (non-finite or spike) fall inside
     the last ``window`` steps (a streak of unknown origin, or divergence). A
     failure the quarantine policy clears later (its run ended with a passing
     step, so the state was fine) leaves the count (``Observation.cleared``);
   - a spike repeats inside the window (one isolated spike is only skipped);
   - the guard reports a persistent failure (``max_consecutive_skips`` in a row).

   Skips while a post-rollback cool-down runs do not count: the weights do not
   move then, so they cannot be getting worse.
2. **Rollback target.** The newest snapshot that does not hold the update of
   the step preceding the first failure of the trouble window. The update that
   breaks the weights (e.g. a learning-rate spike) is usually *applied* one step
   before the first step whose loss shows it, so a snapshot taken right after
   the bad update is never chosen. Corruption picks the newest snapshot (every
   snapshot was checked finite when taken). When a rollback is followed by
   trouble again without progress, the next rollback walks one snapshot further
   back.
3. **Diagnosis before back-off.** Before a rollback counts, the adapter
   replays the failed batches from the restored snapshot
   (:mod:`nanguard.core.rerun_policy`): a batch that fails again is the
   batch's fault (quarantined, no rollback counted). Otherwise the rollback
   keeps the learning rate and skips ``skip_batches`` updates (default none):
   the failed updates were never applied, so the restored state simply
   continues with the next batches; if it passes, the trouble was a one-off (a
   corrupted value, a bad update) and nothing more is lost. Only when the
   trouble comes back at once is the learning-rate factor multiplied by
   ``lr_factor`` (never below ``lr_floor``, a fraction of the original rate):
   then the state and the rate are the suspects.
   (PaLM skipped 200-500 batches around spikes in runs of hundreds of thousands
   of steps; scale ``skip_batches`` with the run if you want that.)
4. **Progress, and the stop.** Trouble whose first failure comes at the first
   or second step after a restore (and its cool-down) is the *same* trouble: the
   restored state failed again at once, so the rollback made no progress. Later
   trouble is new trouble, however soon: independent faults never add up to a
   stop. The run stops only when it is out of moves: ``max_rollbacks`` rollbacks
   in a row without progress (each walking further back, each backing the rate
   off), or no snapshot to return to. The reason lists what was tried.
   Corruption never backs the rate off: the rate is not its suspect.
5. **Snapshot.** Every ``snapshot_every`` steps, only when the last step was
   healthy (nothing in a row skipped) and no cool-down runs.

Example:
    >>> cfg = RecoveryConfig(snapshot_every=2)
    >>> s = init_state(cfg)
    >>> a, s = decide(s, Observation(step=2), cfg)
    >>> a.kind
    'snapshot'
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import NamedTuple

from nanguard.errors import InvalidArgumentError

NONE = "none"
SNAPSHOT = "snapshot"
ROLLBACK = "rollback"
STOP = "stop"

# The guard's decision state saved with every snapshot and put back by a rollback, so
# the detectors see the snapshot's world (a spike window full of later, lower losses
# would call every step after the restore a spike). The totals (``step``, ``skipped``,
# ``spikes``) are not restored: they count what happened.
RESTORED_GUARD_FIELDS = (
    "consecutive", "loss_hist", "gnorm_hist", "hist_count", "max_loss",
    "last_loss", "last_gnorm", "last_clip", "last_trigger",
)


def _int(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(name, value, f"an int >= {minimum}")


def _fraction(name: str, value: object, allowed: str, low_open: bool = True) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value > 0 if low_open else value >= 0) and value <= 1
    if not ok:
        raise InvalidArgumentError(name, value, allowed)


@dataclass(frozen=True)
class RecoveryConfig:
    """Static options of the recovery policy; validated at construction.

    Args:
        snapshot_every: take a known-good snapshot every this many steps.
        ring: how many snapshots to keep (the newest ``ring``).
        max_skips: failed steps inside ``window`` that call for a rollback.
        window: the trouble window, in steps.
        skip_batches: updates skipped after a rollback (batches are consumed);
            ``None`` follows the re-run's diagnosis (:mod:`nanguard.core.rerun_policy`):
            none at all.
        lr_factor: multiply the learning rate by this at each rollback that
            follows another one without progress, in (0, 1].
        lr_floor: the smallest learning-rate factor (relative to the original), in [0, 1].
        max_rollbacks: rollbacks in a row without progress before stopping.
    """

    snapshot_every: int = 25
    ring: int = 4
    max_skips: int = 3
    window: int = 50
    skip_batches: int | None = None
    lr_factor: float = 0.5
    lr_floor: float = 1.0 / 64
    max_rollbacks: int = 3

    def __post_init__(self):
        _int("snapshot_every", self.snapshot_every, 1)
        _int("ring", self.ring, 1)
        _int("window", self.window, 2)
        _int("max_skips", self.max_skips, 1)
        if self.skip_batches is not None:
            _int("skip_batches", self.skip_batches, 0)
        _int("max_rollbacks", self.max_rollbacks, 1)
        _fraction("lr_factor", self.lr_factor, "a number in (0, 1]")
        _fraction("lr_floor", self.lr_floor, "a number in [0, 1]", low_open=False)
        if self.max_skips > self.window:
            raise InvalidArgumentError(
                "max_skips",
                self.max_skips,
                f"at most window ({self.window})",
                hint="More failed steps than the window holds can never be counted; "
                "lower `max_skips` or raise `window`.",
            )
        if self.lr_factor < 1 and self.lr_floor > self.lr_factor:
            raise InvalidArgumentError(
                "lr_floor",
                self.lr_floor,
                f"at most lr_factor ({self.lr_factor})",
                hint="With lr_floor above lr_factor the first back-off is already clamped; "
                "set lr_factor=1.0 to disable back-off instead.",
            )

    def to_dict(self) -> dict:
        return asdict(self)


class RecoveryState(NamedTuple):
    """Everything the decision needs between batch ends (plain Python values)."""

    snapshots: tuple[int, ...] = ()  # steps of the snapshots kept, oldest first
    last_snapshot: int = 0  # step of the last snapshot (or of the last restore)
    failures: tuple[int, ...] = ()  # steps of failed steps inside the window
    spikes: tuple[int, ...] = ()  # steps of spikes inside the window
    cooldown_until: int = 0  # no counting and no snapshots before this step
    rollbacks: int = 0  # in total
    streak: int = 0  # rollbacks in a row without progress
    last_restored: int | None = None  # snapshot step used by the last rollback
    lr_scale: float = 1.0  # current learning-rate factor
    tried: tuple[int, ...] = ()  # snapshots restored in the current streak, in order


class Observation(NamedTuple):
    """What the adapter saw at one batch end.

    Attributes:
        step: host step count so far (the next step's index).
        failures: steps of newly read non-finite skips (known-poison batches excluded).
        spikes: steps of newly read spike skips.
        healthy: the last step was applied (no skip in a row); read only when a
            snapshot is due, ``True`` otherwise.
        persistent: the guard reached ``max_consecutive_skips``.
        corrupt: non-empty when the state itself was found non-finite (what and
            where, e.g. ``"nonfinite_optimizer_state (adam/v)"``): roll back at once.
        cleared: steps of earlier failures found to be their batch's fault after
            all: they no longer count.
    """

    step: int
    failures: tuple[int, ...] = ()
    spikes: tuple[int, ...] = ()
    healthy: bool = True
    persistent: bool = False
    corrupt: str = ""
    cleared: tuple[int, ...] = ()


class Action(NamedTuple):
    kind: str = NONE  # none | snapshot | rollback | stop
    reason: str = ""
    candidates: tuple[int, ...] = ()  # rollback: snapshot steps to try, preferred first
    lr_scale: float = 1.0  # rollback: the new learning-rate factor
    skip_batches: int = 0  # rollback: updates to skip now
    forget: tuple[int, ...] = ()  # snapshot: steps dropped from the ring


def init_state(config: RecoveryConfig, step: int = 0) -> RecoveryState:
    return RecoveryState(last_snapshot=step)


def snapshot_due(state: RecoveryState, step: int, config: RecoveryConfig) -> bool:
    """True when a snapshot would be taken at ``step`` if the step is healthy."""
    return step >= state.cooldown_until and step - state.last_snapshot >= config.snapshot_every


def initial_snapshot(
    state: RecoveryState, step: int, config: RecoveryConfig
) -> tuple[Action, RecoveryState]:
    """The state training starts from is known-good: snapshot it (once per step).

    Example:
        >>> cfg = RecoveryConfig(ring=2)
        >>> a, s = initial_snapshot(init_state(cfg)._replace(snapshots=(5, 9)), 12, cfg)
        >>> a.kind, a.forget, s.snapshots
        ('snapshot', (5,), (9, 12))
    """
    if step in state.snapshots:
        return Action(), state
    kept = (state.snapshots + (step,))[-config.ring :]
    forget = tuple(s for s in state.snapshots if s not in kept)
    new = state._replace(snapshots=kept, last_snapshot=step)
    return Action(SNAPSHOT, f"training starts at step {step}", forget=forget), new


def _trouble(state: RecoveryState, obs: Observation, config: RecoveryConfig) -> str | None:
    if obs.corrupt:
        return f"{obs.corrupt} found before the step"
    if obs.persistent:
        return "the guard skipped too many steps in a row"
    if len(state.failures) + len(state.spikes) >= config.max_skips:
        return (
            f"{len(state.failures) + len(state.spikes)} skipped steps within "
            f"{config.window} steps (max_skips={config.max_skips})"
        )
    if len(state.spikes) >= 2:
        return f"repeated loss/gradient-norm spike within {config.window} steps"
    return None


def decide(
    state: RecoveryState, obs: Observation, config: RecoveryConfig
) -> tuple[Action, RecoveryState]:
    """Decide the recovery action at one batch end, and advance the state.

    Args:
        state: the previous :class:`RecoveryState`.
        obs: what the adapter saw (:class:`Observation`).
        config: the static :class:`RecoveryConfig`.

    Returns:
        ``(action, new_state)``. A ``rollback`` action lists candidate snapshot
        steps; the adapter restores the first one that loads (a corrupt one is
        refused) and reports back with :func:`rolled_back`; a ``snapshot``
        action expects the adapter to save one at ``obs.step``.

    Example:
        >>> cfg = RecoveryConfig(max_skips=2, window=10, snapshot_every=5)
        >>> s = init_state(cfg)._replace(snapshots=(5,), last_snapshot=5)
        >>> a, s = decide(s, Observation(step=9, failures=(7, 8)), cfg)
        >>> a.kind, a.candidates, a.lr_scale       # first rollback: no back-off yet
        ('rollback', (5,), 1.0)
    """
    step = obs.step
    lo = step - config.window
    start = state.cooldown_until
    failures = state.failures + tuple(s for s in obs.failures if s >= start)
    failures = tuple(s for s in failures if s not in obs.cleared)
    spikes = state.spikes + tuple(s for s in obs.spikes if s >= start)
    state = state._replace(
        failures=tuple(s for s in failures if s >= lo),
        spikes=tuple(s for s in spikes if s >= lo),
    )
    reason = _trouble(state, obs, config)
    if reason is not None:
        first = min(state.failures + state.spikes, default=step - 1)
        # Did the restored state fail again at once (the same trouble), or did it run
        # (progress; this is new trouble)?
        if state.streak and first > state.cooldown_until + 1:
            state = state._replace(streak=0, last_restored=None, tried=())
        if state.streak >= config.max_rollbacks:
            return Action(STOP, f"{reason}; {_tried(state, config)}"), state
        if obs.corrupt and not state.failures and not state.spikes:
            first = step  # every snapshot was checked finite when it was taken
        # Snapshot s holds updates 0..s-1; update first-1 may be the one that broke
        # the weights, so s must be <= first - 1.
        limit = first
        if state.streak and state.last_restored is not None:
            limit = min(limit, state.last_restored)
        eligible = [s for s in state.snapshots if s < limit]
        if not eligible and state.streak and state.last_restored is not None:
            eligible = [s for s in state.snapshots if s <= state.last_restored]
        if not eligible:
            tried = f"; {_tried(state, config)}" if state.streak else ""
            return Action(
                STOP,
                f"{reason}; no snapshot from before the trouble (step {first}) to return to"
                f"{tried}",
            ), state
        scale = state.lr_scale
        if state.streak and not obs.corrupt:  # the rollback did not fix it: suspect the rate
            scale = min(max(scale * config.lr_factor, config.lr_floor), scale)
        action = Action(
            ROLLBACK,
            reason,
            candidates=tuple(sorted(eligible, reverse=True)),
            lr_scale=scale,
            skip_batches=config.skip_batches or 0,
        )
        return action, state

    last_failed = (step - 1) in state.failures or (step - 1) in state.spikes
    if obs.healthy and not last_failed and snapshot_due(state, step, config):
        kept = state.snapshots + (step,)
        forget = kept[: max(0, len(kept) - config.ring)]
        new = state._replace(snapshots=kept[len(forget) :], last_snapshot=step)
        return Action(SNAPSHOT, f"known-good state at step {step}", forget=forget), new
    return Action(), state


def _tried(state: RecoveryState, config: RecoveryConfig) -> str:
    snaps = ", ".join(str(s) for s in state.tried) or "none"
    return (
        f"{state.streak} rollbacks in a row made no progress (max_rollbacks="
        f"{config.max_rollbacks}; restored the snapshots of steps {snaps}; learning rate "
        f"at {state.lr_scale:g} of the original, floor {config.lr_floor:g}; skipped "
        f"{config.skip_batches or 0} updates after each)"
    )


def rolled_back(
    state: RecoveryState, action: Action, restored: int, step: int, dropped: tuple[int, ...] = ()
) -> RecoveryState:
    """The state after the adapter restored snapshot ``restored`` at host step ``step``.

    ``dropped`` lists snapshots that could not be loaded (corrupt): they leave the ring.
    """
    snapshots = tuple(s for s in state.snapshots if s not in dropped)
    return state._replace(
        snapshots=snapshots,
        last_snapshot=step + action.skip_batches,
        failures=(),
        spikes=(),
        cooldown_until=step + action.skip_batches,
        rollbacks=state.rollbacks + 1,
        streak=state.streak + 1,
        last_restored=restored,
        lr_scale=action.lr_scale,
        tried=(state.tried if state.streak else ()) + (restored,),
    )
