"""`import nanguard.ops` / `nanguard.losses` must not import TensorFlow."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["nanguard.ops", "nanguard.losses", "nanguard.numerics._xp"])
def test_importing_module_does_not_import_tensorflow(module):
    code = (
        f"import sys, {module}, numpy as np\n"
        f"assert 'tensorflow' not in sys.modules, 'tensorflow imported by {module}'\n"
        "from nanguard import ops\n"
        "ops.safe_log(np.zeros(2, np.float32))  # numpy inputs stay framework-free\n"
        "assert 'tensorflow' not in sys.modules, 'tensorflow imported by a numpy call'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_public_modules_have_literal_all_matching_their_names():
    from nanguard import losses, ops

    for module in (ops, losses):
        assert all(hasattr(module, name) for name in module.__all__)
    assert len(ops.__all__) == 19 and len(losses.__all__) == 17
