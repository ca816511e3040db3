"""Shared helpers for the side-by-side benchmarks in ``bench/`` (framework-free).

Why a module: every benchmark must time its arms in one process, in a seeded
random order per round, and report wall *and* process-CPU ratios against the
plain arm with a null A/B (plain against plain) as the printed noise floor. Doing
that in one place keeps the scripts from drifting apart.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Samples", "head_commit", "ratio_row", "round_orders"]


def round_orders(arms: Sequence[str], rounds: int, seed: int) -> list[list[str]]:
    """One shuffled copy of ``arms`` per round, reproducible from ``seed``.

    A fixed order lets a slow-down that drifts over time (thermal, another
    process) land on the same arm every round; a random order spreads it.
    """
    rng = random.Random(seed)
    orders = []
    for _ in range(rounds):
        order = list(arms)
        rng.shuffle(order)
        orders.append(order)
    return orders


@dataclass
class Samples:
    """Per-round (wall seconds, CPU seconds, steps) of one arm."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)

    def add(self, wall: float, cpu: float, steps: int) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.steps.append(steps)

    def ms_per_step(self) -> float:
        """Median over rounds of wall milliseconds per step."""
        return statistics.median(w / s * 1e3 for w, s in zip(self.wall, self.steps))


def ratio_row(arm: Samples, base: Samples) -> dict[str, float]:
    """Per-round ratios arm/base (same round, same steps), summarised.

    Returns median and mean of the wall and CPU ratios, and the min/max of the wall
    ratio. The mean matters for periodic costs (a snapshot every N steps): a median
    over rounds would hide a cost that fires in only some rounds.
    """
    wall = [a / s1 * s0 / b for a, b, s1, s0 in zip(arm.wall, base.wall, arm.steps, base.steps)]
    cpu = [a / s1 * s0 / b for a, b, s1, s0 in zip(arm.cpu, base.cpu, arm.steps, base.steps)]
    return {
        "wall_median": statistics.median(wall),
        "wall_mean": statistics.fmean(wall),
        "wall_min": min(wall),
        "wall_max": max(wall),
        "cpu_median": statistics.median(cpu),
        "cpu_mean": statistics.fmean(cpu),
    }


def head_commit(root: Path) -> str:
    """The checkout's commit (with ``+dirty`` when it has local changes), for the record.

    ``NANGUARD_BENCH_COMMIT`` overrides it when the benchmark runs an exported tree
    (``git archive``) of one commit on ``PYTHONPATH`` instead of the checkout.
    """
    if os.environ.get("NANGUARD_BENCH_COMMIT"):
        return os.environ["NANGUARD_BENCH_COMMIT"]
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "src", "bench"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + ("+dirty" if dirty else "")
