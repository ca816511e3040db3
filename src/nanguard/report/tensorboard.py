"""TensorBoard event files for a run: a small writer and an exporter of run logs.

The writer uses TensorBoard's summary protos and its ``RecordWriter`` (the
TFRecord framing) on a plain Python file, not ``tf.summary`` and not
``EventFileWriter``: the latter opens files through ``tensorboard.compat.tf``,
which imports all of TensorFlow (seconds) just for ``gfile``. So the export
works without TF being imported, and the Guard can write live without touching
the TF graph. The files hold ``simple_value`` scalars and text-plugin tensors,
which TensorBoard, ``tbparse`` and ``EventAccumulator`` all read.

Exported tags (``export_runlog``):

==========================  ====================================================
``nanguard/loss``           loss at each logged step (NaN/Inf kept as such)
``nanguard/grad_norm``      global gradient norm at each logged step
``nanguard/clip_scale``     clip factor applied at each logged step
``nanguard/skipped``        cumulative count of skipped steps (``skipped`` flags)
``nanguard/spikes``         cumulative count of ``spike`` events up to the step
``nanguard/incident``       text: one per incident, the finding's summary line,
                            its explanation and its fix
==========================  ====================================================

Example:
    >>> with TensorBoardWriter("runs/exp1/tensorboard") as tb:   # doctest: +SKIP
    ...     tb.scalar("nanguard/loss", 0.25, step=10)
    >>> export_runlog("runs/exp1")                               # doctest: +SKIP
    PosixPath('runs/exp1/tensorboard')
"""

from __future__ import annotations

import bisect
import itertools
import os
import socket
import time
from pathlib import Path
from typing import Any

from nanguard.core.io import decode_float
from nanguard.core.pipeline import Sink
from nanguard.core.render import finding_summary
from nanguard.core.runlog import iter_jsonl, load_run

SCALAR_TAGS = ("loss", "grad_norm", "clip_scale")
_writer_ids = itertools.count()  # two writers in one process and second never share a file


class TensorBoardWriter:
    """Write scalar and text summaries to TensorBoard event files in ``logdir``.

    Args:
        logdir: folder for the event files (created when missing).

    Example:
        >>> tb = TensorBoardWriter("/tmp/tb")                    # doctest: +SKIP
        >>> tb.scalar("nanguard/loss", 0.5, step=1)              # doctest: +SKIP
        >>> tb.text("nanguard/incident", "forward Log: log_of_zero", step=1)  # doctest: +SKIP
        >>> tb.close()                                           # doctest: +SKIP
    """

    def __init__(self, logdir: Path | str):
        from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, types_pb2
        from tensorboard.plugins.text import metadata as text_metadata
        from tensorboard.summary.writer.record_writer import RecordWriter

        self.logdir = Path(logdir)
        self.logdir.mkdir(parents=True, exist_ok=True)
        self._pb = (event_pb2, summary_pb2, tensor_pb2, types_pb2)
        self._text_meta = text_metadata.create_summary_metadata(display_name="", description="")
        # The name pattern TensorBoard looks for: events.out.tfevents.<time>.<host>...
        self.path = self.logdir / (
            f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}."
            f"{os.getpid()}.{next(_writer_ids)}.nanguard"
        )
        self._writer = RecordWriter(open(self.path, "wb"))  # noqa: SIM115 - closed in close()
        self._closed = False
        self._writer.write(
            event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2").SerializeToString()
        )
        self.flush()

    def _write(self, value: Any, step: int) -> None:
        if self._closed:
            raise ValueError(f"TensorBoardWriter({self.logdir}) is closed")
        event_pb2, summary_pb2, _, _ = self._pb
        event = event_pb2.Event(
            wall_time=time.time(), step=int(step), summary=summary_pb2.Summary(value=[value])
        )
        self._writer.write(event.SerializeToString())

    def scalar(self, tag: str, value: Any, step: int) -> None:
        """Write one float32 scalar; NaN and ±Inf are written as they are.

        Stored as ``simple_value``: the one scalar encoding every reader takes
        (TensorBoard migrates it; ``EventAccumulator.Scalars`` and
        ``tbparse``'s ``.scalars`` see it, which they do not for tensor scalars).
        """
        summary_pb2 = self._pb[1]
        self._write(summary_pb2.Summary.Value(tag=tag, simple_value=float(value)), step)

    def text(self, tag: str, text: str, step: int) -> None:
        """Write one text summary (TensorBoard renders it as Markdown)."""
        _, summary_pb2, tensor_pb2, types_pb2 = self._pb
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_STRING, string_val=[str(text).encode("utf-8")]
        )
        self._write(
            summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=self._text_meta), step
        )

    def flush(self) -> None:
        """Write queued events to disk now."""
        self._writer.flush()

    def close(self) -> None:
        """Flush and close the event file; later writes raise ``ValueError``."""
        if not self._closed:
            self._writer.close()
            self._closed = True

    def __enter__(self) -> TensorBoardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _spike_steps(events_path: Path) -> list[int]:
    steps = []
    if events_path.exists():
        for _, record in iter_jsonl(events_path):
            if record is None:
                break
            step = record.get("step")
            if record.get("kind") == "spike" and isinstance(step, int):
                steps.append(step)
    return sorted(steps)


class TensorBoardSink(Sink):
    """The host pipeline's TensorBoard output, written live while training.

    Scalars ``nanguard/loss``, ``grad_norm`` and ``clip_scale`` at each sampled
    healthy step, ``nanguard/skipped`` (and ``nanguard/spikes``) at each skipped
    step, and one ``nanguard/incident`` text per new incident origin.
    """

    def __init__(self, logdir: Path | str):
        self.writer = TensorBoardWriter(logdir)
        self._skipped_step = None  # step whose `skipped` scalar was already written

    def on_skip(self, event, status) -> None:
        self.writer.scalar("nanguard/skipped", status.skipped, event["step"])
        self._skipped_step = event["step"]
        if event["trigger"] == "spike":
            self.writer.scalar("nanguard/spikes", status.spikes, event["step"])

    def on_step(self, step, epoch, status) -> None:
        if status.last_loss is not None:  # None: the adapter never saw the loss (HF callback)
            self.writer.scalar("nanguard/loss", status.last_loss, step)
        self.writer.scalar("nanguard/grad_norm", status.last_grad_norm, step)
        self.writer.scalar("nanguard/clip_scale", status.last_clip, step)
        if self._skipped_step != step:
            self.writer.scalar("nanguard/skipped", status.skipped, step)

    def on_incident(self, record, finding) -> None:
        f = record.get("finding")
        if f:
            self.writer.text("nanguard/incident",
                             incident_text(finding_summary(f), f["explanation"], f["fix"]),
                             record["step"])

    def close(self, run_status, status) -> None:
        self.writer.flush()


def incident_text(summary: str, explanation: str, fix: str) -> str:
    """The Markdown written for one incident: the summary line, then explanation and fix.

    Example:
        >>> incident_text("forward Log: log_of_zero", "log(0) is -inf.", "Use safe_log.")
        '`forward Log: log_of_zero`\\n\\nlog(0) is -inf.\\n\\n**Fix:** Use safe_log.'
    """
    return f"`{summary}`\n\n{explanation}\n\n**Fix:** {fix}"


def export_runlog(logdir: Path | str, out_dir: Path | str | None = None) -> Path:
    """Convert an existing run log to TensorBoard event files.

    ``steps.jsonl`` is streamed (memory does not grow with the run); a truncated
    last line ends the export there, as in the HTML report. Export into a folder
    the Guard did not already write live, or TensorBoard shows both copies.

    Args:
        logdir: the run's log folder.
        out_dir: where to write; default ``LOGDIR/tensorboard``.

    Returns:
        The folder holding the event files.

    Raises:
        nanguard.errors.RunLogError: ``logdir`` is missing or not a nanguard run.

    Example:
        >>> export_runlog("runs/exp1", "runs/exp1/tb-export")    # doctest: +SKIP
        PosixPath('runs/exp1/tb-export')
    """
    from nanguard.report.incidents import read_incidents

    logdir = Path(logdir)
    load_run(logdir)
    out = Path(out_dir) if out_dir is not None else logdir / "tensorboard"
    spikes = _spike_steps(logdir / "events.jsonl")
    skipped = 0
    steps_path = logdir / "steps.jsonl"
    with TensorBoardWriter(out) as tb:
        if steps_path.exists():
            for _, record in iter_jsonl(steps_path):
                if record is None:
                    break
                step = record.get("step")
                if not isinstance(step, int) or isinstance(step, bool):
                    continue
                for name in SCALAR_TAGS:
                    value = decode_float(record.get(name))
                    if value is not None:
                        tb.scalar(f"nanguard/{name}", value, step)
                if record.get("skipped") is True:
                    skipped += 1
                tb.scalar("nanguard/skipped", skipped, step)
                tb.scalar("nanguard/spikes", bisect.bisect_right(spikes, step), step)
        for incident in read_incidents(logdir, []):
            tb.text(
                "nanguard/incident",
                incident_text(incident.summary, incident.explanation, incident.fix),
                incident.step if incident.step is not None else 0,
            )
    return out
