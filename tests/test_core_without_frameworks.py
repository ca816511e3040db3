"""The engine's contract tests (tests/core) pass with no ML framework importable.

They run in a fresh interpreter whose import system refuses TensorFlow, Keras, PyTorch,
JAX, Flax and optax, so a framework import anywhere under core/ (or in what the core
tests use) fails the run instead of passing silently because the package is installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BLOCKER = """
import sys, importlib.abc
BLOCKED = {"tensorflow", "torch", "jax", "jaxlib", "keras", "flax", "optax"}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("blocked in this test: " + name)
        return None
sys.meta_path.insert(0, Block())
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1]]))
"""

ROOT = Path(__file__).resolve().parent.parent


def _run(target: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKER, target], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_core_tests_pass_with_every_ml_framework_unimportable():
    done = _run("tests/core")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout


def test_the_blocker_does_block_a_framework_import(tmp_path):
    # Control: a test that imports TensorFlow must fail under the same blocker.
    probe = tmp_path / "test_probe.py"
    probe.write_text("def test_imports_tf():\n    import tensorflow  # noqa: F401\n")
    done = _run(str(probe))
    assert done.returncode != 0
    assert "blocked in this test: tensorflow" in done.stdout
