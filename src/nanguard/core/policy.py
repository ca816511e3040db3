"""Guard policy: the pure decision "apply this update or skip it", and its small state.

The decision is written once against a tiny array namespace ``xp`` (NumPy in the
core tests, TensorFlow ops in the graph adapter), in the style of optax's
``apply_if_finite``: ``decide(state, loss, grad_sumsq, config, xp) -> (Decision,
GuardState)`` has no side effects, so every adapter (Keras callback, custom
GradientTape loop, later PyTorch/JAX) runs the same rules.

Rules, in order:

1. **Finite.** ``loss`` and the squared global gradient norm must be finite. A
   single reduction catches any NaN/Inf in any gradient (NaN/Inf propagate
   through a sum of squares); a sum of squares that overflows the float32 range
   (a global norm above ~1.8e19) is also treated as non-finite, since applying
   such an update destroys the weights just the same.
2. **Spike** (optional). Over a rolling window of *healthy* steps, a loss or
   gradient norm more than ``spike_zscore`` standard deviations above the window
   mean (active after ``spike_warmup`` healthy steps), or a loss more than
   ``spike_ratio`` times the largest healthy loss so far, is a spike and is
   skipped like a non-finite step (OLMo-core's 6σ rule; Megatron's 10× rule).
3. **Clip** (optional). Global-norm clipping is computed *after* the check, from
   a finite norm, so a NaN norm can never spread NaN into every gradient (which
   ``tf.clip_by_global_norm`` and Keras ``global_clipnorm`` do).

0. **Hyperparameters** (optional inputs). The update also reads the learning
   rate as its schedule computes it for this step, and any other tensor
   hyperparameter of the optimizer. The adapter passes their finiteness as
   ``learning_rate_ok`` / ``hyperparameters_ok``: an update applied with an
   ``inf`` learning rate makes the weights non-finite although the loss and
   gradients were finite, so such a step is skipped too.

The trigger (:class:`Trigger`) names the first failed rule, in the order loss,
gradients, learning rate, other hyperparameter, spike.

Example:
    >>> from nanguard.numerics._xp import NumpyBackend
    >>> xp = NumpyBackend()
    >>> cfg = GuardConfig()
    >>> d, s = decide(init_state(cfg, xp), 1.0, float("nan"), cfg, xp)
    >>> bool(d.apply), Trigger(int(d.trigger)).label, int(s.skipped)
    (False, 'gradients', 1)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Any, NamedTuple

from nanguard.errors import InvalidArgumentError


class Trigger(IntEnum):
    """Why a step was not applied (stored as an int64 in the graph and the event table)."""

    HEALTHY = 0
    LOSS = 1
    GRADIENTS = 2
    SPIKE = 3
    LEARNING_RATE = 4
    HYPERPARAMETER = 5

    @property
    def label(self) -> str | None:
        """The name used in logs, events and reports (``None`` for a healthy step)."""
        return None if self is Trigger.HEALTHY else self.name.lower()


TRIGGER_NAMES = {t.value: t.label for t in Trigger}
#: Triggers that say the optimizer, not the loss or gradients (nor so the batch), made
#: the update non-finite.
OPTIMIZER_TRIGGERS = frozenset({Trigger.LEARNING_RATE.label, Trigger.HYPERPARAMETER.label})
#: One row of the in-graph skip-event table, in this order (written and read by name).
EVENT_FIELDS = ("step", "trigger", "loss", "grad_norm", "consecutive", "learning_rate")
#: Fields of EVENT_FIELDS that hold integers (the table is float64).
EVENT_INT_FIELDS = ("step", "trigger", "consecutive")


@dataclass(frozen=True)
class GuardConfig:
    """Static options of the guard; validated at construction (before training)."""

    clipnorm: float | None = None
    spike: bool = False
    spike_zscore: float = 6.0
    spike_window: int = 128
    spike_warmup: int = 64
    spike_ratio: float | None = 10.0
    history: int = 32

    def __post_init__(self):
        if self.clipnorm is not None and not (
            isinstance(self.clipnorm, (int, float)) and math.isfinite(self.clipnorm)
            and self.clipnorm > 0
        ):
            raise InvalidArgumentError("clipnorm", self.clipnorm, "a finite number > 0 or None")
        if not (isinstance(self.spike_window, int) and self.spike_window >= 2):
            raise InvalidArgumentError("spike_window", self.spike_window, "an int >= 2")
        if not (isinstance(self.spike_warmup, int) and 1 <= self.spike_warmup):
            raise InvalidArgumentError("spike_warmup", self.spike_warmup, "an int >= 1")
        if self.spike_warmup > self.spike_window:
            raise InvalidArgumentError(
                "spike_warmup", self.spike_warmup,
                f"at most spike_window ({self.spike_window})",
                hint="The window must hold the warm-up steps.",
            )
        if not (isinstance(self.spike_zscore, (int, float)) and self.spike_zscore > 0):
            raise InvalidArgumentError("spike_zscore", self.spike_zscore, "a number > 0")
        if self.spike_ratio is not None and not (
            isinstance(self.spike_ratio, (int, float)) and self.spike_ratio > 1
        ):
            raise InvalidArgumentError("spike_ratio", self.spike_ratio, "a number > 1 or None")
        if not (isinstance(self.history, int) and self.history >= 2):
            raise InvalidArgumentError("history", self.history, "an int >= 2")

    @property
    def window(self) -> int:
        """Length of the rolling buffers (spike window, or the divergence history)."""
        return self.spike_window if self.spike else self.history

    def to_dict(self) -> dict:
        return asdict(self)


class GuardState(NamedTuple):
    """Everything the decision needs between steps. All fields are arrays."""

    step: Any  # int64: steps seen (applied or not)
    skipped: Any  # int64: steps skipped in total
    consecutive: Any  # int64: current run of skipped steps
    spikes: Any  # int64: spikes detected
    loss_hist: Any  # float32[window]: healthy losses (ring)
    gnorm_hist: Any  # float32[window]: healthy gradient norms (ring)
    hist_count: Any  # int64: healthy steps recorded
    max_loss: Any  # float32: largest healthy loss seen
    last_loss: Any  # float32
    last_gnorm: Any  # float32
    last_clip: Any  # float32: the clip scale applied at the last step (1 = no clip)
    last_trigger: Any  # int64: trigger of the last step (0 = healthy)


class Decision(NamedTuple):
    apply: Any  # bool: apply the update
    trigger: Any  # int64: a Trigger value
    grad_norm: Any  # float32
    clip_scale: Any  # float32: multiply gradients by this before applying


def init_state(config: GuardConfig, xp: Any) -> GuardState:
    """Fresh state; ``xp`` provides ``zeros(shape, dtype)`` and ``scalar(value, dtype)``."""
    w = config.window
    return GuardState(
        step=xp.scalar(0, "int64"),
        skipped=xp.scalar(0, "int64"),
        consecutive=xp.scalar(0, "int64"),
        spikes=xp.scalar(0, "int64"),
        loss_hist=xp.zeros((w,), "float32"),
        gnorm_hist=xp.zeros((w,), "float32"),
        hist_count=xp.scalar(0, "int64"),
        max_loss=xp.scalar(0.0, "float32"),
        last_loss=xp.scalar(0.0, "float32"),
        last_gnorm=xp.scalar(0.0, "float32"),
        last_clip=xp.scalar(1.0, "float32"),
        last_trigger=xp.scalar(0, "int64"),
    )


def _window_zscore(hist, count, value, window, xp):
    n = xp.minimum(count, window)
    nf = xp.cast(xp.maximum(n, 1), "float32")
    mask = xp.cast(xp.arange(window) < n, "float32")
    mean = xp.sum(hist * mask) / nf
    var = xp.sum(xp.square((hist - mean) * mask)) / nf
    # A floor on sigma relative to the mean keeps a near-constant window from
    # turning tiny wiggles into "6 sigma" events.
    sigma = xp.maximum(xp.sqrt(var), 1e-3 * xp.abs(mean) + 1e-12)
    return (value - mean) / sigma


def decide(
    state: GuardState,
    loss: Any,
    grad_sumsq: Any,
    config: GuardConfig,
    xp: Any,
    *,
    learning_rate_ok: Any = None,
    hyperparameters_ok: Any = None,
) -> tuple[Decision, GuardState]:
    """Decide whether to apply this step's update, and advance the guard state.

    Prevents a NaN/Inf (or spiking) update from reaching the weights.

    Args:
        state: the previous :class:`GuardState`.
        loss: the step's scalar loss (float32), or ``None`` if unknown.
        grad_sumsq: the sum of squares of every gradient entry (float32).
        config: the static :class:`GuardConfig`.
        xp: the array backend (``nanguard.numerics._xp``: NumPy, TensorFlow...).
        learning_rate_ok: bool, the learning rate of this step is finite
            (``None``: not checked).
        hyperparameters_ok: bool, every other tensor hyperparameter the
            optimizer reads is finite (``None``: not checked).

    Returns:
        ``(decision, new_state)``.

    Example:
        >>> d, s = decide(s, loss, sumsq, GuardConfig(clipnorm=1.0), xp)  # doctest: +SKIP
    """
    loss_known = loss is not None
    if not loss_known:
        loss = xp.scalar(0.0, "float32")
    loss = xp.cast(loss, "float32")
    grad_sumsq = xp.cast(grad_sumsq, "float32")
    loss_ok = xp.isfinite(loss)
    grad_ok = xp.isfinite(grad_sumsq)
    gnorm = xp.sqrt(xp.where(grad_ok, grad_sumsq, 0.0))
    gnorm = xp.where(grad_ok, gnorm, grad_sumsq)  # keep NaN/Inf visible in the log
    finite = xp.logical_and(loss_ok, grad_ok)
    lr_ok = xp.scalar(True, "bool") if learning_rate_ok is None else learning_rate_ok
    hp_ok = xp.scalar(True, "bool") if hyperparameters_ok is None else hyperparameters_ok
    if learning_rate_ok is not None:
        finite = xp.logical_and(finite, lr_ok)
    if hyperparameters_ok is not None:
        finite = xp.logical_and(finite, hp_ok)

    window = config.window
    spike = xp.scalar(False, "bool")
    if config.spike:
        z_grad = _window_zscore(state.gnorm_hist, state.hist_count, gnorm, window, xp)
        over = z_grad > config.spike_zscore
        if loss_known:
            z_loss = _window_zscore(state.loss_hist, state.hist_count, loss, window, xp)
            over = xp.logical_or(over, z_loss > config.spike_zscore)
        spike = xp.logical_and(state.hist_count >= config.spike_warmup, over)
        if config.spike_ratio is not None and loss_known:
            by_ratio = xp.logical_and(
                state.hist_count >= 1,
                xp.logical_and(state.max_loss > 0, loss > config.spike_ratio * state.max_loss),
            )
            spike = xp.logical_or(spike, by_ratio)
        spike = xp.logical_and(finite, spike)

    apply = xp.logical_and(finite, xp.logical_not(spike))
    trigger = xp.where(spike, int(Trigger.SPIKE), int(Trigger.HEALTHY))
    # Innermost first: the last `where` applied wins, so the order is loss, gradients,
    # learning rate, other hyperparameters, spike.
    if hyperparameters_ok is not None:
        trigger = xp.where(xp.logical_not(hp_ok), int(Trigger.HYPERPARAMETER), trigger)
    if learning_rate_ok is not None:
        trigger = xp.where(xp.logical_not(lr_ok), int(Trigger.LEARNING_RATE), trigger)
    trigger = xp.where(xp.logical_not(grad_ok), int(Trigger.GRADIENTS), trigger)
    trigger = xp.where(xp.logical_not(loss_ok), int(Trigger.LOSS), trigger)
    trigger = xp.cast(trigger, "int64")

    if config.clipnorm is not None:
        safe_norm = xp.where(grad_ok, xp.maximum(gnorm, 1e-30), 1.0)
        clip = xp.minimum(xp.scalar(1.0, "float32"), config.clipnorm / safe_norm)
        clip = xp.where(apply, clip, 1.0)
    else:
        clip = xp.scalar(1.0, "float32")
    clip = xp.cast(clip, "float32")

    one = xp.scalar(1, "int64")
    zero = xp.scalar(0, "int64")
    skipped_now = xp.where(apply, zero, one)
    slot = xp.cast(state.hist_count % window, "int64")
    onehot = xp.logical_and(xp.arange(window) == slot, apply)
    new_state = GuardState(
        step=state.step + one,
        skipped=state.skipped + skipped_now,
        consecutive=xp.where(apply, zero, state.consecutive + one),
        spikes=state.spikes + xp.where(spike, one, zero),
        loss_hist=xp.where(onehot, loss, state.loss_hist),
        gnorm_hist=xp.where(onehot, gnorm, state.gnorm_hist),
        hist_count=state.hist_count + xp.where(apply, one, zero),
        max_loss=xp.where(apply, xp.maximum(state.max_loss, loss), state.max_loss),
        last_loss=loss,
        last_gnorm=gnorm,
        last_clip=clip,
        last_trigger=trigger,
    )
    return Decision(apply=apply, trigger=trigger, grad_norm=gnorm, clip_scale=clip), new_state


def history_from_rings(loss_hist, gnorm_hist, hist_count, window: int) -> dict:
    """Unroll the ring buffers (host side) into chronological lists."""
    count = int(hist_count)
    n = min(count, window)
    order = [(count - n + i) % window for i in range(n)]
    return {
        "loss": [float(loss_hist[i]) for i in order],
        "grad_norm": [float(gnorm_hist[i]) for i in order],
    }


def is_divergence(history: dict, factor: float = 100.0) -> bool:
    """True when the loss or gradient norm grew by >= ``factor`` over the history window."""
    for key in ("loss", "grad_norm"):
        values = [v for v in history.get(key, []) if math.isfinite(v)]
        if len(values) >= 3:
            start = max(min(values[: max(1, len(values) // 4)]), 1e-30)
            if max(values[-max(1, len(values) // 4):]) >= factor * start:
                return True
    return False
