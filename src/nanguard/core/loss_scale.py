"""When a falling loss scale stops looking like an overflow: the host's rule.

Why a module of its own: with float16 and a dynamic loss scale (a
``torch.amp.GradScaler``, a Keras ``LossScaleOptimizer``), a step whose
gradients are non-finite is left to the loss scale, which halves itself and
skips the update. That is right for an overflow, and wrong for a genuine NaN
(``sqrt'(0) = inf``, times 0): the scale then falls at every step until it
reaches 1 (16 silent steps from 65536), and only then is a failure seen. A real
overflow is usually gone after a halving or two.

This rule counts the scale's falls since it last grew and says when to look:
after ``after`` falls (default 3), then after twice, four times... as many, so
a long fall of a real overflow (an initial scale of 2**40) costs a few looks,
never one per step. A look is the adapter's replay of the step without the
loss scale (float32): still non-finite there, it is no overflow and is reported
as a fault; finite, it stays the loss scale's business and prints nothing.
Framework-free: the adapter passes the scale it read on a step the loss scale
skipped (a host number), never anything on a healthy step.
"""

from __future__ import annotations

import math

from nanguard.errors import InvalidArgumentError

__all__ = ["LOSS_SCALE_LOOK_AFTER", "LossScaleFalls"]

#: Falls of the loss scale since it last grew before the first look.
LOSS_SCALE_LOOK_AFTER = 3


class LossScaleFalls:
    """Count a dynamic loss scale's falls since it last grew; say when to look.

    Args:
        after: falls before the first look (then ``2 * after``, ``4 * after``...).

    Example:
        >>> falls = LossScaleFalls(after=3)
        >>> [falls.skipped(2.0 ** k) for k in (15, 14, 13, 12, 11, 10)]
        [False, False, True, False, False, True]
        >>> falls.count
        6
        >>> falls.skipped(2.0 ** 11)  # above the last one: the scale grew in between
        False
        >>> falls.count
        1
        >>> falls.skipped(2.0 ** 10), falls.skipped(2.0 ** 9)
        (False, True)
        >>> falls.confirm()  # the look found a real fault: no more looks in this fall
        >>> [falls.skipped(2.0 ** k) for k in range(8, 1, -1)]
        [False, False, False, False, False, False, False]
        >>> LossScaleFalls(after=0)
        Traceback (most recent call last):
        ...
        nanguard.errors.InvalidArgumentError: ...
    """

    def __init__(self, after: int = LOSS_SCALE_LOOK_AFTER):
        if isinstance(after, bool) or not isinstance(after, int) or after < 1:
            raise InvalidArgumentError("after", after, "an int >= 1 (falls before a look)")
        self.after = after
        self.count = 0
        self.fault = False
        self._last: float | None = None

    def skipped(self, scale: float) -> bool:
        """One step the loss scale skipped; ``scale`` is its value after the fall.

        A scale not below the one the last skip left means it grew in between
        (healthy steps, a rollback): the count restarts at this fall.

        Returns:
            ``True`` when this fall is one to look at (``after``, ``2 * after``...).
        """
        scale = float(scale)
        if math.isnan(scale) or scale < 0:
            raise InvalidArgumentError("scale", scale, "a loss scale >= 0")
        grew = self._last is not None and scale >= self._last
        self.count = 1 if grew else self.count + 1
        self._last = scale
        if self.count == 1:
            self.fault = False
        times, rest = divmod(self.count, self.after)
        return (not self.fault and rest == 0 and times > 0
                and times & (times - 1) == 0)

    def confirm(self) -> None:
        """A look found a real fault: no more looks until the scale grows again.

        Why: the fault is reported once; replaying it again at ``2 * after``
        falls would only say the same thing.
        """
        self.fault = True

    def reset(self) -> None:
        """Forget the falls (a rollback restored an older scale)."""
        self.count = 0
        self.fault = False
        self._last = None
