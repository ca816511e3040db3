"""nanguard.locate(fn, params, *batch) with JAX: dispatch, bad input, what a finding carries."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

jax = pytest.importorskip("jax")
import jax.numpy as jnp  # noqa: E402

import nanguard  # noqa: E402
from nanguard._locate import framework_of  # noqa: E402


def _sqrt_loss(w, x):
    h = x * w
    return jnp.sqrt(jnp.sum((h - h) ** 2))


def test_top_level_locate_dispatches_jax_arguments_to_the_jaxpr_replay():
    finding = nanguard.locate(_sqrt_loss, jnp.ones(2), jnp.ones(2))
    assert finding.cause == "grad_singularity" and finding.origin.op == "sqrt"
    assert finding.origin.phase == "backward" and finding.origin.file == __file__
    assert finding.trigger == "gradients"


def test_finite_loss_and_gradients_give_none():
    assert nanguard.locate(lambda w, x: jnp.sum(w * x), jnp.ones(2), jnp.ones(2)) is None


def test_framework_is_read_from_nested_argument_types():
    assert framework_of(None, ({"w": [jnp.ones(1)]},), {}) == "jax"
    assert framework_of(None, (np.ones(2),), {}) == "tensorflow"
    assert framework_of(None, (), {}) == "tensorflow"


def test_dispatch_module_imports_no_framework():
    code = ("import sys, nanguard._locate as m; m.framework_of(None, ([1.0],), {});"
            "print(sorted(k for k in ('jax', 'tensorflow', 'torch') if k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("fn", "args", "match"),
    [
        ("not callable", (jnp.ones(2),), "callable"),
        (lambda w: w * 2.0, (jnp.ones(2),), "scalar"),
        (lambda w: jnp.sum(w).astype(jnp.int32), (jnp.ones(2),), "float"),
        (lambda w: "loss", (jnp.ones(2),), "scalar float"),
    ],
    ids=["not-callable", "vector-loss", "int-loss", "string-loss"],
)
def test_bad_input_raises_type_error_naming_the_problem(fn, args, match):
    with pytest.raises(TypeError, match=match):
        _jax_locate()(fn, *args)


def _jax_locate():
    from nanguard.jax._locate import locate

    return locate


def test_no_arguments_is_an_error_that_shows_the_call_shape():
    with pytest.raises(TypeError, match="gradients are taken with respect to the first"):
        _jax_locate()(lambda: jnp.float32(0.0))


def test_nan_in_a_masked_out_input_is_not_a_finding():
    def masked(w, x):
        return jnp.sum(jnp.where(jnp.isfinite(x), x, 0.0) * w)

    assert nanguard.locate(masked, jnp.ones(2), jnp.array([np.nan, 1.0])) is None


def test_finding_serializes_with_the_shared_report_schema():
    from nanguard.core.incident import validate_report

    d = nanguard.locate(_sqrt_loss, jnp.ones(2), jnp.ones(2)).to_dict()
    validate_report(d)
    assert d["origin"]["line"] is not None and "jnp.sqrt" in d["origin"]["code"]
