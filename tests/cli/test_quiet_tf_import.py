"""`nanguard demo` imports TensorFlow without its C++ start-up lines on stderr."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("tensorflow")


def _stderr_of(code: str) -> str:
    # As a user's shell has it: the suite's conftest turns oneDNN off, a user's does not.
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    return out.stderr


def test_the_quiet_import_prints_no_onednn_or_absl_lines_but_stderr_still_works():
    plain = _stderr_of("import tensorflow")
    quiet = _stderr_of(
        "import sys\n"
        "from nanguard.commands._quiet_tf import import_tensorflow_quietly\n"
        "import_tensorflow_quietly()\n"
        "import tensorflow as tf; tf.constant(1.0) + 1.0\n"
        "print('after import', file=sys.stderr)\n"
    )
    if "oneDNN" not in plain and "absl" not in plain:
        pytest.skip("this TensorFlow build prints no start-up lines to silence")
    assert "oneDNN" not in quiet and "absl" not in quiet
    assert quiet.strip() == "after import"
