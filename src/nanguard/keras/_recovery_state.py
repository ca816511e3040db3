"""The Keras state a rollback captures and restores, and the host checks on it.

One concept: *what* ``nanguard.keras.Recovery`` saves and puts back (the model's
variables, the optimizer's variables and the guard's detector state), the host
scan that tells a corrupted state from a healthy one, and the one collective that
makes every worker of a ``MultiWorkerMirroredStrategy`` agree on what a single
host saw.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.recovery_contract import RecoveryContext
from nanguard.core.snapshots import MemoryRing, Snapshot
from nanguard.errors import SnapshotError
from nanguard.keras._device_ring import DeviceRing

__all__ = ["GUARD_PREFIX", "RecoveryVariables", "first_nonfinite", "multi_worker"]

GUARD_PREFIX = "guard/"


def _unique(variables) -> list:
    seen, out = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out


def first_nonfinite(names: list[str], arrays: list[np.ndarray]) -> str:
    """``"nonfinite_weights (dense/kernel)"`` for the first non-finite array, or ``""``.

    Optimizer variables are looked at first: a NaN in a slot (Adam's ``v``) is
    written into the weights by the next update, and the slot is the root.
    """
    pairs = sorted(zip(names, arrays, strict=True), key=lambda p: not p[0].startswith("opt"))
    for name, a in pairs:
        if a.dtype.kind in "fc" and not np.isfinite(a).all():
            kind = "nonfinite_optimizer_state" if name.startswith("optimizer/") else (
                "nonfinite_weights"
            )
            return f"{kind} ({name.split(':', 1)[1]})"
    return ""


def multi_worker(strategy: Any) -> Any:
    """``strategy`` when it spans several worker processes, else ``None``."""
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None:
        return None
    try:
        workers = resolver.cluster_spec().num_tasks("worker")
    except ValueError:  # no "worker" job: a single process
        return None
    return strategy if workers > 1 else None


class RecoveryVariables:
    """The variables of one model a snapshot holds, by stable name.

    The lists are fixed once the model is built: a subclassed model that ``fit``
    builds on its first step has none at ``attach`` (``resolve`` then keeps
    returning ``False``, and the first snapshot waits).

    Args:
        strategy: the model's distribution strategy (collectives under MWMS).
    """

    def __init__(self, strategy: Any = None):
        self.model_vars: list = []
        self.opt_vars: list = []
        self.names: list[str] = []
        self.strategy = multi_worker(strategy)

    def resolve(self, model: Any, lr_var: Any) -> bool:
        """Fix the variable lists if ``model`` is built; ``True`` once they are."""
        if self.names:
            return True
        if not model.trainable_variables:
            return False
        self.model_vars = _unique(
            list(model.trainable_variables) + list(model.non_trainable_variables)
        )
        self.opt_vars = [v for v in model.optimizer.variables if v is not lr_var]
        self.names = [f"model/{i}:{v.path}" for i, v in enumerate(self.model_vars)]
        self.names += [f"optimizer/{i}:{v.path}" for i, v in enumerate(self.opt_vars)]
        return True

    # ------------------------------------------------------------------ capture / restore
    def capture(self, ctx: RecoveryContext) -> dict[str, np.ndarray]:
        """Host copies of every variable and of the guard's detector state."""
        values = [v.numpy() for v in self.model_vars + self.opt_vars]
        # ``Variable.numpy()`` already returns a fresh host copy: copy only what is not.
        arrays = {n: a if isinstance(a, np.ndarray) and a.flags.owndata else np.array(a)
                  for n, a in zip(self.names, values, strict=True)}
        for k, a in ctx.guard_state().items():
            arrays[GUARD_PREFIX + k] = a
        return arrays

    def _check(self, snap: Snapshot) -> list[str]:
        names = [n for n in snap.arrays if not n.startswith(GUARD_PREFIX)]
        if names != self.names:
            raise SnapshotError(
                f"snapshot of step {snap.step} does not match this model's variables "
                f"({len(names)} arrays, {len(self.names)} variables).",
                path=snap.path,
            )
        return names

    def values_by_id(self, snap: Snapshot) -> dict[int, np.ndarray]:
        """``{id(variable): array}`` of ``snap``'s model variables (for a re-run)."""
        self._check(snap)
        n = len(self.model_vars)
        return {id(v): snap.arrays[name]
                for v, name in zip(self.model_vars, self.names[:n], strict=True)}

    def restore(self, ctx: RecoveryContext, snap: Snapshot) -> None:
        """Assign ``snap`` back (bitwise) and put the guard's detector state back."""
        names = self._check(snap)
        for var, name in zip(self.model_vars + self.opt_vars, names, strict=True):
            var.assign(snap.arrays[name])
        ctx.restore_guard_state(
            {k[len(GUARD_PREFIX):]: a for k, a in snap.arrays.items()
             if k.startswith(GUARD_PREFIX)}
        )

    # ------------------------------------------------------------------ the ring
    def save(self, store: Any, ctx: RecoveryContext, step: int, forget: tuple[int, ...],
             meta: dict) -> tuple[str, str]:
        """Capture, check finite and keep a snapshot at ``step``; ``(corrupt, error)``.

        A non-finite capture is not kept (``corrupt`` names it: roll back instead);
        a store that cannot keep it gives ``error``. The device ring copies on the
        device and checks there: its verdict is read only when the snapshot is
        loaded (a non-finite one is refused then), so ``corrupt`` stays empty.
        """
        if isinstance(store, DeviceRing):  # one traced copy; finiteness checked at load
            guard = {GUARD_PREFIX + k: a for k, a in ctx.guard_state().items()}
            for old in forget:
                store.drop(old)
            try:
                store.save(step, self.model_vars + self.opt_vars, self.names, guard, meta)
            except SnapshotError as exc:
                return "", str(exc)
            return "", ""
        arrays = self.capture(ctx)
        corrupt = self.scan_arrays(arrays)
        if corrupt:
            return corrupt, ""
        for old in forget:
            store.drop(old)
        try:
            if isinstance(store, MemoryRing):
                store.save(step, arrays, meta, owned=True)  # fresh copies: keep them
            else:
                store.save(step, arrays, meta)
        except SnapshotError as exc:
            return "", str(exc)
        return "", ""

    def load(self, store: Any, candidates: tuple[int, ...], refused: Any):
        """The first candidate that loads and matches: ``(snap, values, dropped, errors)``.

        ``refused(exc)`` is told of each snapshot that does not (a corrupt file).
        """
        dropped, errors = [], []
        for candidate in candidates:
            try:
                snap = store.load(candidate)
                return snap, self.values_by_id(snap), dropped, errors
            except SnapshotError as exc:
                dropped.append(candidate)
                errors.append(str(exc))
                refused(exc)
        return None, None, dropped, errors

    # ------------------------------------------------------------------ host checks
    def scan(self) -> str:
        """Host check of every variable (failure path only): corruption of the state."""
        values = [np.asarray(v.numpy()) for v in self.model_vars + self.opt_vars]
        return self.agree(first_nonfinite(self.names, values))

    def scan_arrays(self, arrays: dict[str, np.ndarray]) -> str:
        return self.agree(first_nonfinite(self.names, [arrays[n] for n in self.names]))

    def agree(self, found: str) -> str:
        """Under MultiWorkerMirroredStrategy, one host finding for every worker.

        A corruption may hit one worker's copy of the variables only; every worker
        must then roll back together, or the replicas part ways. Called at the same
        points on every worker (after a global skip event, at a snapshot), so the
        collective lines up.
        """
        if self.strategy is None:
            return found
        total = self.sum_across_workers(np.array([1.0 if found else 0.0]))
        if total[0] > 0 and not found:
            return "nonfinite state on another worker"
        return found

    def sum_across_workers(self, flags: np.ndarray) -> np.ndarray:
        """Element-wise sum of ``flags`` over the workers (``flags`` itself on one host)."""
        if self.strategy is None:
            return flags
        value = tf.constant(np.asarray(flags, dtype=np.float32))
        per_replica = self.strategy.run(lambda: tf.identity(value))
        total = self.strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)
        return np.asarray(total.numpy())
