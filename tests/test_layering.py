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


# The import table of docs/architecture.md ("Rooms"): package -> nanguard packages it may use.
_ADAPTER = {"errors", "_version", "core", "numerics", "report"}
ALLOWED = {
    "errors": set(),
    "_version": set(),
    "numerics": {"errors"},
    "ops": {"errors", "numerics"},
    "losses": {"errors", "numerics"},
    "core": {"errors", "_version"},
    "report": {"errors", "_version", "core"},
    "tf": {"errors", "_version", "core", "numerics"},
    "keras": {"errors", "_version", "core", "numerics", "report", "tf"},
    "torch": _ADAPTER | {"demo"},
    "jax": _ADAPTER | {"demo"},
    "lint": {"errors", "_version", "ops", "numerics"},
    "datascan": {"errors", "_version"},
}


def _imports_by_package() -> dict[str, set[tuple[str, str]]]:
    """{package: {(importing file, imported top-level nanguard package)}}, lazy imports too."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "src" / "nanguard"
    found: dict[str, set[tuple[str, str]]] = {}
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        package = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] if node.module != "nanguard" else [
                    f"nanguard.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "nanguard" and len(parts) > 1 and parts[1] != package:
                    found.setdefault(package, set()).add((str(rel), parts[1]))
    return found


def test_each_package_imports_only_the_packages_its_room_allows():
    wrong = sorted(
        f"{file} imports nanguard.{target}"
        for package, pairs in _imports_by_package().items() if package in ALLOWED
        for file, target in pairs if target not in ALLOWED[package]
    )
    assert wrong == [], "see docs/architecture.md, Rooms"
