"""The Keras guard's side of the recovery contract (:mod:`nanguard.core.recovery_contract`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from nanguard.core import recovery_policy as rp


@dataclass(eq=False)
class KerasRecoveryContext:
    """A narrow view of a running ``nanguard.keras.Guard`` for its recovery plug-in.

    The Guard builds it at ``on_train_begin`` and moves ``steps_done``, ``epoch``,
    ``batch`` and ``steps_in_call`` forward before each hook call; everything
    else goes through the public methods of the in-graph guard (``graph``) and
    the two sinks the Guard hands in.

    Args:
        graph: the ``nanguard.tf.step.GraphGuard`` of the run.
        logdir: the run's folder, or ``None``.
        log_sink: ``(kind, step, message, style=, counter=, **fields)``: console and run log.
        stop_sink: ``(message, step)``: ends the run as stopped and raises.
        events_read: how many skip events the Guard has read so far.

    The Guard also hands over each skipped step's batch (``keep_batch``, from its
    skip path, per replica): recovery replays it from a snapshot to tell a bad
    batch from a bad state (:mod:`nanguard.keras._rerun`). Only the newest
    ``KEEP_BATCHES`` failed steps are kept.
    """

    KEEP_BATCHES = 16

    graph: Any
    logdir: Path | None
    log_sink: Callable[..., None]
    stop_sink: Callable[[str, int], NoReturn]
    events_read: Callable[[], int]
    steps_done: int = 0
    epoch: int = 0
    batch: int = 0
    steps_in_call: int = 1
    samples_sink: Callable[[int], Any] | None = None  # step -> (sample ids, rows) | None
    exclude_sink: Callable[[list[int]], list[int]] | None = None  # drop ids from later batches
    _batches: dict = field(default_factory=dict, repr=False)
    _lock: Any = field(default_factory=threading.Lock, repr=False)

    def update(self, steps_done: int, epoch: int, batch: int, steps_in_call: int) -> None:
        self.steps_done = int(steps_done)
        self.epoch = int(epoch)
        self.batch = int(batch)
        self.steps_in_call = max(1, int(steps_in_call))

    def keep_batch(self, step: int, replica: int, batch: dict[str, np.ndarray]) -> None:
        """The guard's skip path: keep the batch of skipped ``step`` (one replica's slice)."""
        with self._lock:
            self._batches.setdefault(int(step), {})[int(replica)] = batch
            while len(self._batches) > self.KEEP_BATCHES:
                del self._batches[min(self._batches)]

    def failed_batches(self, steps) -> dict[int, list[dict]]:
        """``{step: [batch per replica]}`` for the kept ones among ``steps``."""
        with self._lock:
            return {s: [b for _, b in sorted(self._batches[s].items())]
                    for s in steps if s in self._batches}

    def samples_at_fault(self, step: int) -> tuple[list[int], list[int]] | None:
        """``(sample ids, batch rows)`` the finding of skipped ``step`` named, if any.

        Known when the data carries sample ids (``nanguard.keras.with_sample_ids``)
        and the step was localized to rows of its batch.
        """
        return None if self.samples_sink is None else self.samples_sink(int(step))

    def exclude_samples(self, ids: list[int]) -> list[int]:
        """Drop these sample ids from every later batch; returns the newly excluded."""
        return [] if self.exclude_sink is None else self.exclude_sink(list(ids))

    @property
    def guard_config(self) -> Any:
        """The guard's ``nanguard.core.policy.GuardConfig`` (a re-run is judged by it)."""
        return self.graph.config

    def skip_next(self, n: int) -> None:
        self.graph.skip_next(n)

    def log(self, kind, step, message, *, style="yellow", counter=None, **fields) -> None:
        self.log_sink(kind, step, message, style=style, counter=counter, **fields)

    def stop(self, message: str, step: int) -> NoReturn:
        self.stop_sink(message, step)
        raise AssertionError("stop_sink must raise")  # pragma: no cover

    def guard_state(self) -> dict[str, np.ndarray]:
        state = self.graph.read_state()
        return {k: np.array(state[k], copy=True) for k in rp.RESTORED_GUARD_FIELDS}

    def restore_guard_state(self, state: dict[str, Any]) -> None:
        self.graph.write_state({k: v for k, v in state.items() if k in rp.RESTORED_GUARD_FIELDS})

    def healthy(self) -> bool:
        state = self.graph.read_host(history=False)
        return int(state["consecutive"]) == 0 and int(state["last_trigger"]) == 0

    def events_pending(self) -> bool:
        return int(self.graph.n_events.numpy()) != self.events_read()
