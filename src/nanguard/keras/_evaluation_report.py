"""The Keras Guard's answer to a non-finite evaluation: count it, say it once, localize it.

Why apart from ``guard.py``: evaluation (``fit``'s validation, ``model.evaluate``)
applies no update, so it shares nothing with the skip path but the host
pipeline's console line and ``run.json``. The count ``validation_nonfinite``, the
findings and which origins were said are the engine's
:class:`~nanguard.core.evaluation.EvaluationReport`, as for torch and JAX; this
module adds Keras' part: the names of the non-finite metrics in the logs, the
first non-finite batch, and the
:class:`~nanguard.keras._evaluation.EvaluationWatch` that copies that batch for
the replay.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nanguard.core.evaluation import EvaluationReport
from nanguard.keras._evaluation import EvaluationWatch, localize_evaluation

__all__ = ["EvaluationReporter", "nonfinite_keys"]


def nonfinite_keys(logs: Any) -> list[str]:
    """The names of the non-finite numbers in Keras logs, sorted."""
    return sorted(k for k, v in (logs or {}).items()
                  if isinstance(v, (int, float, np.floating)) and not math.isfinite(v))


class EvaluationReporter:
    """Counts non-finite evaluations and says each origin once (``core.evaluation``).

    Args:
        pipeline: the Guard's ``HostPipeline`` (console line, ``run.json``).
        localize: replay the first non-finite evaluation batch to name its origin.
    """

    def __init__(self, pipeline: Any, localize: bool):
        self.pipeline = pipeline
        self.localize = localize
        self.watch = EvaluationWatch()
        self.report = EvaluationReport()  # the count and the findings, as torch and JAX
        self._first_bad: int | None = None

    @property
    def nonfinite(self) -> int:
        """Evaluations (validation runs, ``model.evaluate``) that ended non-finite."""
        return self.report.nonfinite

    @property
    def findings(self) -> list[dict]:
        """One localized finding per origin said."""
        return self.report.findings

    def begin(self, model: Any) -> None:
        self._first_bad = None
        if self.localize:  # copies the first non-finite evaluation batch (_evaluation.py)
            self.watch.begin(model)

    def batch_begin(self, batch: int) -> None:
        self.watch.current_batch = batch

    def batch_end(self, batch: int, logs: Any) -> None:
        if self._first_bad is None and nonfinite_keys(logs):
            self._first_bad = batch

    def end(self, model: Any, logs: Any, *, step: int, when: str) -> None:
        """Report a non-finite validation/evaluation result: counted, said once per origin.

        Evaluation applies no update, so nothing is skipped and training goes on;
        the count is kept in ``validation_nonfinite`` (and ``run.json``). The first
        non-finite batch is replayed each time (one eager batch, failure path
        only): the origin, not the set of non-finite metrics, decides whether it
        is new (see ``nanguard.core.evaluation``).
        """
        self.watch.end(model)
        bad = nonfinite_keys(logs)
        if not bad:
            return
        self.report.count(self.pipeline)
        first_bad = self._first_bad if self.watch.batch is None else \
            self.watch.batch  # exact even with several steps per execution
        finding = self._localize(model, step) if self.localize else None
        self.report.say(self.pipeline, finding, step=step, when=when, metrics=bad,
                        first_batch=first_bad)

    def _localize(self, model: Any, step: int):
        """Replay the first non-finite evaluation batch; a failure is only a notice."""
        import tensorflow as tf

        watch = self.watch
        if watch.captured is None:
            return None
        logger = tf.get_logger()
        level = logger.level
        logger.setLevel("ERROR")
        try:
            return localize_evaluation(model, watch.captured, watch.batch)
        except Exception as exc:  # localization must never break training
            self.pipeline.log_action(None, step, f"could not localize the evaluation ({exc!r})")
            return None
        finally:
            logger.setLevel(level)
