"""Run-log builders for the report tests: real RunLog output plus a handmade incident."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from nanguard.core.incident import Finding, Origin, tensor_stats, validate_report
from nanguard.core.runlog import RunLog

NAN_STEP = 120
SPIKE_STEP = 200
ROLLBACK_STEP = 250
N_STEPS = 300
CLIPNORM = 1.0
MODEL_SOURCE = (
    "import tensorflow as tf\n\n\ndef call(p):\n    q = p * 2\n    y = tf.math.log(p)\n"
    "    return y\n"
)
ORIGIN_LINE = 6


def step_record(step: int) -> dict:
    grad_norm = 0.5 + (step % 17) / 10
    record = {
        "step": step,
        "loss": 2.0 * math.exp(-step / 100) + 0.05,
        "grad_norm": grad_norm,
        "finite": True,
        "skipped": False,
        "clip_scale": min(1.0, CLIPNORM / grad_norm),
    }
    if step == NAN_STEP:
        record.update(loss=math.nan, grad_norm=math.inf, finite=False, skipped=True)
    if step == SPIKE_STEP:
        record.update(grad_norm=50.0, clip_scale=CLIPNORM / 50.0)
    return record


def write_incident(
    logdir: Path,
    step: int,
    *,
    layer: str = "dense_1",
    file: str | None = None,
    explanation: str = "log(0) is -inf: the probabilities underflowed to 0.",
    fix: str = "Use nanguard.ops.safe_log(p) or compute log_softmax directly.",
    code: str = "y = tf.math.log(p)",
) -> dict:
    origin = Origin(
        phase="forward",
        op="Log",
        grad_op=None,
        layer=layer,
        file=file,
        line=ORIGIN_LINE,
        function="call",
        code=code,
        inputs=[tensor_stats(np.array([0.0, 0.25, 0.75], dtype=np.float32))],
        output=tensor_stats(np.array([-np.inf, -1.386, -0.287], dtype=np.float32)),
    )
    finding = Finding(
        origin=origin,
        cause="log_of_zero",
        explanation=explanation,
        fix=fix,
        step=step,
        epoch=0,
        batch=step,
    )
    report = finding.to_dict()
    validate_report(report)
    folder = logdir / "incidents" / str(step)
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps(report))
    return report


def make_run(
    logdir: Path,
    *,
    n_steps: int = N_STEPS,
    layer: str = "dense_1",
    incident: bool = True,
    config: dict | None = None,
) -> Path:
    """A realistic run: decaying loss, a NaN step (skipped + incident), a spike, a rollback."""
    log = RunLog(
        logdir, config={"clipnorm": CLIPNORM, "learning_rate": 1e-3} if config is None else config
    )
    for step in range(n_steps):
        if step == NAN_STEP:
            log.log_event("skip", step, "non-finite loss")
            if incident:
                log.log_event("incident", step, "origin located", path=f"incidents/{step}")
        if step == SPIKE_STEP:
            log.log_event("spike", step, "grad norm 50 > 10x median")
        if step == ROLLBACK_STEP:
            log.log_event("rollback", step, "restored step 240")
        log.log_step(step_record(step))
    log.update(steps=n_steps, skipped=1, incidents=int(incident), spikes=1, rollbacks=1)
    log.close()
    if incident:
        source = logdir / "model_src.py"
        source.write_text(MODEL_SOURCE)
        write_incident(logdir, NAN_STEP, layer=layer, file=str(source))
    return logdir
