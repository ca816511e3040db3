"""Non-finite validation and evaluation results of a torch run: counted, said once, localized.

Evaluation applies no update, so nothing is skipped and training goes on; but
a ``val_loss: nan`` deserves the same answer as a training NaN. The user's
evaluation loop (or the Lightning/Hugging Face callback) hands each result to
``guard.check_eval(loss, batch)``: one host read of the result (evaluation is not
the training hot path). The first non-finite result of a new origin is replayed
(``loss_fn(batch)`` in the model's current mode, so dropout and batch norm run
as evaluation ran them) and said once with its origin; repeats are only counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from nanguard.core.evaluation import EvaluationReport
from nanguard.core.incident import Finding
from nanguard.core.localize import localize_step
from nanguard.torch._capture import batch_arrays, to_numpy
from nanguard.torch._layers import describe_module
from nanguard.torch._locate import eager, modules_reachable
from nanguard.torch._trace import trace_loss

__all__ = ["EvalReporter"]


def _nonfinite(value: Any) -> bool:
    if isinstance(value, torch.Tensor):
        return value.is_floating_point() and not bool(torch.isfinite(value.detach()).all())
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    return False


class EvalReporter:
    """The evaluation side of one :class:`nanguard.torch.Guard` (counting and saying
    are the engine's :class:`~nanguard.core.evaluation.EvaluationReport`)."""

    def __init__(self, guard: Any):
        self.guard = guard
        self.report = EvaluationReport()

    def check(self, loss: Any, batch: Any = None, loss_fn: Callable | None = None,
              what: str = "evaluation") -> bool:
        if not _nonfinite(loss):
            return False
        host = self.guard.host
        pipeline = host.pipeline()
        self.report.count(pipeline)
        finding = None
        fn = loss_fn or self.guard.loss_fn
        if batch is not None and fn is not None:
            try:
                finding = self._localize(fn, batch)
            except Exception as exc:  # localization must never break training
                pipeline.log_action(None, host.status_value("step") - 1,
                                    f"could not localize the {what} ({exc!r})")
        self.report.say(pipeline, finding, step=host.status_value("step") - 1,
                        epoch=host.epoch + 1, what=what)
        return True

    def _localize(self, fn: Callable, batch: Any) -> Finding | None:
        guard = self.guard
        model = getattr(guard.model, "module", guard.model)
        modules = [model, *modules_reachable(fn)]
        kept: dict = {}

        def trace_fn() -> dict:
            with eager():
                trace, values = trace_loss(lambda: fn(batch), modules=modules)
            kept.update(trace=trace, tensors=values["tensors"])
            return trace

        variables = {n: to_numpy(p) for n, p in model.named_parameters()}
        finding, _ = localize_step(batch_arrays(batch), variables, trace_fn, trigger="loss",
                                   framework="torch")
        if finding is not None and "tensors" in kept:
            finding = describe_module(finding, kept["trace"], kept["tensors"], modules, batch)
        if finding is not None:
            finding.action = "reported"
            finding.epoch = guard.host.epoch
        return finding
