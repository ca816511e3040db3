"""Non-finite validation and evaluation results of a JAX run: counted, said once, localized.

Evaluation applies no update, so nothing is skipped and training goes on; but a
``val_loss: nan`` deserves the same answer as a training NaN. The user's
evaluation loop hands each result to ``Monitor.check_eval(loss, params=, batch=)``:
one host read of the result (evaluation is not the training hot path). The first
non-finite result of a new origin is replayed (``loss_fn(params, *batch)``, as
``nanguard.locate``) and said once with its origin; repeats are only counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nanguard.core.evaluation import EvaluationReport
from nanguard.jax._locate import locate_trace

__all__ = ["EvalReporter"]


def _nonfinite(value: Any) -> bool:
    if value is None:
        return False
    arr = np.asarray(value)
    if not (np.issubdtype(arr.dtype, np.inexact) or arr.dtype.name == "bfloat16"):
        return False
    return not bool(np.isfinite(arr.astype(np.float64)).all())


class EvalReporter:
    """The evaluation side of one :class:`nanguard.jax.Monitor` (counting and saying
    are the engine's :class:`~nanguard.core.evaluation.EvaluationReport`)."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        self.report = EvaluationReport()

    def check(self, loss: Any, *, step: int, epoch: int, params: Any, batch: Any,
              loss_fn: Callable | None) -> bool:
        if not _nonfinite(loss):
            return False
        self.report.count(self.pipeline)
        finding = None
        if loss_fn is not None and params is not None and batch is not None:
            args = (params, *(batch if isinstance(batch, tuple) else (batch,)))
            try:
                finding, _ = locate_trace(loss_fn, args)
            except Exception as exc:  # localization must never break training
                self.pipeline.log_action(None, step,
                                         f"could not localize the evaluation ({exc!r})")
        if finding is not None:
            finding.action, finding.epoch = "reported", epoch
        self.report.say(self.pipeline, finding, step=step, epoch=epoch)
        return True
