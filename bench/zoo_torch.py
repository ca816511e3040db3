"""Torch zoo benchmark: nanguard's localization beside ``torch.autograd.detect_anomaly``.

For every case in ``tests/torch/torch_zoo_cases.py`` it prints what each tool says,
scored the same way for both:

* **op cases** (forward/backward origins): the user line. nanguard's reported line;
  for ``detect_anomaly``, the innermost frame of the case file in the forward
  traceback its warning prints for the first backward node with a NaN output
  (``detect_anomaly`` never checks the forward pass, nor Inf);
* **data / weights cases**: does the tool name the input or the variable?
  (``detect_anomaly`` names neither);
* **healthy programs**: any finding (nanguard) or any error (``detect_anomaly``) is
  a false alarm.

nanguard is also scored on phase, op, module and cause, which ``detect_anomaly`` does
not report. Both arms run in this process, each case on fresh objects.

Usage: ``python bench/zoo_torch.py [--markdown docs/zoo_torch.md]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "torch"))

import torch_zoo_cases as zoo  # noqa: E402
import torch_zoo_run as run  # noqa: E402


def _row(name: str) -> dict:
    exp = run.expected(name)
    t0 = time.perf_counter()
    finding = run.run_nanguard(name)
    seconds = time.perf_counter() - t0
    got = run.observed(finding)
    base = run.run_detect_anomaly(name)
    if exp is None:
        return {"name": name, "kind": "healthy", "ng_line": finding is None,
                "ng_all": finding is None, "da_line": not base["raised"],
                "detail_ng": "silent" if finding is None else "FALSE ALARM",
                "detail_da": "silent" if not base["raised"] else "FALSE ALARM",
                "seconds": seconds}
    if "line" in exp:
        ng_line = bool(got) and got.get("line") == exp["line"]
        da_line = base["raised"] and base["line"] == exp["line"]
        detail_da = f"line {base['line']}" if base["raised"] else "no error"
        detail_ng = f"line {got.get('line')}" if got else "nothing"
    elif "input" not in exp and "variable" not in exp:  # divergence: no single op
        ng_line = bool(got) and got.get("cause") == exp["cause"]
        da_line = False
        detail_da = "raised, names no cause" if base["raised"] else "no error"
        detail_ng = f"cause {got.get('cause')}" if got else "nothing"
    else:  # data / weights: name the input or the variable
        key = "input" if "input" in exp else "variable"
        ng_line = bool(got) and got.get(key) == exp[key]
        da_line = False
        detail_da = "raised, names no input" if base["raised"] else "no error"
        detail_ng = f"{key} {got.get(key)}" if got else "nothing"
    ng_all = bool(got) and all(got.get(k) == v for k, v in exp.items())
    return {"name": name, "kind": exp.get("phase"), "ng_line": ng_line, "ng_all": ng_all,
            "da_line": da_line, "detail_ng": detail_ng, "detail_da": detail_da,
            "cause": exp.get("cause"), "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    rows = [_row(name) for name in sorted(zoo.CASES)]
    mark = {True: "yes", False: "no"}
    lines = [
        "| case | phase | nanguard: line/input | nanguard: phase+op+module+cause too | "
        "detect_anomaly | |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['name']} | {r['kind']} | {mark[r['ng_line']]} ({r['detail_ng']}) "
                     f"| {mark[r['ng_all']]} | {mark[r['da_line']]} | {r['detail_da']} |")
    buggy = [r for r in rows if r["kind"] != "healthy"]
    healthy = [r for r in rows if r["kind"] == "healthy"]
    summary = (
        f"\nBuggy cases: {len(buggy)}. nanguard right origin (line or input/variable): "
        f"{sum(r['ng_line'] for r in buggy)}/{len(buggy)}; everything right: "
        f"{sum(r['ng_all'] for r in buggy)}/{len(buggy)}. detect_anomaly right line: "
        f"{sum(r['da_line'] for r in buggy)}/{len(buggy)}; raised at all: "
        f"{sum(r['detail_da'] not in ('no error',) for r in buggy)}/{len(buggy)}.\n"
        f"Healthy cases: {len(healthy)}. False alarms: nanguard "
        f"{sum(not r['ng_all'] for r in healthy)}, detect_anomaly "
        f"{sum(not r['da_line'] for r in healthy)}.\n"
        f"nanguard time per case (locate or a guarded run with its replay): median "
        f"{sorted(r['seconds'] for r in rows)[len(rows) // 2] * 1000:.0f} ms.\n"
        f"torch {__import__('torch').__version__}, command: python bench/zoo_torch.py"
    )
    text = "\n".join(lines) + "\n" + summary
    print(text)
    if args.markdown:
        Path(args.markdown).write_text("# Torch zoo: nanguard vs detect_anomaly\n\n" + text + "\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    raise SystemExit(main())
