"""`nanguard locate INCIDENT_DIR`: re-localize a saved incident offline.

Nothing in the folder is executed: the manifest's checksums are verified, the
arrays are read with ``allow_pickle=False`` and the saved op trace is
re-analysed by the framework-free locator. No TensorFlow import is needed.
"""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "locate",
        help="re-localize a saved incident (LOGDIR/incidents/<step>) offline",
        description="Verify an incident folder and name the origin of its NaN/Inf. "
        "Exit codes: 0 nothing non-finite found, 1 origin located, 2 unusable folder.",
    )
    p.add_argument("incident", help="an incident folder, e.g. runs/a/incidents/12")
    p.add_argument("--format", choices=["text", "json"], default="text")


def relocalize(folder) -> dict | None:
    """The finding of a saved incident, recomputed from its data and trace."""
    from nanguard.core.incident_store import read_incident
    from nanguard.core.localize import localize_step
    from nanguard.core.origin_context import restore

    inc = read_incident(folder)
    meta = inc["meta"]
    history = (inc.get("report") or {}).get("history")
    finding, analysed = localize_step(
        inc["batch"], inc["variables"], inc.get("trace"), history=history,
        trigger=meta.get("trigger") or "loss",
    )
    if finding is None:
        return None
    # What the live replay read from the model and tensors (rows, layer class, the
    # layer-level fix), recorded in the trace: offline gives the live finding.
    restore(finding, analysed)
    finding.step = meta.get("step")
    finding.epoch = meta.get("epoch")
    finding.batch = meta.get("batch")
    finding.history = history
    return finding.to_dict()


def run(args: argparse.Namespace) -> int:
    from nanguard.core.render import finding_summary
    from nanguard.report.console import console

    result = relocalize(args.incident)
    con = console()
    if args.format == "json":
        print(json.dumps(result, indent=2))
    elif result is None:
        con.print("No non-finite value found on a path to the loss or gradients.")
    else:
        o = result["origin"]
        # The one finding renderer (core/render.py), as the console sink says it.
        con.print(f"step {result['step']}: {finding_summary(result)}", markup=False, soft_wrap=True)
        if not o.get("file"):
            con.print("  (no user source line)", markup=False, soft_wrap=True)
        if o.get("code"):
            con.print(f"    {o['code']}", markup=False, soft_wrap=True)
        con.print(f"  {result['explanation']}", markup=False, soft_wrap=True)
        con.print(f"  fix: {result['fix']}", markup=False, soft_wrap=True)
    return 0 if result is None else 1
