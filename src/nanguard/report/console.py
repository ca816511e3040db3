"""Console output with rich: colour only on a TTY, one line per guard action."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape

from nanguard.core.pipeline import Sink
from nanguard.core.render import skip_reason, skip_values

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



_CLEAR_LINE = "\r\x1b[K"  # back to column 0, erase to the end of the line


def _stdout_is_tty() -> bool:
    out = sys.stdout
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class ConsoleSink(Sink):
    """The host pipeline's console: what a user needs to read, not one line per step.

    With ``verbose=1`` a skip prints one line (with its origin) the first time
    that origin is seen; later skips of a known origin are counted and
    summarized in one line when their streak ends, at the end of each epoch and
    when the run stops. ``verbose=2`` prints one line per skipped step as well.
    A run that skips every step of a long epoch therefore shows a handful of
    lines, interleaved with the progress bar, instead of hundreds.

    On a terminal (stdout is a TTY) the count of repeats is *live*: one line
    rewritten in place (carriage return) at every read of the guard, finished
    with the same summary when the streak or the epoch ends. Not on a terminal
    (CI logs, pytest capture, a file) nothing is rewritten: the summaries only.

    The adapter sets :attr:`progress_bar` when the framework draws its own
    progress bar on the current line (Keras ``fit(verbose=1)``). That bar
    rewrites the current line with ``\b``/``\r`` at every update, so a second
    line rewritten in place would fight it for the cursor (each one erasing the
    other). With a bar, the running count is the bar's own ``skipped`` entry
    (the Keras logs carry it), the summaries stay, and every line printed here
    first erases the bar's unfinished line on a terminal, so text is never
    glued to the bar; the bar redraws itself on the next line.

    Args:
        verbose: 1 or 2 as above (0: build no sink).
        live: rewrite the count in place: ``None`` (default) when stdout is a
            TTY and no progress bar is drawn, ``False`` never.
        end_word: what the last summary calls :meth:`close` (``"end of run"`` for torch).
    """

    def __init__(self, verbose: int = 1, live: bool | None = None,
                 end_word: str = "end of fit"):
        self.verbose = int(verbose)
        self.live = live
        self.progress_bar = False  # the framework draws a progress bar (set by the adapter)
        self.end_word = end_word
        self._live_open = False  # a live count line is on screen, not finished
        self._shown_steps: set[int] = set()  # skips already printed with their origin
        self._pending: list[dict] = []  # skips of the current drain, not printed yet
        self._said_skip = False  # some skip line was printed (so later ones may be summarized)
        self._hidden: list[dict] = []  # skips counted but not printed, since the last summary
        self._origin: str | None = None  # origin of the current streak, when known

    def on_skip(self, event, status) -> None:
        if event.get("consecutive") == 1:
            self._summarize(status.skipped, "streak ended")
            self._origin = None
        if self.verbose >= 2:
            self._say(self._skip_line(event, status.skipped))
            self._said_skip = True
            return
        self._pending.append(event)

    def on_incident(self, record, finding) -> None:
        skip = next((e for e in self._pending if e["step"] == record["step"]), None)
        head = f"step {record['step']}: "
        if skip is not None and self.verbose < 2:
            head = self._skip_line(skip, None) + "\n  "
            self._shown_steps.add(skip["step"])
            self._said_skip = True
        if finding is not None:
            self._origin = finding.summary()
            self._say(f"{head}origin: {finding.summary()}\n  {finding.explanation}\n"
                         f"  fix: {finding.fix}", style="cyan")
        elif skip is not None:
            self._say(head + "origin: not localized")

    def on_repeat(self, key, count) -> None:
        self._origin = key

    def on_drained(self, status, incidents, changed) -> None:
        pending, self._pending = self._pending, []
        for event in pending:
            if event["step"] in self._shown_steps:
                continue
            if not self._said_skip:  # the first skip of the run is always said
                self._say(self._skip_line(event, None))
                self._said_skip = True
            else:
                self._hidden.append(event)
        if status.consecutive == 0:
            self._summarize(status.skipped, "streak ended")
        elif self._hidden and self._is_live():
            self._write_live(self._summary_text(self._hidden, status.skipped, "so far"))
        self._shown_steps.clear()

    def on_epoch_end(self, epoch, status) -> None:
        self._summarize(status.skipped, f"epoch {epoch + 1}")

    def on_notice(self, step, text) -> None:
        self._say(f"step {step}: {text}")

    def on_action(self, kind, step, message, style, counter, fields) -> None:
        self._say(message, style=style)

    def on_stop(self, message, step, trigger) -> None:
        self._summarize(None, "before the stop")
        self._say(message, style="bold red")

    def close(self, run_status, status) -> None:
        self._summarize(None if status is None else status.skipped, self.end_word)

    @staticmethod
    def _skip_line(event: dict, total: int | None) -> str:
        text = (f"step {event['step']}: skipped the update ("
                f"{skip_reason(event['trigger'], event.get('reason'))}; "
                f"{skip_values(event['loss'], event['grad_norm'])})")
        if total is not None:
            text += f"; {event['consecutive']} in a row, {total} in total"
        return text

    def _summarize(self, total: int | None, when: str) -> None:
        """One line for the skips counted since the last line, if any."""
        hidden, self._hidden = self._hidden, []
        if not hidden:
            return
        self._say(self._summary_text(hidden, total, when))

    def _summary_text(self, hidden: list[dict], total: int | None, when: str) -> str:
        first, last = hidden[0]["step"], hidden[-1]["step"]
        steps = f"step {first}" if first == last else f"steps {first}-{last}"
        what = f"same origin: {self._origin}" if self._origin else "origin not re-localized"
        n = len(hidden)
        text = f"{steps} ({when}): skipped {n} more update{'s' if n > 1 else ''} ({what})"
        if total is not None:
            text += f"; {total} skipped in total"
        return text

    # ------------------------------------------------------------------ terminal
    def _is_live(self) -> bool:
        return self.live is not False and not self.progress_bar and _stdout_is_tty()

    def _write_live(self, text: str) -> None:
        """Rewrite the running count in place (no newline: the next write replaces it).

        Cut to the terminal's width: a wrapped line could not be erased by a
        carriage return.
        """
        room = max(20, _out.width - 1 - len("nanguard: "))
        if len(text) > room:
            text = text[:room - 3] + "..."
        _out.file.write(_CLEAR_LINE)
        _out.print(f"[yellow]nanguard:[/] {escape(text)}", markup=True, soft_wrap=True, end="")
        _out.file.flush()
        self._live_open = True

    def _say(self, message: str, *, style: str = "yellow") -> None:
        """A whole line: replaces an open live line, or the unfinished progress-bar line."""
        if self._live_open or (self.progress_bar and _stdout_is_tty()):
            _out.file.write(_CLEAR_LINE)
        self._live_open = False
        print_action(message, style=style)
