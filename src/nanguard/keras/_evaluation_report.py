"""The Keras Guard's answer to a non-finite evaluation: count it, say it once, localize it.

Why apart from ``guard.py``: evaluation (``fit``'s validation, ``model.evaluate``)
applies no update, so it shares nothing with the skip path but the host
pipeline's console line and ``run.json``. This module owns its state: the count
``validation_nonfinite``, the findings, which sets of metrics were said, and the
:class:`~nanguard.keras._evaluation.EvaluationWatch` that copies the first
non-finite batch for the replay.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nanguard.keras._evaluation import EvaluationWatch, localize_evaluation

__all__ = ["EvaluationReporter", "nonfinite_keys"]


def nonfinite_keys(logs: Any) -> list[str]:
    """The names of the non-finite numbers in Keras logs, sorted."""
    return sorted(k for k, v in (logs or {}).items()
                  if isinstance(v, (int, float, np.floating)) and not math.isfinite(v))


class EvaluationReporter:
    """Counts non-finite evaluations and says each set of non-finite metrics once.

    Args:
        pipeline: the Guard's ``HostPipeline`` (console line, ``run.json``).
        localize: replay the first non-finite evaluation batch to name its origin.
    """

    def __init__(self, pipeline: Any, localize: bool):
        self.pipeline = pipeline
        self.localize = localize
        self.watch = EvaluationWatch()
        self.nonfinite = 0  # evaluations (validation runs) ending non-finite
        self.findings: list[dict] = []  # one localized finding per new report
        self._first_bad: int | None = None
        self._reported: set[tuple] = set()

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
        """Report a non-finite validation/evaluation result: once per set of metrics.

        Evaluation applies no update, so nothing is skipped and training goes on;
        the count is kept in ``validation_nonfinite`` (and ``run.json``).
        """
        self.watch.end(model)
        bad = nonfinite_keys(logs)
        if not bad:
            return
        self.nonfinite += 1
        if self.pipeline.runlog is not None:  # run.json, written with the next summary
            self.pipeline.runlog.update(validation_nonfinite=self.nonfinite)
        key = tuple(bad)
        if key in self._reported:
            return
        self._reported.add(key)
        first_bad = self._first_bad if self.watch.batch is None else \
            self.watch.batch  # exact even with several steps per execution
        first = "" if first_bad is None else f" from evaluation batch {first_bad} on"
        where = ""
        if self.localize:
            finding = self._localize(model, step)
            if finding is not None:
                self.findings.append(finding.to_dict())
                where = (f"\n  origin (evaluation batch {finding.batch}): {finding.summary()}"
                         f"\n  {finding.explanation}\n  fix: {finding.fix}")
        self.pipeline.log_action(  # kind None: a console line, not a run-log event kind
            None, step,
            f"evaluation: {', '.join(bad)} non-finite{first} ({when}); "
            "evaluation applies no update, so nothing was skipped and training continues; "
            f"counted in validation_nonfinite, said once{where}",
        )

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
