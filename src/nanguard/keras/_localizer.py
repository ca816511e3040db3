"""Name what broke a skipped Keras step: the op, layer and line, and the samples at fault.

Why apart from ``guard.py``: localization is the host's slow path (an eager replay
of the captured step), run only for a new incident, when recovery asks which
rows of a failed batch to quarantine, or when a loss scale keeps falling
(:meth:`StepLocalizer.check_overflows`); the Guard's lifecycle needs none of it.
"""

from __future__ import annotations

from typing import Any

from nanguard.core import origin_context
from nanguard.core.pipeline import Capture, merge_replicas
from nanguard.keras import _layer_sites

__all__ = ["StepLocalizer"]

#: Localized steps whose sample ids are kept (the oldest are forgotten first).
MAX_KEPT_STEPS = 4096


class _QuietTensorFlow:
    """TensorFlow's own warnings off for the length of an eager replay."""

    def __enter__(self):
        import tensorflow as tf

        self._logger = tf.get_logger()
        self._level = self._logger.level
        self._logger.setLevel("ERROR")

    def __exit__(self, *exc):
        self._logger.setLevel(self._level)
        return False


class StepLocalizer:
    """The pipeline's localizer for one Guard, and the sample ids it named.

    Args:
        pipeline: the Guard's ``HostPipeline`` (a failed replay is a console notice).
    """

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        self.samples_at_fault: dict[int, list[int]] = {}  # step -> sample ids (with_sample_ids)
        self._rows: dict[int, tuple] = {}  # step -> (sample ids, batch rows)
        self._confirmed: dict[int, Any] = {}  # step -> finding of a loss-scale check
        self.loss_scale_checks: list[dict] = []  # one verdict per overflow step replayed

    def check_overflows(self, model: Any, checks: list[Capture]) -> list[Capture]:
        """Replay each step the loss scale keeps falling on at scale 1; the real failures.

        The replay computes the loss and its gradients as the step did, but unscaled.
        Finite there, the step was a float16 overflow the loss scale fixes by itself:
        nothing is said (the verdict is kept in :attr:`loss_scale_checks`). Still
        non-finite, no loss scale fixes it: the capture is returned, for the pipeline
        to report at once as an incident, with the finding this replay made. Once a
        fall is found real, its later checks (more falls, no growth between) are not
        replayed again: the guard reports the same steps when the scale reaches 1.
        """
        real = []
        for cap in merge_replicas(checks):
            falls, scale = cap.extra["loss_scale_falls"], cap.extra["loss_scale"]
            verdict = {"step": cap.step, "falls": falls, "loss_scale": scale,
                       "grad_norm": cap.extra["grad_norm"]}
            last = self.loss_scale_checks[-1] if self.loss_scale_checks else None
            if (last is not None and last["verdict"] == "nonfinite at scale 1"
                    and falls > last["falls"] and cap.step > last["step"]):
                continue  # the same fall, already reported
            try:
                finding = self.localize(model, cap, {})
            except Exception as exc:  # a check must never break training
                self.loss_scale_checks.append({**verdict, "verdict": f"replay failed: {exc!r}"})
                continue
            self.loss_scale_checks.append(
                {**verdict, "verdict": "overflow" if finding is None else "nonfinite at scale 1"})
            if finding is None:
                continue
            origin_context.add_note(
                finding,
                f"The LossScaleOptimizer took this step for a float16 overflow: its loss scale "
                f"fell {falls} times, to {scale / 2:g}, each time skipping the update. Replayed "
                f"at loss scale 1 the step is still non-finite, so no loss scale fixes it; the "
                f"optimizer skips such steps until its scale reaches 1, then the guard does.")
            self._confirmed[cap.step] = finding
            real.append(cap)
        return real

    def localize(self, model: Any, cap: Capture, history: dict):
        """Replay the captured step on ``model``; a ``Finding`` or ``None``.

        One path for every trigger (``tf.replay.localize_capture``): a non-finite
        learning rate is located on its schedule there, and its trace is kept with
        the finding, so ``nanguard locate`` can re-localize that incident too.
        """
        from nanguard.tf.replay import batch_size_of, localize_capture

        confirmed = self._confirmed.pop(cap.step, None)
        if confirmed is not None:  # replayed by check_overflows moments ago
            if history:
                confirmed.history = history
            return confirmed
        payload = {"batch": cap.batch_arrays, "variables": cap.variables,
                   "optimizer": cap.optimizer}
        with _QuietTensorFlow():  # the eager replay must not print TF's own warnings
            finding = localize_capture(
                model,
                {"step": cap.step, "epoch": cap.epoch, "batch": cap.batch,
                 "trigger": cap.trigger, "replica": cap.replica, "payload": payload},
                history=history,
            )
            finding = _layer_sites.describe_layer(finding, model, batch_size_of(cap.batch_arrays))
            self._name_samples(cap, finding)
            return finding

    def _name_samples(self, cap: Capture, finding: Any) -> None:
        """Keep the sample ids at fault of a localized step (data from with_sample_ids)."""
        from nanguard.keras._sample_ids import name_samples

        ids = name_samples(finding, cap.batch_arrays)
        if ids:
            self.samples_at_fault[cap.step] = ids
            self._rows[cap.step] = (ids, list(finding.origin.rows))
            if len(self.samples_at_fault) > MAX_KEPT_STEPS:
                self._rows.pop(min(self.samples_at_fault), None)
                self.samples_at_fault.pop(min(self.samples_at_fault))

    def samples_for(self, model: Any, ctx: Any, step: int, replay: bool) -> tuple | None:
        """``(sample ids, batch rows)`` at fault in failed ``step``; replay it if unknown.

        Args:
            model: the model the failed batch is replayed on.
            ctx: the recovery context holding the failed batches (``None``: none kept).
            step: the failed step.
            replay: whether an unknown step may be replayed (the Guard's ``localize``).
        """
        known = self._rows.get(step)
        if known is not None or ctx is None or not replay:
            return known
        from nanguard.keras._sample_ids import locate_samples

        try:
            with _QuietTensorFlow():
                return locate_samples(model, ctx.failed_batches([step]).get(step))
        except Exception as exc:  # naming rows must never break training
            self.pipeline.log_action(None, step, f"could not name the samples ({exc!r})")
            return None
