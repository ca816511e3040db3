"""``nanguard.ops`` and ``nanguard.losses`` on torch tensors keep the same edge conventions.

The ops are written once over the array layer; their values and gradients are
property-tested against naive float64 formulas on TensorFlow
(``tests/numerics``). Here every op and loss runs on torch tensors and on
TensorFlow tensors with the same drawn inputs (edge points forced in), in
float16, bfloat16, float32 and float64, eager and under ``torch.compile``
(``aot_eager``: dynamo + AOTAutograd, no C++ toolchain): the value and the
gradient must be finite exactly where TensorFlow's are, and agree within a
tolerance scaled by the dtype's epsilon (except within a few ``tiny`` of zero, where
TensorFlow flushes subnormal inputs and intermediates to zero on the CPU and torch
keeps them).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from nanguard import losses, ops
from nanguard.numerics._xp import FINFO

tf = pytest.importorskip("tensorflow")

DTYPES = ["float16", "bfloat16", "float32", "float64"]
EDGES = [0.0, -0.0, 1.0, -1.0, 1e-30, -1e-30, 1e-5, 0.5, 2.0, 88.8, 1e4, -1e4, 60000.0]
N = 16

OPS = {
    "safe_log": (ops.safe_log, 1), "safe_log1p": (ops.safe_log1p, 1),
    "safe_sqrt": (ops.safe_sqrt, 1), "safe_div": (ops.safe_div, 2),
    "safe_reciprocal": (ops.safe_reciprocal, 1),
    "safe_pow_half": (lambda x: ops.safe_pow(x, 0.5), 1), "safe_exp": (ops.safe_exp, 1),
    "safe_acos": (ops.safe_acos, 1), "safe_asin": (ops.safe_asin, 1),
    "softplus": (ops.softplus, 1), "log_sigmoid": (ops.log_sigmoid, 1),
    "log1mexp": (lambda x: ops.log1mexp(-abs_(x)), 1), "xlogy": (ops.xlogy, 2),
    "logsumexp": (lambda x: ops.logsumexp(_rows(x), -1), 1),
    "safe_norm": (lambda x: ops.safe_norm(x), 1),
}
LOSSES = {
    "mse": losses.mse, "mae": losses.mae, "huber": losses.huber, "log_cosh": losses.log_cosh,
    "cosine_distance": losses.cosine_distance, "euclidean_distance": losses.euclidean_distance,
}


def _rows(x):
    return x.reshape(4, 4) if isinstance(x, torch.Tensor) else tf.reshape(x, (4, 4))


def abs_(x):
    return x.abs() if isinstance(x, torch.Tensor) else tf.abs(x)


values = st.lists(st.one_of(st.sampled_from(EDGES), st.floats(-50, 50, width=32)),
                  min_size=N, max_size=N)


def _torch_run(fn, arrays, dtype, compiled):
    args = [torch.tensor(a, dtype=torch.float64).to(getattr(torch, dtype)).requires_grad_()
            for a in arrays]
    f = torch.compile(fn, backend="aot_eager", fullgraph=False) if compiled else fn
    y = f(*args)
    grads = torch.autograd.grad(y.float().sum() if y.dtype != torch.float64 else y.sum(),
                                args, allow_unused=True)
    return (y.detach().double().numpy(),
            [None if g is None else g.double().numpy() for g in grads])


def _tf_run(fn, arrays, dtype):
    args = [tf.Variable(tf.cast(tf.constant(a, tf.float64), dtype)) for a in arrays]
    with tf.GradientTape() as tape:
        y = fn(*args)
        total = tf.reduce_sum(y if y.dtype == tf.float64 else tf.cast(y, tf.float32))
    grads = tape.gradient(total, args)
    return (tf.cast(y, tf.float64).numpy(),
            [None if g is None else tf.cast(g, tf.float64).numpy() for g in grads])


def _agree(a, b, dtype, what, skip=None):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    assert np.array_equal(np.isfinite(a), np.isfinite(b)), f"{what}: finite where TF is not"
    fin = np.isfinite(a) if skip is None else np.isfinite(a) & ~skip
    tol = 64 * FINFO[dtype].eps * np.maximum(1.0, np.abs(b[fin]))
    assert np.all(np.abs(a[fin] - b[fin]) <= tol), f"{what}: {a[fin]} vs {b[fin]}"


def _subnormal(x, dtype):
    # Within a few tiny of 0 an intermediate (x/2, expm1(x)) is subnormal and flushed.
    return (x != 0) & (np.abs(x) < 4 * FINFO[dtype].tiny)


def _cast_for_tf(arrays, dtype):
    # Round through the dtype once, so both frameworks see identical inputs.
    return [torch.tensor(a, dtype=torch.float64).to(getattr(torch, dtype)).double().numpy()
            for a in arrays]


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "compiled"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(OPS))
@settings(max_examples=8)
@given(data=st.data())
def test_op_on_torch_matches_its_tensorflow_edge_conventions(name, dtype, compiled, data):
    fn, n_args = OPS[name]
    arrays = _cast_for_tf([np.asarray(data.draw(values), np.float64) for _ in range(n_args)],
                          dtype)
    y, grads = _torch_run(fn, arrays, dtype, compiled)
    y_tf, grads_tf = _tf_run(fn, arrays, dtype)
    # TensorFlow flushes subnormal inputs to zero on the CPU; torch keeps them.
    skip = np.zeros(arrays[0].shape, bool) if n_args == 1 and name == "logsumexp" else None
    if n_args == 1 and skip is None:
        skip = _subnormal(arrays[0], dtype)
    elif skip is None:
        skip = _subnormal(arrays[0], dtype) | _subnormal(arrays[1], dtype)
    _agree(y, y_tf, dtype, f"{name} value", skip if np.shape(y) == skip.shape else None)
    for k, (g, g_tf) in enumerate(zip(grads, grads_tf)):
        _agree(g, g_tf, dtype, f"{name} grad[{k}]", skip)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(LOSSES))
@settings(max_examples=8)
@given(data=st.data())
def test_loss_on_torch_matches_its_tensorflow_edge_conventions(name, dtype, data):
    def fn(t, p):
        return LOSSES[name](_rows(t), _rows(p))

    arrays = _cast_for_tf([np.asarray(data.draw(values), np.float64) for _ in range(2)], dtype)
    y, grads = _torch_run(fn, arrays, dtype, False)
    y_tf, grads_tf = _tf_run(fn, arrays, dtype)
    # TensorFlow flushes subnormal inputs to zero on the CPU; torch keeps them, so an
    # entry of t or p within a few tiny of 0 may take another branch (mae's sign(x)).
    skip = _subnormal(arrays[0], dtype) | _subnormal(arrays[1], dtype)
    _agree(y, y_tf, dtype, f"{name} value")
    for k, (g, g_tf) in enumerate(zip(grads, grads_tf)):
        _agree(g, g_tf, dtype, f"{name} grad[{k}]", skip)


def test_safe_sqrt_gradient_is_zero_at_zero_in_every_dtype():
    for dtype in DTYPES:
        x = torch.zeros(3, dtype=getattr(torch, dtype), requires_grad=True)
        (g,) = torch.autograd.grad(ops.safe_sqrt(x).sum(), [x])
        assert torch.equal(g, torch.zeros_like(g)), dtype
