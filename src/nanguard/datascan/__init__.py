"""Check training data before training: ``nanguard.datascan.scan`` and ``nanguard scan``.

Reports, per column (or feature, or dataset component), NaN, +Inf, -Inf, finite
values beyond the float16 (65504) or bfloat16 (~3.39e38) range, extreme
magnitudes (``|x| > 1e6`` by default) and constant columns, with exact counts and
the first row indices. Files larger than RAM stream through in bounded chunks;
nothing is ever unpickled.

Modules: ``stats`` (per-column counters), chunked readers per format
(``sources``: NumPy arrays, ``.npy``, ``.npz``; ``tables``: ``.csv``, ``.parquet``,
DataFrames; ``datasets``: ``tf.data``), ``report`` (result, text and JSON), ``api``
(``scan``).

Example:
    >>> import numpy as np
    >>> from nanguard.datascan import scan
    >>> scan(np.array([1.0, np.inf, 3.0])).findings[0].rows
    [1]
"""

from __future__ import annotations

from nanguard.datascan.api import scan, scan_path
from nanguard.datascan.report import DataFinding, ScanResult, render_json, render_text
from nanguard.datascan.stats import Thresholds

__all__ = [
    "scan",
    "scan_path",
    "DataFinding",
    "ScanResult",
    "Thresholds",
    "render_text",
    "render_json",
]
