"""Every adapter named in ``nanguard.__all__`` is reachable as ``nanguard.<name>`` after a
bare ``import nanguard`` (the docs write ``nanguard.tf.StepGuard``, ``nanguard.jax.guard``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import nanguard


@pytest.mark.parametrize("name", ["keras", "tf", "torch", "jax", "ops", "losses"])
def test_bare_import_reaches_each_adapter_module(name):
    code = f"import nanguard, sys; m = nanguard.{name}; print(m.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith(name)


def test_every_public_name_resolves():
    for name in nanguard.__all__:
        assert getattr(nanguard, name) is not None, name


def test_import_nanguard_imports_no_ml_framework():
    code = ("import sys, nanguard; "
            "print(sorted(m for m in ('tensorflow', 'torch', 'jax', 'keras') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
