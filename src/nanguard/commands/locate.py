"""`nanguard locate` (not implemented yet)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("locate", help="(not implemented yet)")


def run(args: argparse.Namespace) -> int:
    raise SystemExit("nanguard locate is not implemented yet")
