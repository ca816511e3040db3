"""The ``nanguard`` command: demo, locate, lint, report, scan.

Exit codes (every subcommand):
    0  success, nothing found
    1  findings (lint findings, data problems, a located NaN origin)
    2  usage error or unusable input (missing folder, tampered incident, ...)

Each subcommand lives in ``nanguard.commands.<name>`` and exposes
``add_parser(subparsers)`` and ``run(args) -> int``; this module only wires them.
Framework imports happen inside ``run``, so ``nanguard --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from nanguard._version import __version__
from nanguard.errors import NanguardError

COMMANDS = ("demo", "locate", "lint", "report", "scan")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and says how to get help."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry `{self.prog} --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nanguard",
        description="Make deep-learning training survive NaN and Inf.",
        epilog="Exit codes: 0 clean, 1 findings, 2 usage error or unusable input.",
    )
    parser.add_argument("--version", action="version", version=f"nanguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"nanguard.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    module = importlib.import_module(f"nanguard.commands.{args.command}")
    try:
        return int(module.run(args) or 0)
    except NanguardError as exc:
        from nanguard.report.console import print_error

        print_error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
