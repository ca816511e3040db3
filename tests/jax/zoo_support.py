"""Shared by tests/jax/test_jax_zoo.py and bench/zoo_jax.py: load a JAX zoo case, score a finding.

Each module in ``tests/jax/zoo_cases/`` defines ``loss_fn(params, *batch)``,
``args()`` and ``EXPECTED``: ``None`` for a healthy program, else the phase, op,
cause, line (``"origin"``: the line marked ``# <- origin``; for a backward
origin the forward op's line, for a user-written backward the backward's own
line), and optionally layer, iteration, input/rows or variable.

A *training* case (``LEARNING_RATE`` and ``STEPS`` defined) is a bug that only a run
shows (divergence): ``args()`` gives the initial parameters and the one batch, and
every tool runs ``STEPS`` SGD steps of ``loss_fn`` on it (see :func:`train`).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
CASES = sorted(p.stem for p in (HERE / "zoo_cases").glob("*.py") if not p.stem.startswith("_"))
MARKER = "# <- origin"


def load_case(name: str):
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return importlib.import_module(f"zoo_cases.{name}")


def origin_line(path) -> int:
    lines = [i for i, text in enumerate(Path(path).read_text().splitlines(), 1)
             if text.rstrip().endswith(MARKER)]
    assert len(lines) == 1, f"{path}: expected one '{MARKER}' marker, found {lines}"
    return lines[0]


def expectation(module) -> dict | None:
    exp = module.EXPECTED
    if exp is None:
        return None
    exp = dict(exp)
    if exp.get("line") == "origin":
        exp["line"] = origin_line(module.__file__)
        exp["file"] = os.path.abspath(module.__file__)
    return exp


def observed(finding: dict | None) -> dict | None:
    """The scored fields of a finding's ``to_dict()``."""
    if finding is None:
        return None
    o = finding["origin"]
    return {
        "phase": o.get("phase"), "op": o.get("op"), "layer": o.get("layer"),
        "line": o.get("line"), "file": o.get("file") and os.path.abspath(o["file"]),
        "cause": finding.get("cause"), "input": o.get("input"), "rows": o.get("rows"),
        "variable": o.get("variable"), "iteration": o.get("iteration"),
    }


def score(exp: dict | None, got: dict | None) -> tuple[bool, dict]:
    """``(all expected fields match, {field: (want, got)} of the mismatches)``."""
    if exp is None or got is None:
        return exp is None and got is None, {} if exp is got else {"finding": (exp, got)}
    diff = {k: (v, got.get(k)) for k, v in exp.items() if got.get(k) != v}
    return not diff, diff


def is_training_case(module) -> bool:
    return hasattr(module, "LEARNING_RATE") and hasattr(module, "STEPS")


def train(module, step_fn) -> None:
    """Run the case's SGD loop with ``step_fn(params, *batch) -> (params, loss)``."""
    params, *batch = module.args()
    for _ in range(module.STEPS):
        params, _ = step_fn(params, *batch)


def sgd_step(module):
    """The plain (unguarded) SGD step of a training case, as a user would write it."""
    import jax

    def step(params, *batch):
        loss, grads = jax.value_and_grad(module.loss_fn)(params, *batch)
        return jax.tree_util.tree_map(lambda p, g: p - module.LEARNING_RATE * g,
                                      params, grads), loss

    return step


def run_guarded_training(module) -> dict | None:
    """The case's loop with ``nanguard.jax.guard`` + ``Monitor``: its first incident's finding."""
    import tempfile

    import jax
    import optax

    import nanguard.jax as ngj
    from nanguard.errors import NonFiniteError

    tx = ngj.guard(optax.sgd(module.LEARNING_RATE))

    @jax.jit
    def step(params, opt_state, *batch):
        loss, grads = jax.value_and_grad(module.loss_fn)(params, *batch)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    params, *batch = module.args()
    opt_state = tx.init(params)
    with tempfile.TemporaryDirectory() as logdir:
        mon = ngj.Monitor(logdir, loss_fn=module.loss_fn, max_consecutive_skips=3, verbose=0)
        try:
            for _ in range(module.STEPS):
                params, opt_state, m = step(params, opt_state, *batch)
                mon.observe(m, params=params, opt_state=opt_state, batch=tuple(batch))
            mon.close()
        except NonFiniteError:
            pass
        if not mon.incidents:
            return None
        return mon.incidents[0]["finding"]


def run_nanguard(name: str) -> dict | None:
    import nanguard

    module = load_case(name)
    if is_training_case(module):
        return run_guarded_training(module)
    finding = nanguard.locate(module.loss_fn, *module.args())
    return None if finding is None else finding.to_dict()
