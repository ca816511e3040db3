"""Non-finite evaluation results: counted, each origin said once, never a skip.

Evaluation applies no update, so there is nothing to skip and training goes on;
but a ``val_loss: nan`` deserves the same answer as a training NaN. An adapter
finds a non-finite evaluation result, localizes it its own way (or not), and hands
the finding here: this counts it (``validation_nonfinite``, in ``run.json``), keeps
the finding of each new origin and says it once through the host pipeline; a repeat
of a known origin is only counted.
"""

from __future__ import annotations

from typing import Any

from nanguard.core import render

__all__ = ["EvaluationReport"]


class EvaluationReport:
    """The evaluation record of one run (torch ``Guard.check_eval``, JAX ``Monitor``).

    Example:
        >>> report = EvaluationReport()
        >>> report.nonfinite, report.findings
        (0, [])
    """

    def __init__(self) -> None:
        self.nonfinite = 0  # evaluation results that were non-finite
        self.findings: list[dict] = []  # one localized finding per new origin
        self._said: set[str] = set()

    def count(self, pipeline: Any) -> None:
        """Count one non-finite result (``run.json`` gets it with the next summary)."""
        self.nonfinite += 1
        if pipeline.runlog is not None:
            pipeline.runlog.update(validation_nonfinite=self.nonfinite)

    def say(self, pipeline: Any, finding: Any, *, step: int, epoch: int,
            what: str = "evaluation") -> None:
        """Say ``finding`` (a ``Finding`` or None: not localized) once per origin."""
        key = render.finding_summary(finding.to_dict()) if finding else "unlocalized"
        if key in self._said:
            return
        self._said.add(key)
        where = ""
        if finding is not None:
            self.findings.append(finding.to_dict())
            where = (f"\n  origin: {finding.summary()}\n  {finding.explanation}"
                     f"\n  fix: {finding.fix}")
        pipeline.log_action(  # kind None: a console line, not a run-log event kind
            None, step,
            f"{what}: loss non-finite (epoch {epoch}); {what} applies no update, so "
            "nothing was skipped and training continues; counted in validation_nonfinite, "
            f"said once per origin{where}")
