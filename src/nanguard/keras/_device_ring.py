"""The in-memory snapshot ring of ``nanguard.keras.Recovery``: copies kept on the device.

Why: a host snapshot (``Variable.numpy()`` for every variable, a host finiteness
scan, a sha256 of every byte) costs the training thread tens of milliseconds on
a small conv model, so snapshots had to be rare and a rollback lost many steps.
Here a snapshot is one call of one traced function that assigns every variable
to its copy in a ring slot (``capacity`` slots of preallocated variables; the
slot index is a tensor and a ``tf.switch_case`` picks the branch, so one trace
serves every slot) and records, in the same call, whether the copy is finite.
No value crosses to the host and no Python loop runs over the variables on
that path. The assignment shares the variable's buffer (TensorFlow's
copy-on-write): the bytes are copied once, by the next update that writes the
variable in place, on the device.

The device-to-host copy is lazy: :meth:`DeviceRing.load` makes it, and only a
rollback (or a test) loads a snapshot. A snapshot found non-finite when it was
taken is refused at that load (:class:`nanguard.errors.SnapshotError`), as a
corrupt file on disk is: the rollback walks on to an older one. Under
``MultiWorkerMirroredStrategy`` every worker reads the same verdict (the
``agree`` collective), so the replicas restore the same snapshot.

On a CPU the "device" is host memory: the ring then saves the per-variable
conversion, the host scan and the hash, not a transfer. Memory: ``capacity``
extra copies of the model's and the optimizer's variables on their device.

Example:
    >>> ring = DeviceRing(capacity=4)                           # doctest: +SKIP
    >>> ring.save(100, variables, names, {"guard/consecutive": c})  # doctest: +SKIP
    >>> ring.load(100).arrays["model/0:dense/kernel"]           # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.snapshots import Snapshot
from nanguard.errors import SnapshotError
from nanguard.tf.step import all_finite

__all__ = ["DeviceRing"]


def _tensor(v: Any) -> tf.Tensor:
    value = getattr(v, "value", v)
    return tf.convert_to_tensor(value() if callable(value) else value)


class DeviceRing:
    """The newest ``capacity`` snapshots of a fixed list of variables, on their device.

    The slots are created at the first :meth:`save` (the variables must exist by
    then); a save with other variables (another model) starts a new ring.

    Args:
        capacity: snapshots kept (the oldest is overwritten first).
        agree: under ``MultiWorkerMirroredStrategy``, an element-wise sum over the
            workers of a float array (one collective); ``None`` on one host.
    """

    def __init__(self, capacity: int = 4,
                 agree: Callable[[np.ndarray], np.ndarray] | None = None):
        self.capacity = int(capacity)
        self.agree = agree
        self._variables: list = []
        self._names: list[str] = []
        self._slots: list[list[tf.Variable]] = []  # [slot][variable]
        self._valid: tf.Variable | None = None
        self._capture: Any = None
        self._items: dict[int, tuple[int, dict[str, np.ndarray], dict]] = {}  # step -> slot

    # ------------------------------------------------------------------ building
    def _build(self, variables: list, names: list[str]) -> None:
        self._variables, self._names = list(variables), list(names)
        with tf.init_scope():
            for _ in range(self.capacity):
                slot = []
                for v in self._variables:
                    t = _tensor(v)
                    with tf.device(t.device or None):
                        slot.append(tf.Variable(tf.zeros(t.shape, t.dtype), trainable=False,
                                                name="nanguard_snapshot"))
                self._slots.append(slot)
            self._valid = tf.Variable(tf.zeros((self.capacity,), tf.bool), trainable=False,
                                      name="nanguard_snapshot_finite")
        slots, valid, sources = self._slots, self._valid, self._variables

        def into(k, values):
            def assign():
                for slot, value in zip(slots[k], values, strict=True):
                    slot.assign(value)
                valid[k].assign(all_finite(values))
                return tf.constant(k)
            return assign

        @tf.function(autograph=False)
        def capture(k):
            values = [_tensor(v) for v in sources]
            return tf.switch_case(k, [into(i, values) for i in range(len(slots))])

        self._capture = capture

    # ------------------------------------------------------------------ the ring
    def save(self, step: int, variables: list, names: list[str],
             host_arrays: dict[str, np.ndarray] | None = None,
             meta: dict | None = None) -> None:
        """Copy ``variables`` into a free slot (one call, on the device) as snapshot ``step``.

        ``host_arrays`` are small host values kept with it as they are (the guard's
        detector state), under their own names.
        """
        if self._capture is None or len(variables) != len(self._variables) or any(
                a is not b for a, b in zip(variables, self._variables, strict=True)):
            self._items.clear()  # another model's snapshots could never be restored
            self._slots, self._valid = [], None
            self._build(variables, names)
        step = int(step)
        self.drop(step)
        while len(self._items) >= self.capacity:
            self.drop(min(self._items))
        used = {slot for slot, _, _ in self._items.values()}
        slot = min(set(range(self.capacity)) - used)
        self._capture(tf.constant(slot, tf.int32))
        self._items[step] = (slot, dict(host_arrays or {}), dict(meta or {}))

    def steps(self) -> list[int]:
        return sorted(self._items)

    def drop(self, step: int) -> None:
        self._items.pop(int(step), None)

    def set_aside(self, step: int) -> None:
        """Forget a snapshot that failed its check."""
        self.drop(step)

    def load(self, step: int) -> Snapshot:
        """The host copy of snapshot ``step`` (the lazy device-to-host transfer).

        Raises:
            nanguard.errors.SnapshotError: no such snapshot, or it held a NaN or an
                Inf when it was taken (on any worker). Nothing is loaded then.
        """
        step = int(step)
        if step not in self._items:
            raise SnapshotError(f"no snapshot of step {step} in memory (kept: {self.steps()}).")
        slot, host, meta = self._items[step]
        bad = np.array([0.0 if bool(self._valid[slot].numpy()) else 1.0])
        if self.agree is not None:
            bad = self.agree(bad)
        if bad[0] > 0:
            raise SnapshotError(
                f"in-memory snapshot of step {step} held a NaN or an Inf when it was taken"
                " (found on the device at load); it was not loaded."
            )
        arrays = {name: np.array(s.numpy(), copy=True)
                  for name, s in zip(self._names, self._slots[slot], strict=True)}
        arrays.update({k: np.array(a, copy=True) for k, a in host.items()})
        return Snapshot(step, arrays, dict(meta))
