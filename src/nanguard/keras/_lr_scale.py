"""Learning-rate back-off for ``Recovery``: scale a float rate or a schedule in place."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf


@keras.saving.register_keras_serializable(package="nanguard")
class ScaledSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """``inner(step) * factor``, with ``factor`` a variable the host can lower.

    Installed by ``Recovery`` for the length of a ``fit`` only; a checkpoint saved
    mid-fit stores the inner schedule and the factor's value at that moment.
    """

    def __init__(self, inner: Any, factor: tf.Variable):
        super().__init__()
        self.inner = inner
        self.factor = factor

    def __call__(self, step):
        lr = self.inner(step)
        return lr * tf.cast(self.factor, lr.dtype)

    def get_config(self):
        return {
            "inner": keras.saving.serialize_keras_object(self.inner),
            "factor": float(np.asarray(self.factor.numpy())),
        }

    @classmethod
    def from_config(cls, config):
        inner = keras.saving.deserialize_keras_object(config["inner"])
        return cls(inner, tf.Variable(config["factor"], trainable=False, dtype=tf.float32))


class LearningRateScaler:
    """Applies a learning-rate factor to one optimizer.

    - A float learning rate (a Keras variable) is multiplied in place.
    - A ``LearningRateSchedule`` is wrapped in :class:`ScaledSchedule` for the
      length of a ``fit`` (installed before the train function is traced, so the
      compiled step reads the factor variable), and put back by :meth:`uninstall`.
    - A plain callable cannot be scaled: :meth:`set_scale` returns ``None``.
    """

    def __init__(self):
        self.mode: str | None = None
        self._schedule = None
        self._factor: tf.Variable | None = None
        self._optimizer = None

    def install(self, model: Any, scale: float) -> None:
        opt = model.optimizer
        self._optimizer = opt
        current = opt._learning_rate
        if isinstance(current, keras.Variable):
            self.mode = "variable"
        elif isinstance(current, keras.optimizers.schedules.LearningRateSchedule):
            if self._factor is None:
                with model.distribute_strategy.scope():
                    self._factor = tf.Variable(
                        1.0, trainable=False, dtype=tf.float32, name="nanguard_lr_factor"
                    )
                self._factor.assign(scale)
            if not isinstance(current, ScaledSchedule):
                self._schedule = current
                opt.learning_rate = ScaledSchedule(self._schedule, self._factor)
            self.mode = "schedule"
        else:
            self.mode = None

    def uninstall(self) -> None:
        opt = self._optimizer
        if opt is not None and isinstance(opt._learning_rate, ScaledSchedule):
            # Saved models keep the user's schedule; the factor is re-applied at the next fit.
            opt.learning_rate = self._schedule

    def lr_variable(self) -> Any:
        return self._optimizer._learning_rate if self.mode == "variable" else None

    def set_scale(self, old: float, new: float) -> float | None:
        """Move the factor from ``old`` to ``new``; returns the new float rate if known."""
        if self.mode == "variable":
            var = self._optimizer._learning_rate
            value = float(np.asarray(var.numpy())) * new / old
            var.assign(value)
            return value
        if self.mode == "schedule":
            self._factor.assign(new)
        return None
