"""What the Keras logs say about skipped steps, read with as few device reads as possible.

Why apart from ``guard.py``: the Guard's lifecycle decides *when* to drain the
skip events; this module decides what the progress bar and ``History`` show.
A skipped step restores the metric trackers, so an epoch whose every step was
skipped would report the empty trackers' 0 as its loss: perfect training, on a
progress bar and in ``History``. The logs get ``skipped`` (the steps skipped so
far in the epoch) and, for such an epoch, NaN training metrics. The skip count
lives on the device; reading it costs a healthy step a host round-trip, so it
is read only when a skip can have happened since the last read.
"""

from __future__ import annotations

from typing import Any

from nanguard.core.pipeline import GuardStatus

__all__ = ["EpochLogs"]


class EpochLogs:
    """The ``skipped`` entry of the Keras logs for one Guard.

    Args:
        inbox: the Guard's ``SkipInbox``: its ``rings`` count the skip hook's calls.
    """

    def __init__(self, inbox: Any):
        self.inbox = inbox
        self.last_status: GuardStatus | None = None  # from the last drain
        self.steps: int | None = None  # steps run so far in this epoch
        self._mark: tuple[int, int] | None = None  # (rings, host writes) at that read
        self._skipped0 = 0  # the guard's skip count when the epoch began
        self._rings0 = 0

    def noted(self, status: GuardStatus, host_writes: int) -> None:
        """A drain read ``status`` (what :meth:`skipped_now` may reuse)."""
        self.last_status = status
        self._mark = (self.inbox.rings, host_writes)

    def skipped_now(self, graph: Any, blind: bool) -> int:
        """``graph.skipped``, from the last drain's status while no skip or host write can
        follow it.

        Saves a device read per epoch: the skip count changes only in a failed step,
        which rings the skip hook (not under XLA: ``blind``), or through a host write
        (a rollback).
        """
        status = self.last_status
        if status is not None and not blind and self._mark == (self.inbox.rings,
                                                                graph.host_writes):
            return status.skipped
        return 0 if graph is None else graph.skipped

    def begin_epoch(self, graph: Any, blind: bool) -> None:
        self._skipped0 = 0 if graph is None else self.skipped_now(graph, blind)
        self._rings0 = self.inbox.rings
        self.steps = None

    def quiet(self, blind: bool) -> bool:
        """No skip can have happened since the epoch began (known without a device read).

        Every failed step rings the skip hook (a ``py_function``), except under XLA
        (``jit_compile=True``), where no host call can run inside the step.
        """
        return not blind and self.inbox.rings == self._rings0

    def write(self, logs: Any, graph: Any, blind: bool, steps_in_epoch: int | None,
              skipped: int | None = None) -> None:
        """Put ``skipped`` into the Keras logs; NaN training metrics if nothing was applied.

        The logs dict is shared with the progress bar and ``History``, which run
        after user callbacks. No device read while the epoch has had no skip
        (:meth:`quiet`). ``skipped``: the run's skip count if already read.
        """
        if logs is None or graph is None:
            return
        if skipped is None and self.quiet(blind):
            logs["skipped"] = 0
            return
        skipped = (graph.skipped if skipped is None else skipped) - self._skipped0
        logs["skipped"] = skipped
        steps = steps_in_epoch if steps_in_epoch is not None else self.steps
        if skipped and steps is not None and skipped >= steps:
            for key in list(logs):
                if key != "skipped" and not key.startswith("val_"):
                    logs[key] = float("nan")
