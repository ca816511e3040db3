"""Time `nanguard lint` over every .py file of the installed keras package.

Single process, one core. Prints files, lines, seconds and lines/s, measured
for parse-only (``ast.parse``) and for the full linter side by side, so the
linter's own cost is visible. Target: >= 50,000 lines/s.

Run: python bench/lint_speed.py [--package keras] [--repeat 3]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import time
from pathlib import Path

from nanguard.lint import select_rules
from nanguard.lint.checker import lint_file
from nanguard.lint.files import iter_python_files


def package_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)  # locate without importing
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name!r} is not installed")
    return list(iter_python_files(list(spec.submodule_search_locations)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="keras")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    files = package_files(args.package)
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    codes = select_rules()

    def parse_only() -> None:
        for path in files:
            try:
                ast.parse(path.read_bytes())
            except (SyntaxError, ValueError):
                pass

    def full_lint() -> int:
        return sum(len(lint_file(path, codes)) for path in files)

    results = {}
    for label, fn in (("parse only", parse_only), ("nanguard lint", full_lint)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        results[label] = best
    print(f"{args.package}: {len(files)} files, {lines:,} lines (best of {args.repeat})")
    for label, seconds in results.items():
        print(f"  {label:<14} {seconds:6.2f} s  {lines / seconds:>10,.0f} lines/s")
    ratio = results["nanguard lint"] / results["parse only"]
    print(f"  lint / parse time ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
