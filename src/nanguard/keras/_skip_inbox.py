"""The skip hook's inbox: what a failed step hands the Keras host, from TensorFlow's thread.

Why apart from ``guard.py``: the hook runs inside the skipped step (a
``tf.py_function``, on a TensorFlow thread), the Guard drains it between steps;
the lock, the doorbell and the captures are this hand-over and nothing else.
A healthy step never calls the hook, so the host knows without a device read
that no step failed since it last looked (:attr:`SkipInbox.rings` unchanged),
except under XLA, where no hook runs. The loss-scale check hook
(``tf._loss_scale_watch``) hands over a step the loss scale took for an overflow
the same way; it rings the doorbell but is no skip (``rings`` unchanged).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from nanguard.core import policy
from nanguard.core.pipeline import Capture

__all__ = ["SkipInbox"]


class SkipInbox:
    """Receives skipped steps from the graph; the Guard takes them between steps.

    Args:
        wants_capture: ``(consecutive) -> bool``: copy this step's tensors (the pipeline's
            incident budget).
        where: ``() -> (recovery context or None, epoch, batch)`` at the time of the call.
    """

    def __init__(self, wants_capture: Callable[[int], bool],
                 where: Callable[[], tuple[Any, int, int]]):
        self._wants_capture = wants_capture
        self._where = where
        self._lock = threading.Lock()
        self._doorbell = False
        self.rings = 0  # hook calls so far: no ring, no new skip (unless jit)
        self._captures: list[Capture] = []
        self._checks: list[Capture] = []  # overflow steps to replay at loss scale 1

    @property
    def rang(self) -> bool:
        """A skipped step called the hook since the last :meth:`take`."""
        return self._doorbell

    def take(self) -> tuple[bool, list[Capture], list[Capture]]:
        """``(rang, captures, loss-scale checks)`` since the last call; empties the inbox."""
        with self._lock:
            rang, self._doorbell = self._doorbell, False
            captures, self._captures = self._captures, []
            checks, self._checks = self._checks, []
        return rang, captures, checks

    def on_loss_scale_check(self, layout, step, falls, scale, loss, gnorm, replica, lr,
                            *tensors):
        """Runs on the host in an overflow step the loss scale keeps falling on.

        Copies the step for a replay at loss scale 1 (``tf._loss_scale_watch``),
        within the pipeline's incident budget, as a first skip would be.
        """
        if layout is None or not self._wants_capture(1):
            return np.int64(0)
        arrays = [t.numpy() for t in tensors]
        nb, nv = len(layout["batch"]), len(layout["variables"])
        _, epoch, batch = self._where()
        capture = Capture(
            step=int(step.numpy()), trigger=policy.TRIGGER_NAMES.get(int(policy.Trigger.GRADIENTS)),
            epoch=epoch, batch=batch, replica=int(replica.numpy()),
            batch_arrays=dict(zip(layout["batch"], arrays[:nb])),
            variables=dict(zip(layout["variables"], arrays[nb:nb + nv])),
            optimizer=dict(zip(layout["optimizer"], arrays[nb + nv:])),
            extra={"learning_rate": float(lr.numpy()), "loss_scale": float(scale.numpy()),
                   "loss_scale_falls": int(falls.numpy()),
                   "grad_norm": float(gnorm.numpy()), "loss": float(loss.numpy())},
        )
        with self._lock:
            self._doorbell = True
            self._checks.append(capture)
        return np.int64(0)

    def on_skip(self, layout, step, trigger, loss, gnorm, consecutive, replica, lr, *tensors):
        """Runs on the host, inside the skipped step only (a tf.py_function)."""
        capture = None
        ctx, epoch, batch = self._where()
        if layout is not None and ctx is not None:  # recovery replays it from a snapshot
            nb = len(layout["batch"])
            ctx.keep_batch(int(step.numpy()), int(replica.numpy()),
                           {k: np.array(t.numpy(), copy=True)
                            for k, t in zip(layout["batch"], tensors[:nb])})
        if layout is not None and self._wants_capture(int(consecutive.numpy())):
            arrays = [t.numpy() for t in tensors]
            nb = len(layout["batch"])
            nv = len(layout["variables"])
            capture = Capture(
                step=int(step.numpy()),
                trigger=policy.TRIGGER_NAMES.get(int(trigger.numpy())),
                epoch=epoch, batch=batch, replica=int(replica.numpy()),
                batch_arrays=dict(zip(layout["batch"], arrays[:nb])),
                variables=dict(zip(layout["variables"], arrays[nb:nb + nv])),
                optimizer=dict(zip(layout["optimizer"], arrays[nb + nv:])),
                extra={"learning_rate": float(lr.numpy())},
            )
        with self._lock:
            self._doorbell = True
            self.rings += 1
            if capture is not None:
                self._captures.append(capture)
        return np.int64(0)
