"""Zoo benchmark: nanguard's localization beside ``tf.debugging.enable_check_numerics()``.

For every program in ``tests/zoo/cases`` it prints what each tool blames:

* **nanguard**: the finding of ``Guard``/``nanguard.locate`` (all cases in this process),
  scored on phase, op, line and cause against the case's ground truth;
* **check_numerics**: each program re-run in its own subprocess with
  ``tf.debugging.enable_check_numerics()`` and without ``Guard`` (plain ``model.fit``);
  the op type named by the raised ``InvalidArgumentError``, and whether its op-creation
  stack names the case's line.
  On a healthy program any error is a false alarm.

It also times one localization (replay of one step) of the reference conv model with a
NaN-producing custom loss.

Usage: ``python bench/zoo.py [--markdown docs/zoo.md] [--cases a,b]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = Path(__file__).resolve().parents[1]
ZOO = ROOT / "tests" / "zoo"
sys.path.insert(0, str(ZOO))
MARKER = "# <- origin"


def case_names() -> list[str]:
    return sorted(p.stem for p in (ZOO / "cases").glob("*.py") if not p.stem.startswith("_"))


def marked_line(path: Path) -> int | None:
    for i, text in enumerate(path.read_text().splitlines(), 1):
        if text.rstrip().endswith(MARKER):
            return i
    return None


def expected(name: str) -> dict | None:
    import importlib

    module = importlib.import_module(f"cases.{name}")
    exp = module.EXPECTED
    if exp is None:
        return None
    exp = dict(exp)
    if exp["line"] == "origin":
        exp["line"] = marked_line(ZOO / "cases" / f"{name}.py")
    return exp


# ----------------------------------------------------------------------------- child
def child(name: str) -> None:
    """Run one case under check_numerics; print one JSON line describing what fired."""
    import importlib

    import tensorflow as tf

    tf.debugging.enable_check_numerics()
    module = importlib.import_module(f"cases.{name}")
    result = {"fired": False, "op": None, "lines": [], "error": None}
    try:
        with tempfile.TemporaryDirectory() as logdir:
            module.run(logdir)
    except Exception as exc:  # noqa: BLE001 - we report whatever check_numerics raised
        message = str(exc)
        found = re.search(r'(?:graph op|eagerly-executing op) "(\w+)"', message)
        result["fired"] = found is not None
        result["op"] = found.group(1) if found else None
        case_file = str(ZOO / "cases" / f"{name}.py")
        result["lines"] = [
            int(n) for f, n in re.findall(r'File "([^"]+)", line (\d+)', message) if f == case_file
        ]
        if not found:
            result["error"] = f"{type(exc).__name__}: {message[:200]}"
    print("ZOO-RESULT " + json.dumps(result))


def run_check_numerics(name: str) -> dict:
    env = dict(os.environ, NANGUARD_ZOO_BARE="1")  # check_numerics alone, without Guard
    proc = subprocess.run(
        [sys.executable, __file__, "--child", name],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("ZOO-RESULT "):
            return json.loads(line[len("ZOO-RESULT ") :])
    return {
        "fired": False,
        "op": None,
        "lines": [],
        "error": f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}",
    }


# ----------------------------------------------------------------------------- nanguard
def run_nanguard(name: str) -> dict | None:
    import importlib

    module = importlib.import_module(f"cases.{name}")
    with tempfile.TemporaryDirectory() as logdir:
        finding = module.run(logdir)
    if finding is None or "origin" not in finding:
        return finding
    o = finding["origin"]
    return {
        "phase": o["phase"],
        "op": o["op"],
        "grad_op": o["grad_op"],
        "layer": o["layer"],
        "line": o["line"],
        "cause": finding["cause"],
    }


def localization_time() -> float:
    """Seconds to localize one step of the reference conv model (TF already imported)."""
    import keras
    import numpy as np
    import tensorflow as tf

    from nanguard.tf.replay import localize_batch

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(10),
        ]
    )

    def nan_loss(y_true, logits):  # log of a softmax that underflows
        return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits * 1e4)), axis=-1)

    model.compile("adam", nan_loss)
    x = np.random.rand(64, 32, 32, 3).astype("float32")
    y = keras.utils.to_categorical(np.arange(64) % 10, 10).astype("float32")
    start = time.perf_counter()
    finding, _ = localize_batch(model, {"x": x, "y": y})
    elapsed = time.perf_counter() - start
    assert finding is not None and finding.op == "Log", finding
    return elapsed


# ----------------------------------------------------------------------------- table
def mark(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child")
    parser.add_argument("--cases", help="comma-separated subset")
    parser.add_argument("--markdown", help="also write the tables to this file")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    names = args.cases.split(",") if args.cases else case_names()
    rows = []
    for name in names:
        exp = expected(name)
        ours = run_nanguard(name)
        cn = run_check_numerics(name)
        rows.append((name, exp, ours, cn))
        print(f"  {name}: done", file=sys.stderr, flush=True)
    seconds = localization_time()

    header = (
        "| case | expected (phase op line cause) | nanguard got | phase | op | line | cause "
        "| check_numerics names | cn op right | cn line right |"
    )
    lines = [header, "|" + " --- |" * 10]
    score = {"phase": 0, "op": 0, "line": 0, "cause": 0, "cn_op": 0, "cn_line": 0}
    bugs = healthy = healthy_ok = cn_false_alarms = 0
    for name, exp, ours, cn in rows:
        cn_op = cn["op"] or ("-" if not cn["error"] else "error")
        if exp is None:
            healthy += 1
            quiet = ours is None
            healthy_ok += quiet
            cn_false_alarms += cn["fired"]
            lines.append(
                f"| {name} | healthy | {'no incident' if quiet else ours} | | | | | "
                f"{cn_op} | {'false alarm' if cn['fired'] else 'quiet'} | |"
            )
            continue
        bugs += 1
        got = ours if ours and "phase" in ours else {}
        ok = {k: got.get(k) == exp[k] for k in ("phase", "op", "line", "cause")}
        for k, v in ok.items():
            score[k] += v
        cn_op_ok = cn["op"] is not None and cn["op"] == exp["op"]
        cn_line_ok = bool(cn["lines"]) and cn["lines"][-1] == exp["line"]
        score["cn_op"] += cn_op_ok
        score["cn_line"] += cn_line_ok
        want = f"{exp['phase']} {exp['op']} {exp['line']} {exp['cause']}"
        have = (
            f"{got.get('phase')} {got.get('op')} {got.get('line')} {got.get('cause')}"
            if got
            else str(ours)
        )
        cn_lines = cn["lines"][-1] if cn["lines"] else None
        lines.append(
            f"| {name} | {want} | {have} | {mark(ok['phase'])} | {mark(ok['op'])} | "
            f"{mark(ok['line'])} | {mark(ok['cause'])} | {cn_op} (line {cn_lines}) | "
            f"{mark(cn_op_ok)} | {mark(cn_line_ok)} |"
        )
    summary = [
        "",
        f"Bug programs: {bugs}; healthy programs: {healthy}.",
        "",
        "| tool | phase | op | line | cause | healthy programs left alone |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| nanguard | {score['phase']}/{bugs} | {score['op']}/{bugs} | {score['line']}/{bugs} "
        f"| {score['cause']}/{bugs} | {healthy_ok}/{healthy} |",
        f"| check_numerics | n/a | {score['cn_op']}/{bugs} | {score['cn_line']}/{bugs} | n/a "
        f"| {healthy - cn_false_alarms}/{healthy} |",
        "",
        f"Localization of one step of the reference conv model (batch 64, 32x32x3): "
        f"{seconds:.2f} s (TensorFlow import excluded; target <= 10 s).",
    ]
    text = "\n".join(lines + summary)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(
            "# The NaN zoo: nanguard vs `tf.debugging.enable_check_numerics()`\n\n"
            "Generated by `python bench/zoo.py --markdown docs/zoo.md`. The programs and "
            'their ground truth are in `tests/zoo/cases/`. "cn line right" means the '
            "innermost frame of the case file in check_numerics' op-creation stack is the "
            "case's origin line (for backward origins, the forward op's line).\n\n" + text + "\n"
        )


if __name__ == "__main__":
    main()
