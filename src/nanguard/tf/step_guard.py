"""``StepGuard``: the Guard for custom ``tf.GradientTape`` training loops."""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from nanguard.core import policy, render
from nanguard.errors import InvalidArgumentError, NonFiniteError
from nanguard.tf.hyperparameters import read_hyperparameters
from nanguard.tf.step import GraphGuard, GraphHooks


class StepGuard:
    """Apply an optimizer update only when the loss, gradients and learning rate are finite.

    Prevents one NaN/Inf update from destroying the weights in a custom loop;
    the equivalent of ``nanguard.keras.Guard``, changing two lines of the loop.

    Args:
        optimizer: a Keras 3 optimizer.
        clipnorm: optional global-norm clipping applied after the finiteness check.
        max_consecutive_skips: :meth:`check` raises after this many skips in a row.
        spike: also skip loss/gradient-norm spikes.

    Example:
        >>> guard = StepGuard(optimizer, clipnorm=1.0)  # doctest: +SKIP
        >>> # inside the tf.function train step, instead of optimizer.apply_gradients:
        >>> guard.apply_gradients(grads, model.trainable_variables, loss=loss)  # doctest: +SKIP
    """

    def __init__(self, optimizer: Any, clipnorm: float | None = None,
                 max_consecutive_skips: int = 25, *, spike: bool = False):
        if not hasattr(optimizer, "apply"):
            raise InvalidArgumentError("optimizer", optimizer, "a Keras 3 optimizer")
        if isinstance(max_consecutive_skips, bool) or not isinstance(max_consecutive_skips, int) \
                or max_consecutive_skips < 1:
            raise InvalidArgumentError("max_consecutive_skips", max_consecutive_skips,
                                       "an int >= 1")
        self.optimizer = optimizer
        self.max_consecutive_skips = max_consecutive_skips
        self.config = policy.GuardConfig(clipnorm=clipnorm, spike=spike)
        self._guard = GraphGuard(self.config, hooks=GraphHooks(forced_skip=False))

    def apply_gradients(self, grads: Any, variables: Any, loss: Any = None) -> tf.Tensor:
        """Like ``optimizer.apply_gradients(zip(grads, variables))``, guarded.

        Returns:
            A boolean tensor, ``True`` when the update was skipped.
        """
        grads = list(grads)
        variables = list(variables)
        opt = self.optimizer
        if not opt.built:
            with tf.init_scope():
                opt.build(variables)
        scale = opt.dynamic_scale if hasattr(opt, "dynamic_scale") else None
        return self._guard.apply(
            lambda g, v: opt.apply(g, v), grads, variables, loss=loss, loss_scale=scale,
            hyperparameters=read_hyperparameters(opt),
        )

    @property
    def skipped(self) -> int:
        return self._guard.skipped

    @property
    def consecutive_skips(self) -> int:
        return self._guard.consecutive_skips

    @property
    def steps(self) -> int:
        return self._guard.steps

    def events(self) -> list[dict]:
        """Every skipped step so far: ``{step, trigger, loss, grad_norm, consecutive,
        learning_rate}``."""
        return self._guard.read_events(0)[0]

    def check(self) -> None:
        """Raise :class:`NonFiniteError` after ``max_consecutive_skips`` skips in a row."""
        n = self.consecutive_skips
        if n >= self.max_consecutive_skips:
            last = self.events()[-1]
            raise NonFiniteError(
                render.stop_message(step=last["step"], consecutive=n, trigger=last["trigger"],
                                    max_consecutive_skips=self.max_consecutive_skips),
                step=last["step"], what=last["trigger"], consecutive=n,
            )
