"""The guard's state and per-step metrics, packed into two arrays.

Why packed: a jitted step pays per argument and per output on the host (buffer
handling and one ``jax.Array`` object each), and XLA on CPU runs one small
kernel per scalar it cannot fuse. The guard's counters, flags and detector
windows as separate scalars added ~25 leaves per step (state in and out, and the
metrics), which measured ~+55 us of process CPU per step on a tiny MLP: more than
the guard's own device work. Packed, they are one ``int32`` vector and one
``float32`` vector; inside ``jit`` the fields are slices (fused away), and on the
host one transfer per vector reads them all.

``GuardedState`` keeps the field names as read-only properties (``.guard``,
``.applied``, ``.last_skip_trigger``...), so code that reads them is unchanged;
:meth:`GuardedState.replace` writes them. ``GuardMetrics`` is a ``Mapping`` with
the documented ``nanguard.jax.metrics`` keys over the same two vectors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from nanguard.core import policy

__all__ = ["GuardMetrics", "GuardedState", "pack", "to_host"]

# int32 vector: the policy's integer counters, then the wrapper's flags.
_INTS = ("step", "skipped", "consecutive", "spikes", "hist_count", "last_trigger",
         "applied", "last_skip_trigger", "last_skip_step", "stop", "force_skip", "forced")
# float32 vector: these scalars, then loss_hist[window], then gnorm_hist[window].
_FLOATS = ("max_loss", "last_loss", "last_gnorm", "last_clip", "lr_scale")
_I = {name: i for i, name in enumerate(_INTS)}
_F = {name: i for i, name in enumerate(_FLOATS)}
_BOOLS = frozenset({"applied", "stop", "forced"})
_WRAPPER = ("applied", "last_skip_trigger", "last_skip_step", "stop", "lr_scale",
            "force_skip", "forced")


def _xp(a):
    return np if isinstance(a, np.ndarray) else jnp


class GuardedState(NamedTuple):
    """State of :func:`nanguard.jax.guard`: the inner state and two packed vectors.

    Attributes (read-only properties over ``ints``/``floats``):
        inner_state: the wrapped transformation's state (bitwise unchanged on a skip).
        guard: the shared decision's counters and rolling windows
            (``nanguard.core.policy.GuardState``).
        applied: bool, whether the last step's update was applied.
        last_skip_trigger: int32, why the most recent skipped step was skipped
            (``nanguard.core.policy.Trigger``; 0 before the first skip).
        last_skip_step: int32, the guard step (0-based) of that skip, or -1.
        stop: bool, ``consecutive >= max_consecutive_skips``: the host should stop.
        lr_scale: float32, multiplies every update (1 unless a recovery rollback backed
            the learning rate off).
        force_skip: int32, how many coming steps to skip whatever their gradients.
        forced: bool, the last step was healthy but skipped because of ``force_skip``.
    """

    inner_state: Any
    ints: Any  # int32[len(_INTS)]
    floats: Any  # float32[len(_FLOATS) + 2 * window]

    def _int(self, name: str):
        v = self.ints[_I[name]]
        return v != 0 if name in _BOOLS else v

    @property
    def window(self) -> int:
        return (int(self.floats.shape[0]) - len(_FLOATS)) // 2

    @property
    def guard(self) -> policy.GuardState:
        f, w, n = self.floats, self.window, len(_FLOATS)
        return policy.GuardState(
            step=self._int("step"), skipped=self._int("skipped"),
            consecutive=self._int("consecutive"), spikes=self._int("spikes"),
            loss_hist=f[n:n + w], gnorm_hist=f[n + w:n + 2 * w],
            hist_count=self._int("hist_count"), max_loss=f[_F["max_loss"]],
            last_loss=f[_F["last_loss"]], last_gnorm=f[_F["last_gnorm"]],
            last_clip=f[_F["last_clip"]], last_trigger=self._int("last_trigger"))

    applied = property(lambda self: self._int("applied"))
    last_skip_trigger = property(lambda self: self._int("last_skip_trigger"))
    last_skip_step = property(lambda self: self._int("last_skip_step"))
    stop = property(lambda self: self._int("stop"))
    force_skip = property(lambda self: self._int("force_skip"))
    forced = property(lambda self: self._int("forced"))
    lr_scale = property(lambda self: self.floats[_F["lr_scale"]])

    def replace(self, **fields: Any) -> GuardedState:
        """A copy with fields replaced (``inner_state``, ``guard`` or any wrapper flag)."""
        inner = fields.pop("inner_state", self.inner_state)
        guard = fields.pop("guard", self.guard)
        unknown = set(fields) - set(_WRAPPER)
        if unknown:
            raise TypeError(f"GuardedState has no field(s) {sorted(unknown)}")
        values = {k: fields.get(k, getattr(self, k)) for k in _WRAPPER}
        return pack(inner, guard, **values)


def pack(inner_state: Any, guard: policy.GuardState, **flags: Any) -> GuardedState:
    """Build a :class:`GuardedState` from the policy state and the wrapper's flags."""
    values = {**guard._asdict(), **flags}
    xp = _xp(guard.loss_hist)
    if xp is jnp:
        # One fused elementwise kernel (a chain of selects over an iota) instead of a
        # concatenate of one tiny kernel per field: XLA on CPU runs each unfused
        # scalar op as its own kernel.
        idx = jnp.arange(len(_INTS), dtype=jnp.int32)
        ints = jnp.zeros(len(_INTS), jnp.int32)
        for i, k in enumerate(_INTS):
            ints = jnp.where(idx == i, jnp.asarray(values[k]).astype(jnp.int32), ints)
    else:
        ints = xp.stack([xp.asarray(values[k]).astype(xp.int32) for k in _INTS])
    floats = xp.concatenate([
        xp.stack([xp.asarray(values[k]).astype(xp.float32) for k in _FLOATS]),
        xp.asarray(guard.loss_hist).astype(xp.float32),
        xp.asarray(guard.gnorm_hist).astype(xp.float32)])
    return GuardedState(inner_state, ints, floats)


def to_host(state: GuardedState) -> GuardedState:
    """The same state with ``ints``/``floats`` as NumPy arrays (one transfer each)."""
    return state._replace(ints=np.asarray(state.ints), floats=np.asarray(state.floats))


_METRICS = {  # key -> (vector, field)
    "applied": ("i", "applied"), "trigger": ("i", "last_trigger"),
    "loss": ("f", "last_loss"), "grad_norm": ("f", "last_gnorm"),
    "clip_scale": ("f", "last_clip"), "consecutive": ("i", "consecutive"),
    "skipped": ("i", "skipped"), "spikes": ("i", "spikes"), "step": ("i", "step"),
    "stop": ("i", "stop"), "forced": ("i", "forced"),
}


@jax.tree_util.register_pytree_node_class
class GuardMetrics(Mapping):
    """``nanguard.jax.metrics(opt_state)``: a read-only mapping over the packed vectors.

    Two leaves to return from a jitted step (not eleven); ``m["loss"]`` slices on
    demand (a traced slice inside ``jit``, a device op outside it). :meth:`host`
    reads every key with one transfer per vector.
    """

    def __init__(self, ints: Any, floats: Any):
        self.ints = ints
        self.floats = floats

    def tree_flatten(self):
        return (self.ints, self.floats), None

    @classmethod
    def tree_unflatten(cls, _aux, children):
        return cls(*children)

    def __getitem__(self, key: str):
        vec, name = _METRICS[key]
        if vec == "f":
            return self.floats[_F[name]]
        v = self.ints[_I[name]]
        return v != 0 if name in _BOOLS else v

    def __iter__(self) -> Iterator[str]:
        return iter(_METRICS)

    def __len__(self) -> int:
        return len(_METRICS)

    def host(self) -> dict[str, Any]:
        """Every key as a NumPy scalar: one device-to-host transfer per vector."""
        return dict(GuardMetrics(np.asarray(self.ints), np.asarray(self.floats)).items())

    def __repr__(self) -> str:
        return f"GuardMetrics(ints={self.ints!r}, floats={self.floats!r})"
