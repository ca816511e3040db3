"""JAX zoo benchmark: ``nanguard.locate`` beside ``jax_debug_nans`` and ``checkify``.

For every program in ``tests/jax/zoo_cases`` it prints what each tool says:

* **nanguard**: ``nanguard.locate(loss_fn, *args)``; a case passes when every expected
  field (phase, op, cause, line, and layer/iteration/input/variable when given) matches;
* **jax_debug_nans**: ``jax.value_and_grad(loss_fn)(*args)`` eagerly under
  ``jax.debug_nans(True)``: did it raise, and does the innermost traceback frame in
  the case file sit on the expected line?
* **checkify**: ``checkify.checkify(jax.value_and_grad(loss_fn),
  errors=checkify.float_checks)``: did it report, and is the ``file:line`` it names
  the expected line?

A *training* case (divergence) runs its plain SGD loop (``zoo_support.sgd_step``,
jitted) under ``jax_debug_nans``, and with the checkified step, for ``STEPS`` steps;
nanguard runs the same loop guarded, with ``Monitor``, and its first incident is
scored.

On a healthy program any report is a false alarm. Only "detected" and "line" are
scored for the baselines (they name no cause or phase); the data and weights cases
have no line, so they score "detected" only.

Usage: ``python bench/zoo_jax.py [--markdown docs/zoo_jax.md]``
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "jax"))

import jax  # noqa: E402
from jax.experimental import checkify  # noqa: E402
from zoo_support import (  # noqa: E402
    CASES,
    expectation,
    is_training_case,
    load_case,
    observed,
    run_nanguard,
    score,
    sgd_step,
    train,
)


def _line_in(err: BaseException, path: str) -> int | None:
    """Innermost frame in the case file, in the error or the op-creation stack JAX chains to it."""
    lines = []
    for e in (err, err.__cause__):
        if e is not None and e.__traceback__ is not None:
            lines += [fr.lineno for fr in traceback.extract_tb(e.__traceback__)
                      if os.path.abspath(fr.filename) == path]
    return lines[-1] if lines else None


def run_debug_nans(module) -> dict:
    path = os.path.abspath(module.__file__)
    try:
        with jax.debug_nans(True):
            if is_training_case(module):
                train(module, jax.jit(sgd_step(module)))
            else:
                out = jax.value_and_grad(module.loss_fn)(*module.args())
                jax.block_until_ready(out)
    except FloatingPointError as err:
        return {"detected": True, "line": _line_in(err, path),
                "message": str(err).splitlines()[0][:80]}
    return {"detected": False, "line": None, "message": ""}


def run_checkify(module) -> dict:
    path = os.path.abspath(module.__file__)
    if is_training_case(module):
        checked_step = jax.jit(checkify.checkify(sgd_step(module), errors=checkify.float_checks))
        found = []

        def step(params, *batch):
            err, out = checked_step(params, *batch)
            if err.get() and not found:
                found.append(err)
            return out

        train(module, step)
        err = found[0] if found else None
        msg = err.get() if err is not None else None
    else:
        checked = checkify.checkify(jax.value_and_grad(module.loss_fn),
                                    errors=checkify.float_checks)
        err, _ = checked(*module.args())
        msg = err.get()
    if not msg:
        return {"detected": False, "line": None, "message": ""}
    where = str(getattr(err.get_exception(), "traceback_info", "") or "")
    lines = [int(n) for f, n in re.findall(r"([^\s()]+\.py):(\d+)", where)
             if os.path.abspath(f) == path]
    return {"detected": True, "line": lines[0] if lines else None,
            "message": msg.splitlines()[0][:80]}


def _baseline_ok(exp, res) -> tuple[bool, bool]:
    """(detected right, line right) for a baseline tool."""
    if exp is None:
        return not res["detected"], not res["detected"]
    line_ok = res["detected"] and ("line" not in exp or res["line"] == exp["line"])
    return res["detected"], line_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", help="also write the table to this file")
    opts = parser.parse_args()
    rows, totals = [], {"ng": 0, "dn_det": 0, "dn_line": 0, "ck_det": 0, "ck_line": 0}
    t_locate = []
    for name in CASES:
        module = load_case(name)
        exp = expectation(module)
        t0 = time.perf_counter()
        got = observed(run_nanguard(name))
        t_locate.append(time.perf_counter() - t0)
        ok, diff = score(exp, got)
        dn, ck = run_debug_nans(module), run_checkify(module)
        dn_det, dn_line = _baseline_ok(exp, dn)
        ck_det, ck_line = _baseline_ok(exp, ck)
        totals["ng"] += ok
        totals["dn_det"] += dn_det
        totals["dn_line"] += dn_line
        totals["ck_det"] += ck_det
        totals["ck_line"] += ck_line
        what = "healthy" if exp is None else exp.get("cause", "?")
        ng_txt = ("ok" if ok else f"MISS {diff}") if exp is not None else (
            "silent" if ok else "FALSE ALARM")
        if got and exp is not None:
            ng_txt += f" ({got['phase']} {got['op'] or ''} {got['cause']} L{got['line']})"

        def cell(res, det, line, exp=exp):
            if exp is None:
                return "silent" if det else "FALSE ALARM"
            if not res["detected"]:
                return "missed"
            return f"raised, line {'ok' if line else 'wrong (' + str(res['line']) + ')'}"

        rows.append((name, what, ng_txt, cell(dn, dn_det, dn_line), cell(ck, ck_det, ck_line)))
    n = len(CASES)
    header = ["case", "expected", "nanguard", "jax_debug_nans", "checkify float_checks"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append(
        f"| **total ({n})** | | **{totals['ng']}/{n} all fields** | "
        f"{totals['dn_det']}/{n} right alarm, {totals['dn_line']}/{n} line | "
        f"{totals['ck_det']}/{n} right alarm, {totals['ck_line']}/{n} line |")
    text = "\n".join(lines)
    print(text)
    print(f"\nnanguard.locate wall time per case: median {sorted(t_locate)[n // 2]:.2f} s, "
          f"max {max(t_locate):.2f} s (includes the one-off compile of value_and_grad)")
    print(f"jax {jax.__version__}; command: python bench/zoo_jax.py")
    if opts.markdown:
        Path(opts.markdown).write_text(
            "# JAX zoo: nanguard.locate vs jax_debug_nans vs checkify\n\n"
            f"Generated by `python bench/zoo_jax.py --markdown {opts.markdown}` "
            f"(jax {jax.__version__}, CPU).\n\n" + text + "\n")


if __name__ == "__main__":
    main()
