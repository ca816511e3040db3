"""The in-graph guard's state variables, packed, and their host reads and writes.

Why a module of its own: the packing (three variables for the twelve
``policy.GuardState`` fields) is what a healthy step pays in variable reads and
writes, and what the host pays per device read; both sides use one layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core import policy
from nanguard.numerics.tf_backend import BACKEND as tfxp

__all__ = ["EVENT_CAPACITY", "FLOAT_FIELDS", "INT_FIELDS", "RING_FIELDS", "GuardVariables",
           "host_value"]

EVENT_CAPACITY = 512

#: How ``policy.GuardState`` is packed into three variables: one read and one write
#: per group in a step (not one per field), and one device read per group on the host.
INT_FIELDS = ("step", "skipped", "consecutive", "spikes", "hist_count", "last_trigger")
FLOAT_FIELDS = ("max_loss", "last_loss", "last_gnorm", "last_clip")
RING_FIELDS = ("loss_hist", "gnorm_hist")
_GROUPS = (("counters", INT_FIELDS), ("scalars", FLOAT_FIELDS), ("rings", RING_FIELDS))


class GuardVariables:
    """The guard's state variables, shared by every hooks view of one guard.

    ``GuardState`` lives packed: ``counters`` (int64, ``INT_FIELDS``), ``scalars``
    (float32, ``FLOAT_FIELDS``) and ``rings`` (float32 ``[2, window]``,
    ``RING_FIELDS``). Each healthy step reads and writes each group once.
    """

    def __init__(self, config: policy.GuardConfig, strategy: tf.distribute.Strategy):
        init = policy.init_state(config, tfxp)._asdict()
        with strategy.scope():
            self.counters = _var(tf.stack([init[n] for n in INT_FIELDS]), "counters")
            self.scalars = _var(tf.stack([init[n] for n in FLOAT_FIELDS]), "scalars")
            self.rings = _var(tf.stack([init[n] for n in RING_FIELDS]), "rings")
            self.loss_scale_skips = _var(tf.constant(0, tf.int64), "loss_scale_skips")
            # [falls of the loss scale since it last grew, the scale the last step saw]:
            # read and written only by a step with a loss scale and a check hook.
            self.loss_scale_watch = _var(tf.constant([0.0, 0.0], tf.float64),
                                         "loss_scale_watch")
            self.events = _var(
                tf.zeros((EVENT_CAPACITY, len(policy.EVENT_FIELDS)), tf.float64), "events"
            )
            self.n_events = _var(tf.constant(0, tf.int64), "n_events")
            # Host-requested skips (e.g. "skip the next S batches" after a rollback):
            # while > 0, updates are not applied and the counter counts down.
            self.force_skip = _var(tf.constant(0, tf.int64), "force_skip")
            self.forced_skips = _var(tf.constant(0, tf.int64), "forced_skips")
        # Assignments from the host so far: a host cache of the state holds while it is unchanged.
        self.host_writes = 0

    def groups(self):
        """``(variable, field names)`` of the packed ``GuardState``."""
        return ((self.counters, INT_FIELDS), (self.scalars, FLOAT_FIELDS),
                (self.rings, RING_FIELDS))

    def read_in_graph(self) -> policy.GuardState:
        """The state as a ``GuardState`` of tensors (one read and one unstack per group)."""
        values = {}
        for var, names in self.groups():
            values.update(zip(names, tf.unstack(var.value(), num=len(names))))
        return policy.GuardState(**values)

    def write_in_graph(self, state: policy.GuardState) -> None:
        """Assign a new ``GuardState`` (one stack and one write per group)."""
        for var, names in self.groups():
            var.assign(tf.stack([tf.cast(getattr(state, n), var.dtype) for n in names]))

    def scalars_by_name(self) -> dict[str, tf.Variable]:
        return {"loss_scale_skips": self.loss_scale_skips,
                "loss_scale_watch": self.loss_scale_watch, "events": self.events,
                "n_events": self.n_events, "force_skip": self.force_skip,
                "forced_skips": self.forced_skips}

    def read_host(self, history: bool = True) -> dict[str, np.ndarray]:
        """``GuardState`` fields by name (host arrays); without the rings unless ``history``."""
        out = {}
        for var, names in self.groups():
            if names is RING_FIELDS and not history:
                continue
            out.update(zip(names, host_value(var)))
        return out

    def write_host(self, values: Mapping[str, Any]) -> None:
        """Assign any subset of ``GuardState`` fields and the other state variables."""
        single = self.scalars_by_name()
        known = set(single).union(*[names for _, names in self.groups()])
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(f"unknown guard state variables {unknown}; known: {sorted(known)}")
        self.host_writes += 1
        for var, names in self.groups():
            if any(n in values for n in names):
                packed = var.numpy().copy()
                for i, n in enumerate(names):
                    if n in values:
                        packed[i] = np.asarray(values[n]).astype(packed.dtype)
                var.assign(packed)
        for name, var in single.items():
            if name in values:
                var.assign(np.asarray(values[name]).astype(var.dtype.as_numpy_dtype))


def host_value(var: Any) -> np.ndarray:
    """The value of a state variable on the host, through one eager read op.

    Why not ``var.numpy()``: that builds a name scope and records the read for
    gradient tapes around the same op, about three times its cost (28 us against
    9 us per read on the 2-core CPU), and the Keras Guard reads its state every
    ``log_every`` steps, between two steps. A distributed variable (one copy per
    replica) keeps the ordinary read, which picks the replica to read.
    """
    if isinstance(var, tf.distribute.DistributedValues):
        return var.numpy()
    return tf.raw_ops.ReadVariableOp(resource=var.handle, dtype=var.dtype).numpy()


def _var(value, name):
    return tf.Variable(
        value,
        trainable=False,
        name=f"nanguard_{name}",
        synchronization=tf.VariableSynchronization.ON_READ,
        aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA,
    )
