"""What a terminal shows (issue 15 item 1): a live count, and Keras' bar left whole.

Each test runs a real guarded ``fit`` in a child process whose stdout is a
pseudo-terminal (``os.openpty``), reads the raw bytes, and replays them through
a small terminal model (``\\r``, ``\\b``, erase-line, newline) to get the screen
the user would see.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import textwrap

import pytest

CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import keras, numpy as np
    import nanguard.keras
    from nanguard.report import console

    verbose, mode = int(sys.argv[1]), sys.argv[2]
    if mode == "old":  # the console before the terminal handling: plain lines only
        console.ConsoleSink._say = lambda self, m, style="yellow": console.print_action(
            m, style=style)
        console.ConsoleSink._is_live = lambda self: False
    T, V = 10, 40
    keras.utils.set_random_seed(0)
    inp = keras.Input((T,), dtype="int32")
    h = keras.layers.Embedding(V, 8, mask_zero=True)(inp)
    h = keras.layers.GlobalAveragePooling1D(name="pool")(h)
    out = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inp, out)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    rng = np.random.default_rng(1)
    x = rng.integers(1, V, size=(64, T)).astype("int32")
    x[:, 7:] = 0
    x[[b * 16 + r for b in range(4) for r in (3, 9)]] = 0  # every batch has empty docs
    y = rng.integers(0, 2, size=(64, 1)).astype("float32")
    model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=verbose,
              callbacks=[nanguard.keras.Guard(max_consecutive_skips=100)])
    print("DONE")
    """
)

_CSI = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])")


def _run_in_pty(verbose: int, mode: str = "new", columns: int = 400) -> str:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = dict(os.environ, COLUMNS=str(columns), TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(verbose), mode],
                            stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 300)
        if not ready:
            proc.kill()
            raise AssertionError("child timed out")
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    raw = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    assert proc.returncode == 0 and "DONE" in raw, raw[-2000:]
    return raw


def _screen(raw: str) -> list[str]:
    """The lines a terminal shows after ``raw`` (colours dropped, no wrapping)."""
    lines: list[str] = []
    line: list[str] = []
    col = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        m = _CSI.match(raw, i) if ch == "\x1b" else None
        if m:
            if m.group(2) == "K":  # erase to the end of the line
                del line[col:]
            i = m.end()
            continue
        if ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        elif ch == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.extend(" " * (col - len(line)))
                line.append(ch)
            col += 1
        i += 1
    if line:
        lines.append("".join(line).rstrip())
    return lines


def _nanguard(screen: list[str]) -> list[str]:
    return [s for s in screen if s.startswith("nanguard:")]


@pytest.fixture(scope="module")
def runs() -> dict:
    return {key: _run_in_pty(*key) for key in ((0, "new"), (1, "new"), (1, "old"))}


def test_without_a_progress_bar_repeats_are_counted_live_on_one_line(runs):
    raw = runs[(0, "new")]
    screen = _screen(raw)
    # The count was rewritten in place while the epoch ran...
    assert raw.count("(so far)") >= 2, raw
    assert "\r\x1b[K" in raw
    # ...and the screen keeps only the finished lines: the first skip with its
    # origin, then one summary per epoch, no leftover "so far" line.
    lines = _nanguard(screen)
    assert len(lines) == 3, screen
    assert "step 0: skipped the update" in lines[0]
    assert lines[1].startswith("nanguard: steps 1-3 (epoch 1): skipped 3 more updates")
    assert lines[2].startswith("nanguard: steps 4-7 (epoch 2): skipped 4 more updates")
    assert not any("so far" in s for s in screen)


def test_keras_progress_bar_lines_stay_whole_and_carry_the_running_count(runs):
    screen = _screen(runs[(1, "new")])
    bars = [s for s in screen if re.match(r"^\d+/\d+ ", s)]
    # One finished bar per epoch, intact, with the guard's count in it.
    assert len(bars) == 2, screen
    assert all(s.startswith("4/4 ") and "skipped: 4" in s for s in bars), bars
    for s in screen:  # nothing of nanguard's is glued onto a bar line
        assert "nanguard:" not in s or s.startswith("nanguard:"), s
    assert len(_nanguard(screen)) == 3
    assert "(so far)" not in runs[(1, "new")]  # the bar owns the line: no live count


def test_control_without_erasing_the_bar_line_the_summary_is_glued_to_the_bar(runs):
    # The check above can fail: printing plain lines under a Keras bar glues them.
    screen = _screen(runs[(1, "old")])
    glued = [s for s in screen if "nanguard:" in s and not s.startswith("nanguard:")]
    assert glued, screen
