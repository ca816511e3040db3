"""Precision of `nanguard lint` on a hand-labelled corpus of real code, and recall on known bugs.

The corpus (bench/lint_corpus/) holds real library code copied with its license
(torch distributions and losses, Keras losses and normalizations, optax losses,
Flax attention and normalization) and user training code written for it. Every
finding the linter reports there is labelled by hand in
bench/lint_corpus/labels.toml ("tp" or "fp" with a one-line reason); a finding
without a label stops the script, so a rule change cannot go unread.

Precision counts one finding per (file, line, rule), at the highest confidence
reported for it. The in-sample part was read while the rules were being changed;
bench/lint_corpus/heldout/ to heldout9/ were each labelled after a freeze and then
used for a later round of changes or for the calibration table (lint/calibration.py),
so they are the development set now. heldout10/ (no finding at all) and heldout11/
were committed before the calibration freeze a9e8052 and labelled after it; heldout11
was then read for the issue-16 round (a277691), so it is development data too.
heldout12/ was committed (fa2cda0) before any change of that round and linted and
labelled only after its rules were frozen (a277691); it was then read for a second
round, frozen at 24cec4e, and heldout13/ (committed 86d6e30 before that round) was
linted and labelled only after it; likewise heldout14/ (committed 855852b after
heldout13 was read, labelled at the round-3 freeze 0871435). Round 4 used everything
up to heldout14 as its development set and was frozen at d1cad8f; heldout15/
(committed f4c42b6 before any round-4 change) was linted and labelled only after that
freeze (4/27 at medium, 3/12 at high: the latest figure for code the rules were not
tuned on, docs/lint.md); two general faults seen in it were then fixed (ecd533a: a
Keras graph method name in a PyTorch class, a loss-scale function taken for a loss),
so heldout15 is development data too from ecd533a on. ``--cross-validate`` grades each
labelled part with a table calibrated on the other parts (the estimate of the
calibration on unmeasured code).
Recall is measured on bench/lint_corpus/known_bugs/, where every buggy line ends in
``# expect: NG1xx``: the rule must fire on that exact line.

Run:
    python bench/lint_precision.py                        # default confidence (medium)
    python bench/lint_precision.py --min-confidence low   # every finding
    python bench/lint_precision.py --findings bench/lint_corpus/before_findings.txt
    python bench/lint_precision.py --calibrate            # recompute the table of
                                                          # nanguard.lint.calibration
    python bench/lint_precision.py --cross-validate       # leave-one-split-out (20 s)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import tomllib

from nanguard.lint import lint_paths
from nanguard.lint.calibration import (
    CALIBRATED,
    HIGH_PRECISION,
    LOW_PRECISION,
    MIN_FINDINGS,
    OFF_TRAINING_PATH,
)

CORPUS = Path(__file__).parent / "lint_corpus"
KNOWN_BUGS = CORPUS / "known_bugs"
_EXPECT = re.compile(r"#\s*expect:\s*(NG\d{3}(?:\s*,\s*NG\d{3})*)\s*$")
FIXTURES = Path(__file__).parents[1] / "tests" / "lint" / "fixtures"
#: A fixture line found at the default confidence: ``# NG103`` (not ``# NG103 [low]``).
_FIXTURE_DEFAULT = re.compile(r"#\s+(NG\d{3}(?:\s*,\s*NG\d{3})*)\s*$")


def load_labels() -> dict[str, tuple[str, str]]:
    with open(CORPUS / "labels.toml", "rb") as handle:
        data = tomllib.load(handle)
    return {key: (v["verdict"], v["reason"]) for key, v in data["labels"].items()}


_LEVELS: dict[str | None, int] = {"low": 0, "medium": 1, "high": 2}


#: Corpus folders committed but not labelled yet: not linted, so nobody sees their
#: findings before the rules are frozen (held-out 6 was committed at b902f28, held-out 7
#: before the second round of changes that used held-out 6; held-out 12 was listed
#: here from fa2cda0 until the rules were frozen at a277691; held-out 13 was committed
#: after held-out 12 was read, before the second round of rule changes; held-out 14
#: after held-out 13 was read, before round 3; held-out 15 after held-out 14 was read,
#: before round 4, the measured confidence gate).
PENDING: list[str] = []


def corpus_findings() -> dict[str, str]:
    """``path:line:rule`` -> the highest confidence reported for it (known_bugs excluded)."""
    keys: dict[str, str] = {}
    for d in lint_paths([CORPUS], min_confidence="low", exclude=["known_bugs", *PENDING]):
        key = f"{Path(d.path).relative_to(CORPUS).as_posix()}:{d.line}:{d.code}"
        if key not in keys or _LEVELS[d.confidence] > _LEVELS[keys[key]]:
            keys[key] = d.confidence
    return keys


#: The corpus parts, by the folder their keys start with ("" is the in-sample part).
PARTS = {
    "": "in-sample corpus (read while the rules were changed)",
    "heldout/": "held-out 1 (heldout/: labelled at 8f5ea2b, then used to tune ed37dd3)",
    "heldout2/": "held-out 2 (heldout2/: labelled at ed37dd3, then used to tune 44e4b5d)",
    "heldout3/": "held-out 3 (heldout3/: labelled at 44e4b5d, then used to tune 29ccb41)",
    "heldout4/": "held-out 4 (heldout4/: labelled at 29ccb41, then used to tune d36d06c)",
    "heldout5/": "held-out 5 (heldout5/: labelled at d36d06c, then used to tune c1737cb)",
    "heldout6/": "held-out 6 (heldout6/: labelled at frozen c1737cb, then used to tune e8724cf)",
    "heldout7/": "held-out 7 (heldout7/: labelled at frozen e8724cf, then used to tune 7c44916)",
    "heldout8/": "held-out 8 (heldout8/: labelled at frozen e8724cf, then used to tune 7c44916)",
    "heldout9/": "held-out 9 (heldout9/: labelled at frozen 7c44916, then calibrated a9e8052)",
    "heldout10/": "held-out 10 (heldout10/: committed 1dede08, before calibrating; no finding)",
    "heldout11/": "held-out 11 (heldout11/: committed d43ea05 after the a9e8052 freeze)",
    "heldout12/": "held-out 12 (heldout12/: committed fa2cda0, labelled at the a277691 freeze)",
    "heldout13/": "held-out 13 (heldout13/: committed 86d6e30, labelled at the 24cec4e freeze)",
    "heldout14/": "held-out 14 (heldout14/: committed 855852b, labelled at the 0871435 freeze)",
    "heldout15/": (
        "held-out 15 (heldout15/: committed f4c42b6, labelled at the d1cad8f freeze, "
        "then used to fix ecd533a)"
    ),
}


def _part(key: str) -> str:
    head = key.split("/", 1)[0] + "/"
    return head if head in PARTS else ""


def at_level(found: dict[str, str], level: str, part: str) -> list[str]:
    return [
        key
        for key, confidence in found.items()
        if _LEVELS[confidence] >= _LEVELS[level] and _part(key) == part
    ]


def read_findings(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    return list(dict.fromkeys(x.strip() for x in lines if x.strip() and not x.startswith("#")))


def precision_table(keys: list[str], labels: dict[str, tuple[str, str]]) -> bool:
    """Print precision per rule, per source and overall; False if a finding has no label."""
    missing = [k for k in keys if k not in labels]
    if missing:
        print(f"{len(missing)} findings have no label in {CORPUS / 'labels.toml'}:")
        for key in missing:
            print(f"  {key}")
        return False
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for key in keys:
        verdict = labels[key][0]
        per_rule[key.rsplit(":", 1)[1]][verdict] += 1
        source = key.removeprefix(_part(key)).split("/", 1)[0]
        per_source[source][verdict] += 1
    print(f"  {'rule':<8} {'findings':>8} {'tp':>4} {'fp':>4} {'precision':>9}")
    total: Counter[str] = Counter()
    for rule in sorted(per_rule):
        c = per_rule[rule]
        total += c
        n = c["tp"] + c["fp"]
        print(f"  {rule:<8} {n:>8} {c['tp']:>4} {c['fp']:>4} {c['tp'] / n:>9.0%}")
    n = total["tp"] + total["fp"]
    overall = f"{total['tp'] / n:.0%}" if n else "n/a"
    print(f"  {'all':<8} {n:>8} {total['tp']:>4} {total['fp']:>4} {overall:>9}")
    print("  by source (tp/findings): " + ", ".join(
        f"{src} {c['tp']}/{c['tp'] + c['fp']}" for src, c in sorted(per_source.items())
    ))  # fmt: skip
    return True


def _overall(keys: list[str], labels: dict[str, tuple[str, str]]) -> str:
    unlabelled = sum(k not in labels for k in keys)
    if unlabelled:
        return f"{unlabelled} of {len(keys)} unlabelled"
    tp = sum(labels[k][0] == "tp" for k in keys)
    return f"{tp}/{len(keys)} = {tp / len(keys):.0%}" if keys else "no findings"


def recall_on_known_bugs(min_confidence: str) -> tuple[int, int]:
    expected: set[tuple[str, int, str]] = set()
    for path in sorted(KNOWN_BUGS.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                for code in re.split(r"\s*,\s*", match.group(1)):
                    expected.add((path.name, number, code))
    found = {
        (Path(d.path).name, d.line, d.code)
        for d in lint_paths([KNOWN_BUGS], min_confidence=min_confidence)
    }
    missed = sorted(expected - found)
    extra = sorted(found - expected)
    hit = len(expected) - len(missed)
    print(f"recall on known bugs: {hit}/{len(expected)} lines found with the expected rule")
    for name, line, code in missed:
        print(f"  missed {name}:{line} {code}")
    for name, line, code in extra:
        print(f"  also reported {name}:{line} {code}")
    return hit, len(expected)


def kind_counts(
    labels: dict[str, tuple[str, str]], leave_out: str | None = None
) -> dict[tuple[str, str], Counter[str]] | None:
    """tp/fp per (rule, kind of evidence) over the labelled corpus (``None``: a label is missing).

    Counted: each (finding, kind) pair whose grade no other fact lowered (its evidence
    has no ``[...]`` suffix but the training-path cap), so the figure is the kind's own
    precision. ``leave_out`` skips one part (see :data:`PARTS`) for cross-validation.
    """
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    if not _EVIDENCE:  # the kinds do not depend on the table: lint once
        for d in lint_paths([CORPUS], min_confidence="low", exclude=["known_bugs", *PENDING]):
            key = f"{Path(d.path).relative_to(CORPUS).as_posix()}:{d.line}:{d.code}"
            _EVIDENCE.append((key, d.code, d.evidence))
    for key, code, evidence in _EVIDENCE:
        if key not in labels:
            print(f"no label for {key}: label every finding first")
            return None
        kind = evidence.removesuffix(f" [{OFF_TRAINING_PATH}]")  # a cap, not a weaker kind
        if "[" in kind or (key, kind) in seen or _part(key) == leave_out:
            continue
        seen.add((key, kind))
        counts[(code, kind)][labels[key][0]] += 1
    return counts


#: (key, rule, evidence) of every corpus finding, filled by the first :func:`kind_counts`.
_EVIDENCE: list[tuple[str, str, str]] = []


def grade(tp: int, n: int, needed: bool) -> int | None:
    """The calibrated level of a kind true ``tp`` times in ``n`` (``None``: too few to measure).

    ``high`` at :data:`HIGH_PRECISION` or more, ``low`` below :data:`LOW_PRECISION`, except
    that a kind a known bug or a fixture needs (``needed``) stays ``medium``: the recall floor.
    """
    if n < MIN_FINDINGS:
        return None
    level = 2 if tp / n >= HIGH_PRECISION else 0 if tp / n < LOW_PRECISION else 1
    return 1 if level == 0 and needed else level


def calibration_table(labels: dict[str, tuple[str, str]]) -> bool:
    """Precision per (rule, kind of evidence) over every labelled finding, and the grade.

    Printed as the literal of :data:`nanguard.lint.calibration.CALIBRATED`; a kind with
    fewer than ``MIN_FINDINGS`` keeps its structural grade and is listed as a comment.
    """
    counts = kind_counts(labels)
    if counts is None:
        return False
    needed = _recall_kinds()
    names = ("low", "medium", "high")
    print("CALIBRATED: dict[tuple[str, str], int] = {")
    for (rule, kind), c in sorted(counts.items()):
        n, tp = c["tp"] + c["fp"], c["tp"]
        figure = f"{tp}/{n} = {tp / n:.0%}"
        level = grade(tp, n, (rule, kind) in needed)
        if level is None:
            print(f"    # ({rule!r}, {kind!r}):")
            print(f"    #     {figure}, too few: structural grade, at most medium")
            continue
        if tp / n < LOW_PRECISION and level == 1:
            figure += ", recall floor (a known bug or fixture needs it)"
        was = CALIBRATED.get((rule, kind))
        note = "" if was in (None, level) else f" (table has {names[was]})"
        print(f"    ({rule!r}, {kind!r}):")
        print(f"        {level},  # {names[level]}: {figure}{note}")
    print("}")
    return True


def cross_validate(labels: dict[str, tuple[str, str]]) -> bool:
    """Leave-one-split-out: each part graded by a table calibrated on all the others.

    The honest estimate of how the calibration does on code it was not measured on
    (the parts were also read for rule changes, so it is still optimistic). Prints the
    precision per rule at medium and high, pooled over the folds.
    """
    from nanguard.lint import calibration

    needed = _recall_kinds()
    pooled: dict[str, dict[str, Counter[str]]] = {"medium": defaultdict(Counter), "high": {}}
    pooled["high"] = defaultdict(Counter)
    saved = calibration.CALIBRATED
    try:
        for part in PARTS:
            counts = kind_counts(labels, leave_out=part)
            if counts is None:
                return False
            table = {}
            for (rule, kind), c in counts.items():
                level = grade(c["tp"], c["tp"] + c["fp"], (rule, kind) in needed)
                if level is not None:
                    table[(rule, kind)] = level
            calibration.CALIBRATED = table
            found: dict[str, str] = {}
            exclude = ["known_bugs", *PENDING, *(p.rstrip("/") for p in PARTS if p and p != part)]
            for d in lint_paths([CORPUS], min_confidence="low", exclude=exclude):
                key = f"{Path(d.path).relative_to(CORPUS).as_posix()}:{d.line}:{d.code}"
                if _part(key) == part and _LEVELS[d.confidence] > _LEVELS.get(found.get(key), -1):
                    found[key] = d.confidence
            for level in ("medium", "high"):
                for key in at_level(found, level, part):
                    pooled[level][key.rsplit(":", 1)[1]][labels[key][0]] += 1
    finally:
        calibration.CALIBRATED = saved
    for level, per_rule in pooled.items():
        total = sum(per_rule.values(), Counter())
        n = total["tp"] + total["fp"]
        rules = ", ".join(f"{r} {c['tp']}/{c['tp'] + c['fp']}" for r, c in sorted(per_rule.items()))
        print(f"leave-one-split-out, {level}: {total['tp']}/{n} = {total['tp'] / n:.0%}; {rules}")
    return True


def _recall_kinds() -> set[tuple[str, str]]:
    """(rule, kind) of every finding on an expected line of the known bugs or fixtures.

    The fixtures (tests/lint/fixtures/) mark a line found at the default confidence
    with ``# NG1xx`` (``# NG1xx [low]`` is found only at low): those lines are recall
    targets too, so the floor keeps their kinds at medium.
    """
    expected: set[tuple[str, int, str]] = set()
    for folder, marker in ((KNOWN_BUGS, _EXPECT), (FIXTURES, _FIXTURE_DEFAULT)):
        for path in sorted(folder.glob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                match = marker.search(line)
                if match:
                    for code in re.split(r"\s*,\s*", match.group(1)):
                        expected.add((path.name, number, code))
    return {
        (d.code, d.evidence.split(" [")[0])
        for d in lint_paths([KNOWN_BUGS, FIXTURES], min_confidence="low")
        if (Path(d.path).name, d.line, d.code) in expected
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-confidence", default="medium", choices=tuple(_LEVELS))
    parser.add_argument(
        "--findings", type=Path, help="score a saved list of path:line:rule keys instead"
    )
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="grade each labelled part by a table calibrated on the other parts",
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="print precision per (rule, kind of evidence) and the calibrated table",
    )
    args = parser.parse_args()
    labels = load_labels()
    if args.calibrate:
        return 0 if calibration_table(labels) else 1
    if args.cross_validate:
        return 0 if cross_validate(labels) else 1
    if args.findings is not None:
        print(f"findings from {args.findings}")
        return 0 if precision_table(read_findings(args.findings), labels) else 1
    found = corpus_findings()
    ok = True
    for part, title in PARTS.items():
        print(f"{title}, nanguard lint --min-confidence {args.min_confidence}:")
        ok = precision_table(at_level(found, args.min_confidence, part), labels) and ok
    print("overall precision by --min-confidence (" + " | ".join(PARTS.values()) + "):")
    for level in _LEVELS:
        cells = [_overall(at_level(found, level, part), labels) for part in PARTS]
        print(f"  {level:<6} " + " | ".join(cells))
    hit, total = recall_on_known_bugs(args.min_confidence)
    return 0 if ok and hit == total else 1


if __name__ == "__main__":
    sys.exit(main())
