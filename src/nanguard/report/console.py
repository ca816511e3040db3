"""Console output with rich: colour only on a TTY, one line per guard action."""

from __future__ import annotations

import sys

from rich.console import Console

_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)


def console() -> Console:
    """The stdout console (colour only when stdout is a TTY)."""
    return _out


def print_error(message: str) -> None:
    """Print an error to stderr as ``error: ...``."""
    _err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)


def print_action(message: str, *, style: str = "yellow") -> None:
    """Print one line for one guard action (skip, rollback, LR change...)."""
    _out.print(f"[{style}]nanguard:[/] {message}", markup=True, soft_wrap=True)
    sys.stdout.flush()
