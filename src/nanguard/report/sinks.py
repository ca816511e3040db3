"""The standard sinks an adapter hands to the host pipeline: console and TensorBoard.

Every adapter (Keras ``Guard``, torch ``Guard``, JAX ``Monitor``) builds the same
outputs for the same options, so the choice lives here once: an adapter says how
verbose it is, where its run lives and whether TensorBoard is on, and gets the
:class:`~nanguard.core.pipeline.Sink` objects to pass to ``HostPipeline(sinks=...)``.
The run log is not here: ``HostPipeline.open(runlog)`` adds it, because the adapter
opens it when its run starts.
"""

from __future__ import annotations

from pathlib import Path

from nanguard.core.pipeline import Sink
from nanguard.errors import InvalidArgumentError

__all__ = ["console_sink", "standard_sinks", "tensorboard_sink"]


def console_sink(verbose: int, *, end_word: str = "end of fit") -> Sink | None:
    """The console sink for ``verbose`` (None when ``verbose`` is 0: print nothing).

    Args:
        verbose: 0 silent, 1 a line per new origin and summaries, 2 a line per step
            (the adapter has checked it).
        end_word: what the final summary calls the end (``"end of run"`` for a loop
            the user drives, ``"end of fit"`` for Keras' ``fit``).
    """
    if not verbose:
        return None
    from nanguard.report.console import ConsoleSink  # rich is imported only when used

    return ConsoleSink(verbose=int(verbose), end_word=end_word)


def tensorboard_sink(logdir: Path | str | None) -> Sink:
    """The TensorBoard sink writing under ``<logdir>/tensorboard``."""
    if logdir is None:
        raise InvalidArgumentError("tensorboard", True, "False when `logdir` is None",
                                   hint="Pass `logdir=...` so the event files have a home.")
    from nanguard.report.tensorboard import TensorBoardSink

    return TensorBoardSink(Path(logdir) / "tensorboard")


def standard_sinks(*, verbose: int, logdir: Path | str | None = None,
                   tensorboard: bool = False, end_word: str = "end of fit") -> list[Sink]:
    """The sinks for these options, in the order they are told of each action.

    Example:
        >>> standard_sinks(verbose=0)
        []
        >>> [type(s).__name__ for s in standard_sinks(verbose=1)]
        ['ConsoleSink']
    """
    sinks = [console_sink(verbose, end_word=end_word)] if verbose else []
    if tensorboard:
        sinks.append(tensorboard_sink(logdir))
    return sinks
