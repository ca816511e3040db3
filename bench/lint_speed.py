"""Time the `nanguard lint` command end to end over the installed keras package.

Each arm is a fresh process, as a user or a pre-commit hook runs it:

* ``lint``: ``python -m nanguard.cli lint --no-config <keras>`` (interpreter start,
  imports, file walk, parse, all rules, rendering the text report to a pipe);
* ``parse`` and ``parse_again``: a process that reads and ``ast.parse``-s the same
  files and nothing else. Their ratio is the null A/B: the noise floor of the
  machine while the script ran.

The arms run in a shuffled order every round (seeded). Wall time is measured around
each process, CPU time as the children's user + system time (``getrusage``).
Lines/s is the package's line count over the median wall (and CPU) time of the
lint arm. Target: >= 50,000 lines/s.

``--before SRC`` adds a ``lint_before`` arm: the same command with ``PYTHONPATH=SRC``
(e.g. the ``src/`` of ``git archive <commit>``), so an older linter is timed side by
side in the same shuffled rounds.

Run: python bench/lint_speed.py [--package keras] [--rounds 5] [--seed 0] [--before SRC]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from nanguard.lint.files import iter_python_files


def package_root(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # locate without importing
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _parse_only(root: str) -> None:
    """The baseline process: read and parse every file the linter would lint."""
    for path in iter_python_files([root]):
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, check=False, env=env)
    wall, cpu = time.perf_counter() - wall0, _children_cpu() - cpu0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return wall, cpu, proc.stdout.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="keras")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--before", metavar="SRC", help="time an older linter from SRC too")
    parser.add_argument("--parse-only", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_only:
        _parse_only(args.parse_only)
        return
    root = package_root(args.package)
    files = list(iter_python_files([root]))
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    commands = {
        "lint": [sys.executable, "-m", "nanguard.cli", "lint", "--no-config", str(root)],
        "parse": [sys.executable, __file__, "--parse-only", str(root)],
        "parse_again": [sys.executable, __file__, "--parse-only", str(root)],
    }
    envs: dict[str, dict[str, str]] = {}
    if args.before:
        commands["lint_before"] = commands["lint"]
        envs["lint_before"] = {**os.environ, "PYTHONPATH": str(Path(args.before).resolve())}
    wall: dict[str, list[float]] = {arm: [] for arm in commands}
    cpu: dict[str, list[float]] = {arm: [] for arm in commands}
    rng = random.Random(args.seed)
    findings = 0
    for _ in range(args.rounds):
        order = list(commands)
        rng.shuffle(order)
        for arm in order:
            w, c, out_lines = _run(commands[arm], envs.get(arm))
            wall[arm].append(w)
            cpu[arm].append(c)
            if arm == "lint":
                findings = out_lines - 1  # one line per finding plus the summary
    print(
        f"{args.package}: {len(files)} files, {lines:,} lines; {args.rounds} rounds, "
        f"shuffled order (seed {args.seed}); {findings} findings at the default confidence"
    )
    print(f"  {'arm':<12} {'wall s':>7} {'cpu s':>7} {'lines/s (wall)':>15} {'lines/s (cpu)':>14}")
    for arm in commands:
        w, c = statistics.median(wall[arm]), statistics.median(cpu[arm])
        print(f"  {arm:<12} {w:>7.2f} {c:>7.2f} {lines / w:>15,.0f} {lines / c:>14,.0f}")

    def ratio(a: str, b: str, samples: dict[str, list[float]]) -> float:
        return statistics.median(x / y for x, y in zip(samples[a], samples[b]))

    print(
        f"  lint / parse (median of per-round ratios): wall {ratio('lint', 'parse', wall):.2f}x, "
        f"cpu {ratio('lint', 'parse', cpu):.2f}x"
    )
    print(
        f"  null A/B parse_again / parse: wall {ratio('parse_again', 'parse', wall):.3f}x, "
        f"cpu {ratio('parse_again', 'parse', cpu):.3f}x (noise floor)"
    )
    if args.before:
        print(
            f"  lint / lint_before: wall {ratio('lint', 'lint_before', wall):.2f}x, "
            f"cpu {ratio('lint', 'lint_before', cpu):.2f}x (lint_before: PYTHONPATH={args.before})"
        )
    print(f"  command: {' '.join(commands['lint'][1:])}")


if __name__ == "__main__":
    main()
