"""Import TensorFlow without its C++ start-up lines, for commands a newcomer runs.

TensorFlow's native libraries log from C++ (absl) straight to file descriptor 2
while they load: "oneDNN custom operations are on...", "All log messages before
absl::InitializeLog()...". ``TF_CPP_MIN_LOG_LEVEL`` does not reach these lines
any more, and turning oneDNN off would change the kernels the demo measures.
So the import runs with fd 2 pointed at ``/dev/null``; Python errors raised by
the import are still reported, because the descriptor is restored before they
propagate.
"""

from __future__ import annotations

import os
import sys

__all__ = ["import_tensorflow_quietly"]


def import_tensorflow_quietly() -> None:
    """Import TensorFlow (and Keras) with the native start-up log silenced; no-op if loaded."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # later C++ INFO/WARNING lines
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            try:
                import keras  # noqa: F401
                import tensorflow  # noqa: F401
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)
