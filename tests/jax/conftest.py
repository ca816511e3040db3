"""Make tests/jax importable as a plain directory (the zoo support module and its cases)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
