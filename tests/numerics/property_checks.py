"""The three property checks every op and loss spec runs (see numerics_support)."""

from __future__ import annotations

import numpy as np
from numerics_support import (
    Spec,
    describe,
    expand_to,
    out_dtype,
    prepare,
    reference,
    run,
    tolerance,
)

from nanguard.numerics._xp import FINFO

np.seterr(invalid="ignore", over="ignore")  # inf - inf in comparisons is handled


def check_finite(spec: Spec, dtype: str, data) -> None:
    """Value finite where the true value fits the dtype; gradient finite (everywhere if bounded)."""
    arrays = prepare(spec, dtype, data)
    y, grads = run(spec, dtype, arrays)
    y64, grads64 = reference(spec, dtype, arrays, spec.fn)
    out_max = FINFO[out_dtype(spec, dtype)].max
    if spec.always_finite:
        must = np.ones(y.shape, bool)
    else:
        must = np.isfinite(y64) & (np.abs(y64) < out_max / 2)
    bad = must & ~np.isfinite(y)
    assert not bad.any(), f"{spec.name} value not finite " + describe(arrays, bad, y, y64)
    in_max = FINFO[dtype].max
    value_fits = np.isfinite(y64) & (np.abs(y64) < out_max / 2)
    for k, (g, g64) in enumerate(zip(grads, grads64, strict=True)):
        if spec.bounded_grad:
            must = np.ones(g.shape, bool)
        else:  # where the value itself overflows (documented), so may its gradient
            must = np.isfinite(g64) & (np.abs(g64) < in_max / 4)
            must &= expand_to(value_fits, g.shape)
        bad = must & ~np.isfinite(g)
        arg = arrays[spec.wrt[k]]
        assert not bad.any(), f"{spec.name} grad[{k}] not finite " + describe([arg], bad, g, g64)


def check_reference(spec: Spec, dtype: str, data) -> None:
    """In the interior, value and gradient match the naive float64 formula and its autodiff."""
    arrays = prepare(spec, dtype, data)
    y, grads = run(spec, dtype, arrays)
    ref, ref_grads = reference(spec, dtype, arrays, spec.naive)
    out_max = FINFO[out_dtype(spec, dtype)].max
    args64 = [np.asarray(a, np.float64) for a in arrays]
    inside = np.ones(y.shape, bool) if spec.interior is None else spec.interior(args64, dtype)
    inside = inside & np.isfinite(ref) & (np.abs(ref) < out_max / 2)
    bad = inside & ~(np.abs(y - ref) <= tolerance(spec, dtype, ref))
    assert not bad.any(), f"{spec.name} value off " + describe(arrays, bad, y, ref)
    in_max = FINFO[dtype].max
    for k, (g, g_ref) in enumerate(zip(grads, ref_grads, strict=True)):
        arg = arrays[spec.wrt[k]]
        mask = expand_to(inside, arg.shape) & np.isfinite(g_ref) & (np.abs(g_ref) < in_max / 4)
        if not spec.elementwise:  # a row counts only if all its reference gradients are fine
            row_ok = np.all(np.isfinite(g_ref) & (np.abs(g_ref) < in_max / 4), axis=-1)
            mask &= np.broadcast_to(row_ok[..., None], arg.shape)
        bad = mask & ~(np.abs(g - g_ref) <= tolerance(spec, dtype, g_ref))
        assert not bad.any(), f"{spec.name} grad[{k}] off " + describe([arg], bad, g, g_ref)


def check_modes_agree(spec: Spec, dtype: str, data) -> None:
    """Eager, tf.function and tf.function(jit_compile=True) give the same values and gradients."""
    arrays = prepare(spec, dtype, data)
    eager = run(spec, dtype, arrays, "eager")
    for mode in ("graph", "xla"):
        other = run(spec, dtype, arrays, mode)
        for name, a, b in [("value", eager[0], other[0])] + [
            (f"grad[{k}]", g, h) for k, (g, h) in enumerate(zip(eager[1], other[1], strict=True))
        ]:
            same_finite = np.isfinite(a) == np.isfinite(b)
            close = np.abs(a - b) <= 2 * tolerance(spec, dtype, np.where(np.isfinite(a), a, 0))
            bad = ~same_finite | (np.isfinite(a) & ~close)
            assert not bad.any(), f"{spec.name} {mode} {name} differs " + describe(
                arrays, bad, a, b
            )
