"""Capture a skipped step for replay: batch, weights, optimizer state, RNG (host side).

Runs one step late, when the host reads a skipped step's outcome. The
parameters and optimizer state are then still those from before the skipped
step (the skip left them bitwise unchanged); the buffers before that step's
forward are the guard's buffer copies; the RNG state is the one saved when the
previous step ended.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

__all__ = ["capture_step", "batch_arrays", "nonfinite_rows", "to_numpy"]


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """A host NumPy copy; bfloat16 goes through float32 (NumPy has no bfloat16)."""
    t = t.detach()
    if getattr(t, "_local_tensor", None) is not None:
        t = t._local_tensor
    if t.dtype == torch.bfloat16:
        t = t.to(torch.float32)
    return t.cpu().numpy().copy()


def batch_arrays(batch: Any) -> dict[str, np.ndarray]:
    """Name the tensors of a batch like the Keras side: ``x``, ``y``, ``sample_weight``.

    A tensor is ``x``; a tuple/list is ``(x, y[, sample_weight])``; a dict is
    ``x/<key>``. Nested containers add ``/<index or key>``.
    """
    out: dict[str, np.ndarray] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, torch.Tensor):
            out[name] = to_numpy(value)
        elif isinstance(value, np.ndarray):
            out[name] = value.copy()
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{name}/{k}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{name}/{i}")

    from nanguard.torch.data import MicroBatches

    if isinstance(batch, MicroBatches):  # x/micro2, x/micro2/input_ids: still x, y...
        out = {}
        for i, part in enumerate(batch):
            for name, value in batch_arrays(part).items():
                head, _, rest = name.partition("/")
                out[f"{head}/micro{i}" + (f"/{rest}" if rest else "")] = value
        return out
    if isinstance(batch, (list, tuple)) and 1 <= len(batch) <= 3:
        for name, value in zip(("x", "y", "sample_weight"), batch):
            walk(value, name)
    else:
        walk(batch, "x")
    return out


def nonfinite_rows(batch: Any) -> list[int]:
    """Rows (leading index) of the batch's floating tensors that hold NaN/Inf."""
    rows: set[int] = set()
    for value in batch_arrays(batch).values():
        if value.ndim and value.dtype.kind in "fc":
            bad = ~np.isfinite(value.reshape(len(value), -1)).all(axis=1)
            rows.update(int(r) for r in np.flatnonzero(bad))
    return sorted(rows)


def capture_step(guard: Any, pending: Any, step: int, trigger: str) -> dict:
    """Everything needed to replay and to write the incident folder."""
    variables = {name: to_numpy(p) for name, p in guard.model.named_parameters()}
    buffers = dict(zip(guard._buffers.names, (to_numpy(c) for c in guard._buffers.copies)))
    optimizer = {}
    names = {id(p): n for n, p in guard.model.named_parameters()}
    for p, state in guard.optimizer.state.items():
        for key, value in state.items():
            if isinstance(value, torch.Tensor):
                optimizer[f"{names.get(id(p), id(p))}/{key}"] = to_numpy(value)
    return {
        "step": step, "trigger": trigger, "epoch": guard.host.epoch, "batch": step,
        "replica": _rank(),
        "batch_arrays": batch_arrays(pending.batch), "variables": {**variables, **buffers},
        "optimizer": optimizer, "rng": pending.rng, "batch_ref": pending.batch,
    }


def _rank() -> int:
    import torch.distributed as dist

    return dist.get_rank() if dist.is_available() and dist.is_initialized() else 0
