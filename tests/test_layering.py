"""Framework-free layers stay framework-free: core/ and lint/ import no ML framework."""

from __future__ import annotations

import json
import subprocess
import sys

FRAMEWORKS = ("tensorflow", "keras", "torch", "jax")


def _imported_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps([m for m in {FRAMEWORKS!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_nanguard_and_cli_help_load_no_framework():
    code = (
        "import nanguard, nanguard.cli\n"
        "try:\n    nanguard.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
    )
    assert _imported_after(code) == []


def test_core_lint_report_and_scan_modules_import_no_framework():
    code = (
        "import pkgutil, importlib, nanguard\n"
        "for pkg in ('core', 'lint', 'report', 'datascan', 'commands'):\n"
        "    mod = importlib.import_module('nanguard.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
    )
    assert _imported_after(code) == []
