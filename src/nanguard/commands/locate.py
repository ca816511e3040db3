"""`nanguard locate INCIDENT_DIR`: re-localize a saved incident offline.

Nothing in the folder is executed: the manifest's checksums are verified, the
arrays are read with ``allow_pickle=False`` and the saved op trace is
re-analysed by the framework-free locator. No TensorFlow import is needed.

What the live replay read from the model and its tensors (the rows at fault,
the layer's class, the layer-level fix) is kept in the trace and re-applied
(``nanguard.core.relocalize``), so the finding is the live guard's. A
finding that no trace can show (the eager replay was finite but the compiled
step was not) is not re-derived: the command says so and gives the saved
``report.json`` finding instead of claiming that nothing was found.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "locate",
        help="re-localize a saved incident (LOGDIR/incidents/<step>) offline",
        description="Verify an incident folder and name the origin of its NaN/Inf. "
        "Exit codes: 0 nothing non-finite found, 1 origin located, 2 unusable folder.",
    )
    p.add_argument("incident", help="an incident folder, e.g. runs/a/incidents/12")
    p.add_argument("--format", choices=["text", "json"], default="text")


def _relocalize(inc: dict) -> dict | None:
    from nanguard.core.relocalize import relocalize_incident

    finding = relocalize_incident(inc)
    return None if finding is None else finding.to_dict()


def relocalize(folder) -> dict | None:
    """The finding of a saved incident, recomputed from its data and trace."""
    from nanguard.core.incident_store import read_incident

    return _relocalize(read_incident(folder))


def _saved_finding(inc: dict) -> dict | None:
    """The live guard's ``report.json`` finding, if the folder has a valid one."""
    from nanguard.core.incident import validate_report

    report = inc.get("report")
    try:
        validate_report(report)
    except ValueError:
        return None
    return report


def run(args: argparse.Namespace) -> int:
    from nanguard.core.incident_store import read_incident
    from nanguard.core.render import finding_summary
    from nanguard.report.console import console

    inc = read_incident(args.incident)
    result = _relocalize(inc)
    note = None
    if result is None and (saved := _saved_finding(inc)) is not None:
        # Saying "nothing found" (exit 0) would contradict the guard that skipped it.
        note = ("The saved data and op trace hold no non-finite value on a path to the loss "
                "or gradients, so this finding cannot be re-derived offline (e.g. only the "
                "compiled step was non-finite); the guard's own finding, from report.json:")
        result = saved
    con = console()
    if args.format == "json":
        if note:
            print(note, file=sys.stderr)
        print(json.dumps(result, indent=2))
    elif result is None:
        con.print("No non-finite value found on a path to the loss or gradients.")
    else:
        o = result["origin"]
        if note:
            con.print(note, markup=False, soft_wrap=True)
        # The one finding renderer (core/render.py), as the console sink says it.
        con.print(f"step {result['step']}: {finding_summary(result)}", markup=False, soft_wrap=True)
        if not o.get("file"):
            con.print("  (no user source line)", markup=False, soft_wrap=True)
        if o.get("code"):
            con.print(f"    {o['code']}", markup=False, soft_wrap=True)
        con.print(f"  {result['explanation']}", markup=False, soft_wrap=True)
        con.print(f"  fix: {result['fix']}", markup=False, soft_wrap=True)
    return 0 if result is None else 1
