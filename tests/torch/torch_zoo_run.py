"""Run one torch zoo case with nanguard or with ``detect_anomaly``, and score it."""

from __future__ import annotations

import inspect
import os
import warnings

import torch
import torch_zoo_cases as zoo

import nanguard
import nanguard.torch as ngt


def expected(name: str) -> dict | None:
    fn, exp, _ = zoo.CASES[name]
    if exp is None:
        return None
    exp = dict(exp)
    if exp.get("line") == "origin":
        exp["line"] = origin_line(name)
        exp["file"] = os.path.abspath(zoo.__file__)
    return exp


def origin_line(name: str) -> int:
    """The ``# <- origin`` line in the case function, or in the classes it uses."""
    fn = zoo.CASES[name][0]
    lines, start = inspect.getsourcelines(fn)
    hits = [start + i for i, text in enumerate(lines) if text.rstrip().endswith(zoo.MARKER)]
    if hits:
        return hits[0]
    # The origin lives in a helper class the case instantiates (named in its source).
    source = "".join(lines)
    for obj in vars(zoo).values():
        if inspect.isclass(obj) and obj.__module__ == zoo.__name__ and obj.__name__ in source:
            cls_lines, cls_start = inspect.getsourcelines(obj)
            hits = [cls_start + i for i, t in enumerate(cls_lines)
                    if t.rstrip().endswith(zoo.MARKER)]
            if hits:
                return hits[0]
    raise AssertionError(f"{name}: no '{zoo.MARKER}' marker")


def run_nanguard(name: str, logdir: str | None = None) -> dict | None:
    fn, _, kind = zoo.CASES[name]
    if kind == "locate":
        finding = nanguard.locate(fn())
        return None if finding is None else finding.to_dict()
    model, opt, loss_fn, data = fn()
    guard = ngt.Guard(model, opt, logdir=logdir, loss_fn=loss_fn, verbose=0,
                      max_consecutive_skips=10_000)
    for batch in data:
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    found = [i["finding"] for i in guard.incidents if i.get("finding")]
    if found:
        return found[0]
    return {"skipped": guard.skipped} if guard.skipped else None


def observed(finding: dict | None) -> dict | None:
    if finding is None or "origin" not in finding:
        return finding
    o = finding["origin"]
    return {"phase": o["phase"], "op": o["op"], "layer": o["layer"], "line": o["line"],
            "file": o["file"] and os.path.abspath(o["file"]), "cause": finding["cause"],
            "input": o.get("input"), "variable": o.get("variable")}


def score(name: str, finding: dict | None) -> dict:
    """Per field: does the finding match the ground truth?"""
    exp = expected(name)
    if exp is None:
        return {"correct": finding is None}
    got = observed(finding) or {}
    fields = {k: got.get(k) == v for k, v in exp.items()}
    return {"correct": all(fields.values()), **fields}


def run_detect_anomaly(name: str) -> dict:
    """The baseline: the program alone under ``torch.autograd.detect_anomaly()``.

    Returns ``{"raised": bool, "line": int|None}``: the line is the innermost
    frame in the zoo file of the forward traceback the anomaly warning prints.
    """
    fn, _, kind = zoo.CASES[name]
    zoo_file = os.path.abspath(zoo.__file__)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with torch.autograd.detect_anomaly():
                if kind == "locate":
                    fn()().backward()
                else:
                    model, opt, loss_fn, data = fn()
                    for batch in data:
                        opt.zero_grad(set_to_none=True)
                        loss_fn(batch).backward()
                        opt.step()
            raised = False
        except RuntimeError:
            raised = True
    line = None
    for w in caught:
        text = str(w.message)
        for frame_line in text.splitlines():
            if zoo_file in frame_line and "line " in frame_line:
                line = int(frame_line.split("line ")[1].split(",")[0])
    return {"raised": raised, "line": line if raised else None}
