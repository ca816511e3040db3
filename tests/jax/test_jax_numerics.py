"""nanguard.ops and nanguard.losses on JAX arrays: the same edge conventions as on TensorFlow.

The TensorFlow path of every op and loss is property-tested against naive float64
formulas in ``tests/numerics``. Here the very same specs (drawn values plus the
forced edge points of float16, bfloat16, float32 and float64) run on JAX arrays,
eagerly and under ``jit``, and must match the TensorFlow results: finite in the
same places, equal within the dtype's tolerance, for the value and the gradient.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

jax = pytest.importorskip("jax")
import jax.numpy as jnp  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1] / "numerics"))

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from numerics_support import DTYPES, EDGES, ZEROS, describe, prepare, run, tolerance  # noqa: E402
from test_losses_properties import SPECS as LOSS_SPECS  # noqa: E402
from test_ops_properties import MASK  # noqa: E402
from test_ops_properties import SPECS as OP_SPECS  # noqa: E402

from nanguard import ops  # noqa: E402
from nanguard.numerics._xp import FINFO, namespace  # noqa: E402

# The one spec whose function calls TensorFlow itself: give it the jnp twin.
JAX_FN = {"safe_where": lambda x: ops.safe_where(x > 0, jnp.sqrt, lambda v: -v, x)}
SPECS = OP_SPECS + LOSS_SPECS
CASES = [pytest.param(s, d, id=f"{s.name}-{d}") for s in SPECS for d in DTYPES]
_WEIGHTS: dict = {}


def _upstream(shape):
    size = int(np.prod(shape)) if shape else 1
    return (0.25 + (np.arange(size) % 7) / 8.0).reshape(shape)  # as numerics_support's


def _value_and_grads(fn, wrt):
    def objective(*args):
        y = fn(*args)
        return jnp.sum(y.astype(jnp.float64) * _upstream(y.shape)), y

    grad = jax.grad(objective, argnums=wrt, has_aux=True)

    def both(*args):
        grads, y = grad(*args)
        return y, list(grads)

    return both


def _run_jax(spec, arrays, mode):
    fn = JAX_FN.get(spec.name, spec.fn)
    compute = _value_and_grads(fn, tuple(spec.wrt))
    if mode == "jit":
        compute = jax.jit(compute)
    with jax.enable_x64(True):
        y, grads = compute(*[jnp.asarray(a) for a in arrays])
        return (np.asarray(y.astype(jnp.float64)),
                [np.asarray(g.astype(jnp.float64)) for g in grads])


def _same(spec, dtype, arrays, what, got, want):
    same_finite = np.isfinite(got) == np.isfinite(want)
    # Where TF overflows to ±inf (documented for the unbounded ops), JAX may still hold
    # the huge finite value of the same sign: computed in float32/float64, cast later.
    huge = FINFO[dtype].max / 8
    overflow_kept = np.isinf(want) & np.isfinite(got) & (np.sign(got) == np.sign(want)) & (
        np.abs(got) >= huge)
    same_finite |= overflow_kept
    close = np.abs(got - want) <= 2 * tolerance(spec, dtype, np.where(np.isfinite(want), want, 0))
    bad = ~same_finite | (np.isfinite(want) & ~close)
    assert not bad.any(), f"{spec.name} {what} differs from TF " + describe(arrays, bad, got, want)


@pytest.mark.parametrize(("spec", "dtype"), CASES)
@settings(max_examples=4, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
@example(data=EDGES)
@example(data=ZEROS)
def test_jax_eager_and_jit_match_the_tensorflow_conventions(spec, dtype, data):
    arrays = prepare(spec, dtype, data)
    y_tf, g_tf = run(spec, dtype, arrays, "eager")
    for mode in ("eager", "jit"):
        y, grads = _run_jax(spec, arrays, mode)
        _same(spec, dtype, arrays, f"{mode} value", y, y_tf)
        for k, (g, h) in enumerate(zip(grads, g_tf, strict=True)):
            _same(spec, dtype, arrays, f"{mode} grad[{k}]", g, h)


def test_jax_arrays_get_the_jax_backend_and_keep_their_dtype():
    x = jnp.array([0.0, 2.0], jnp.bfloat16)
    assert namespace(x).name == "jax"
    assert ops.safe_log(x).dtype == jnp.bfloat16
    assert isinstance(ops.masked_softmax(jnp.ones((4, 8)), MASK), jax.Array)


def test_a_fully_masked_row_has_zero_softmax_and_zero_gradient_under_jit():
    def f(x):
        return jnp.sum(ops.masked_softmax(x, MASK) * jnp.arange(8.0))

    g = jax.jit(jax.grad(f))(jnp.ones((4, 8)))
    assert np.isfinite(np.asarray(g)).all() and not np.asarray(g)[0].any()
