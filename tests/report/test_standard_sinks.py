"""Every adapter gets its console and TensorBoard outputs from one builder."""

from __future__ import annotations

import pytest

from nanguard.errors import InvalidArgumentError
from nanguard.report.console import ConsoleSink
from nanguard.report.sinks import console_sink, standard_sinks, tensorboard_sink
from nanguard.report.tensorboard import TensorBoardSink


def test_verbose_zero_without_tensorboard_builds_no_sink():
    assert standard_sinks(verbose=0) == []
    assert console_sink(0) is None


def test_console_then_tensorboard_in_that_order_with_the_adapter_end_word(tmp_path):
    sinks = standard_sinks(verbose=2, logdir=tmp_path, tensorboard=True, end_word="end of run")
    assert [type(s) for s in sinks] == [ConsoleSink, TensorBoardSink]
    assert (sinks[0].verbose, sinks[0].end_word) == (2, "end of run")
    sinks[1].close("completed", None)
    assert (tmp_path / "tensorboard").is_dir()


def test_tensorboard_without_a_logdir_is_refused_naming_the_option():
    with pytest.raises(InvalidArgumentError, match="tensorboard"):
        tensorboard_sink(None)


@pytest.mark.parametrize("adapter", ["keras", "torch", "jax"])
def test_no_adapter_builds_a_sink_itself(adapter):
    from pathlib import Path

    import nanguard

    root = Path(nanguard.__file__).parent / adapter
    for path in root.glob("*.py"):
        text = path.read_text()
        assert "ConsoleSink(" not in text and "TensorBoardSink(" not in text, path
