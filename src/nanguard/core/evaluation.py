"""Non-finite evaluation results: counted, each origin said once, never a skip.

Evaluation applies no update, so there is nothing to skip and training goes on;
but a ``val_loss: nan`` deserves the same answer as a training NaN. An adapter
finds a non-finite evaluation result, localizes it its own way (or not), and hands
the finding here: this counts it (``validation_nonfinite``, in ``run.json``), keeps
the finding of each new origin and says it once through the host pipeline; a repeat
of a known origin is only counted.

Why one report per origin (the finding's one-line summary, the key the training
incidents use too) and not per set of non-finite metrics: what the user acts on
is the origin. Keyed by metrics, a second, different bug behind the same
``val_loss: nan`` would never be said, and one bug would be said again when it
also turned ``val_accuracy`` non-finite. Every adapter (Keras, PyTorch, JAX)
reports through this class, so they all say the same thing for the same fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nanguard.core import render

__all__ = ["EvaluationReport", "origin_key"]


def origin_key(finding: Any) -> str:
    """What makes two evaluation findings the same origin (``None``: not localized).

    Example:
        >>> origin_key(None)
        'unlocalized'
    """
    return render.finding_summary(finding.to_dict()) if finding is not None else "unlocalized"


class EvaluationReport:
    """The evaluation record of one run (Keras ``Guard``, torch ``Guard.check_eval``,
    JAX ``Monitor``).

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

    def say(self, pipeline: Any, finding: Any, *, step: int, epoch: int | None = None,
            what: str = "evaluation", when: str | None = None,
            metrics: Sequence[str] = ("loss",), first_batch: int | None = None) -> bool:
        """Say ``finding`` (a ``Finding`` or None: not localized) once per origin.

        Args:
            pipeline: the adapter's ``HostPipeline`` (the console line).
            finding: the localized origin, or ``None``.
            step: the training step the line is stamped with.
            epoch: the epoch, said as ``(epoch N)`` unless ``when`` is given.
            what: ``"evaluation"`` or ``"validation"``.
            when: how the evaluation ran, e.g. ``"model.evaluate"``.
            metrics: the names of the non-finite results (Keras logs can name several).
            first_batch: the first evaluation batch that was non-finite, if known.

        Returns:
            Whether it was said (``False``: a known origin, only counted).
        """
        key = origin_key(finding)
        if key in self._said:
            return False
        self._said.add(key)
        where = ""
        if finding is not None:
            self.findings.append(finding.to_dict())
            at = "" if finding.batch is None else f" ({what} batch {finding.batch})"
            where = (f"\n  origin{at}: {finding.summary()}\n  {finding.explanation}"
                     f"\n  fix: {finding.fix}")
        first = "" if first_batch is None else f" from {what} batch {first_batch} on"
        pipeline.log_action(  # kind None: a console line, not a run-log event kind
            None, step,
            f"{what}: {', '.join(metrics)} non-finite{first} ({when or f'epoch {epoch}'}); "
            f"{what} applies no update, so nothing was skipped and training continues; "
            f"counted in validation_nonfinite, said once per origin{where}")
        return True
