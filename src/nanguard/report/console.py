"""Console output with rich: colour only on a TTY, one line per guard action."""

from __future__ import annotations

import sys

from rich.console import Console

from nanguard.core.pipeline import Sink
from nanguard.core.render import skip_reason

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



class ConsoleSink(Sink):
    """The host pipeline's console: one line per skip, origin, notice, action and stop."""

    def on_skip(self, event, status) -> None:
        print_action(
            f"step {event['step']}: skipped the update ({skip_reason(event['trigger'])}; "
            f"loss={event['loss']:.4g}, grad_norm={event['grad_norm']:.4g}); "
            f"{event['consecutive']} in a row, {status.skipped} in total"
        )

    def on_incident(self, record, finding) -> None:
        if finding is not None:
            print_action(
                f"step {record['step']}: origin: {finding.summary()}\n  {finding.explanation}\n"
                f"  fix: {finding.fix}",
                style="cyan",
            )

    def on_notice(self, step, text) -> None:
        print_action(f"step {step}: {text}")

    def on_action(self, kind, step, message, style, counter, fields) -> None:
        print_action(message, style=style)

    def on_stop(self, message, step, trigger) -> None:
        print_action(message, style="bold red")
