"""`nanguard report LOGDIR [-o report.html]`: one self-contained HTML page for a run.

Exit codes: 0 written; 2 when LOGDIR is missing or not a nanguard run (the
dispatcher turns the ``RunLogError`` into a message and exit code 2).
With ``--tensorboard`` the run log is also exported to TensorBoard event files.
"""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="write a self-contained HTML report of a run log",
        description="Write one self-contained HTML file (inline SVG plots, no network) "
        "summarising a run log: curves, guard actions and every incident.",
    )
    parser.add_argument("logdir", metavar="LOGDIR", help="the run's log folder (Guard(logdir=...))")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="HTML file to write (default: LOGDIR/report.html)",
    )
    parser.add_argument(
        "--tensorboard",
        action="store_true",
        help="also export the run log as TensorBoard event files to LOGDIR/tensorboard",
    )


def run(args: argparse.Namespace) -> int:
    from nanguard.report.console import console
    from nanguard.report.html import write_report

    out = write_report(args.logdir, args.output)
    size_kb = out.stat().st_size / 1024
    console().print(
        f"wrote {out} ({size_kb:,.0f} KB)", markup=False, highlight=False, soft_wrap=True
    )
    if args.tensorboard:
        from pathlib import Path

        from nanguard.report.tensorboard import export_runlog

        tb_dir = Path(args.logdir) / "tensorboard"
        if any(tb_dir.glob("events.out.tfevents.*")):
            # Guard(tensorboard=True) already wrote them live; a second copy in the
            # same folder would show every point twice.
            console().print(
                f"{tb_dir} already holds event files (written live by the "
                "Guard); not exporting again",
                markup=False,
                soft_wrap=True,
            )
        else:
            export_runlog(args.logdir, tb_dir)
            console().print(
                f"wrote TensorBoard event files to {tb_dir}", markup=False, soft_wrap=True
            )
    return 0
