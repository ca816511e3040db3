"""Fixtures for the report tests (builders live in ``report_runs``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_runs import make_run


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return make_run(tmp_path / "run")
