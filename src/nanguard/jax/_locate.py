"""``nanguard.locate(fn, params, *batch)`` for JAX: where did the NaN/Inf come from?"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from nanguard.core.incident import Finding
from nanguard.core.layer_fixes import apply_layer_context
from nanguard.core.localize import localize_step

__all__ = ["locate", "locate_trace", "named_leaves"]


def named_leaves(tree: Any, prefix: str) -> dict[str, np.ndarray]:
    """``{prefix + keypath: leaf}`` for every array leaf of a PyTree (host copies)."""
    out = {}
    for path, leaf in jax.tree_util.tree_leaves_with_path(tree):
        if hasattr(leaf, "dtype"):
            out[prefix + jax.tree_util.keystr(path)] = np.asarray(leaf)
    return out


def _batch_names(args: tuple) -> dict[str, np.ndarray]:
    batch = {}
    for i, arg in enumerate(args):
        top = "x" if i == 0 else "y" if i == 1 else f"x/arg{i + 1}"
        batch.update(named_leaves(arg, top))
    return batch


def _check(fn: Any, args: tuple, kwargs: dict) -> None:
    if not callable(fn):
        raise TypeError(f"nanguard.locate: `fn` must be callable; got {type(fn).__name__}.")
    if not args:
        raise TypeError(
            "nanguard.locate: pass the arguments of `fn`; gradients are taken with respect "
            "to the first one, as jax.grad does: nanguard.locate(loss_fn, params, batch)."
        )
    kinds: dict = {}

    def probe(*a):
        out = fn(*a, **kwargs)
        kinds["type"] = type(out).__name__
        return out if hasattr(out, "dtype") else None

    out = jax.eval_shape(probe, *args)
    if not hasattr(out, "shape") or not hasattr(out, "dtype"):
        raise TypeError(
            f"nanguard.locate: `fn` must return a scalar float array; it returned "
            f"{kinds.get('type')}."
        )
    if out.shape != () or not jnp.issubdtype(out.dtype, jnp.floating):
        raise TypeError(
            f"nanguard.locate: `fn` must return a scalar float loss; it returned "
            f"shape {tuple(out.shape)} dtype {out.dtype}. Reduce it first, e.g. with jnp.mean."
        )


def _trigger(trace: dict) -> str:
    stats = trace["stats"].get(trace.get("loss") or "")
    if stats and stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]:
        return "loss"
    return "gradients"


def _finite_trigger(fn: Callable, args: tuple, kwargs: dict) -> str | None:
    """One compiled ``value_and_grad``: ``None`` if all finite, else ``"loss"``/``"gradients"``."""
    loss, grads = jax.jit(jax.value_and_grad(lambda p, *a: fn(p, *a, **kwargs)))(*args)
    if not np.isfinite(np.asarray(loss, np.float64)).all():
        return "loss"
    for g in jax.tree_util.tree_leaves(grads):
        if jnp.issubdtype(g.dtype, jnp.inexact) and not np.isfinite(
                np.asarray(g, np.complex128 if jnp.iscomplexobj(g) else np.float64)).all():
            return "gradients"
    return None


def locate_trace(fn: Callable[..., Any], args: tuple, kwargs: dict | None = None,
                 history: dict | None = None) -> tuple[Finding | None, dict | None]:
    """The finding and the trace it came from (the trace is ``None`` for a data/weights finding).

    A compiled run decides first whether anything is non-finite at all (a NaN in
    a masked-out input is not a finding); only then is the step replayed.
    """
    from nanguard.jax._trace import trace_value_and_grad

    kwargs = kwargs or {}
    _check(fn, args, kwargs)
    trigger = _finite_trigger(fn, args, kwargs)
    if trigger is None:
        return None, None
    kept: dict = {}

    def replay() -> dict:
        trace, values = trace_value_and_grad(fn, args, kwargs)
        kept["tensors"] = values["tensors"]
        kept["layers"] = values["layers"]
        return trace

    finding, trace = localize_step(
        _batch_names(args[1:]), named_leaves(args[0], "params"), replay,
        history=history, trigger=trigger, framework="jax")
    if finding is not None and trace is not None and "tensors" in kept:
        module = kept["layers"].get(finding.origin.layer or "")
        # A batch norm's NaN is a feature's (constant over the batch): no row is at fault.
        if module is None or not module[0].startswith("BatchNorm"):
            finding.origin.rows = _rows(trace, kept["tensors"], args[1:])
        # A Linen module has no class here: only the layer-free remedies apply to it.
        apply_layer_context(finding, layer_class=module[0] if module else None,
                            builtin=bool(module and module[1]), framework_name="Flax",
                            batch_size=_batch_size(args[1:]))
    return finding, trace


def _batch_size(batch_args: tuple) -> int | None:
    leaves = [x for x in jax.tree_util.tree_leaves(batch_args) if np.ndim(x)]
    return int(np.shape(leaves[0])[0]) if leaves else None


def _rows(trace: dict, tensors: dict, batch_args: tuple) -> list[int] | None:
    """Rows at fault of a forward origin (``core.rows``); the batch size is the leading
    size of the first batch argument's first array (unknown without a batch argument)."""
    from nanguard.core.rows import origin_rows

    batch_size = _batch_size(batch_args)
    if batch_size is None:
        return None

    def fetch(name: str) -> np.ndarray:
        value = tensors[name]  # KeyError: a finite value, not kept
        return np.asarray(value, np.float32 if value.dtype.name == "bfloat16" else None)

    return origin_rows(trace, fetch, batch_size)


def locate(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Finding | None:
    """Replay ``value_and_grad(fn)`` equation by equation and name the first NaN/Inf.

    Prevents guessing which of thousands of XLA ops produced a NaN, in the
    forward or the backward pass: the answer names the phase, the primitive,
    the Flax module path and the user's ``file:line`` (for a backward origin,
    the forward line it differentiates). A masked ``-inf`` that never reaches
    the loss or the gradients is not a finding. Nothing is changed.

    Args:
        fn: a JAX function returning a scalar float loss.
        *args: its arguments; gradients are taken with respect to the first
            (as ``jax.grad``), which is also checked for non-finite weights; the
            others are the batch (checked for non-finite inputs first).
        **kwargs: passed to ``fn`` (not differentiated).

    Returns:
        A :class:`nanguard.Finding`, or ``None`` when the loss and every gradient are finite.

    Raises:
        TypeError: ``fn`` is not callable, no arguments were given, or ``fn``
            does not return a scalar float.

    Example:
        >>> finding = nanguard.locate(loss_fn, params, x, y)  # doctest: +SKIP
        >>> print(finding.cause, finding.origin.file, finding.origin.line)  # doctest: +SKIP
    """
    finding, _ = locate_trace(fn, args, kwargs)
    return finding
