"""core.evaluation.EvaluationReport: every adapter's evaluation answer, keyed by origin."""

from __future__ import annotations

from nanguard.core.evaluation import EvaluationReport
from nanguard.core.incident import Finding, Origin


class _Pipeline:
    runlog = None

    def __init__(self):
        self.lines: list[str] = []

    def log_action(self, kind, step, message):
        self.lines.append(message)


def _finding(layer: str, batch: int | None = None) -> Finding:
    return Finding(origin=Origin(phase="forward", op="RealDiv", layer=layer),
                   cause="div_by_zero", explanation="x/0.", fix="safe_div", batch=batch)


def test_each_origin_is_said_once_whatever_metrics_are_nonfinite():
    report, pipe = EvaluationReport(), _Pipeline()
    said = [report.say(pipe, _finding("pool"), step=1, epoch=1, metrics=["loss"]),
            report.say(pipe, _finding("pool"), step=2, epoch=2, metrics=["acc", "loss"]),
            report.say(pipe, _finding("norm"), step=3, epoch=3, metrics=["loss"]),
            report.say(pipe, None, step=4, epoch=4),
            report.say(pipe, None, step=5, epoch=5)]
    assert said == [True, False, True, True, False]
    assert [f["origin"]["layer"] for f in report.findings] == ["pool", "norm"]
    assert len(pipe.lines) == 3


def test_the_line_names_the_metrics_the_first_batch_and_how_evaluation_ran():
    report, pipe = EvaluationReport(), _Pipeline()
    report.say(pipe, _finding("pool", batch=2), step=0, when="model.evaluate",
               metrics=["loss", "mae"], first_batch=2)
    (line,) = pipe.lines
    assert line.startswith("evaluation: loss, mae non-finite from evaluation batch 2 on "
                           "(model.evaluate); evaluation applies no update")
    assert "\n  origin (evaluation batch 2): forward RealDiv in layer 'pool'" in line


def test_torch_and_jax_wording_is_unchanged_without_the_keras_details():
    report, pipe = EvaluationReport(), _Pipeline()
    report.say(pipe, _finding("pool"), step=0, epoch=3, what="validation")
    assert pipe.lines[0].startswith("validation: loss non-finite (epoch 3); validation applies")
    assert "\n  origin: forward RealDiv" in pipe.lines[0]
