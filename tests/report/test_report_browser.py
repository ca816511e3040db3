"""The report in a real browser: headless Chromium loads it cleanly and draws the plots.

Skipped (with the reason) when Chromium is not installed; ``make test`` installs
Debian's ``chromium`` through ``scripts/ensure-chromium``. Set
``NANGUARD_UPDATE_SCREENSHOT=1`` to copy the screenshot to ``docs/report.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from report_runs import make_run

from nanguard.core.runlog import RunLog
from nanguard.report.html import write_report

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
# Colours from report.css used only by the plots: loss line, gradient line, clip threshold.
LOSS_RGB, GRAD_RGB, CLIP_RGB = (47, 111, 219), (122, 63, 209), (224, 161, 0)
REPO = Path(__file__).resolve().parents[2]


def _chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium not installed (make test runs scripts/ensure-chromium)")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            "nice",
            "-n",
            "10",
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            *extra,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _console_messages(stderr: str) -> list[str]:
    # With --enable-logging=stderr every console message (log, error, uncaught
    # exception, CSP violation) is one line tagged ":CONSOLE".
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _screenshot(tmp_path: Path, page: Path) -> np.ndarray:
    image = pytest.importorskip("PIL.Image", reason="Pillow comes with tensorboard")
    png = tmp_path / f"{page.stem}.png"
    result = _chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1280,2400")
    assert png.is_file(), result.stderr[-2000:]
    return np.asarray(image.open(png).convert("RGB")).astype(np.int32)


def _pixels_near(rgb: np.ndarray, colour: tuple[int, int, int], tol: int = 30) -> int:
    return int((np.abs(rgb - np.array(colour)).max(axis=-1) <= tol).sum())


def test_console_check_catches_a_page_with_errors(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); nope();</script>")
    messages = _console_messages(_chromium(tmp_path, bad, "--dump-dom").stderr)
    assert any("boom" in m for m in messages)
    assert any("Uncaught ReferenceError" in m for m in messages)


def test_report_loads_without_console_errors(tmp_path):
    page = write_report(make_run(tmp_path / "run"), tmp_path / "report.html")
    result = _chromium(tmp_path, page, "--dump-dom")
    assert 'id="plot-grad_norm"' in result.stdout  # the DOM really loaded
    assert _console_messages(result.stderr) == []


def test_screenshot_shows_non_empty_plots(tmp_path):
    page = write_report(make_run(tmp_path / "run"), tmp_path / "report.html")
    rgb = _screenshot(tmp_path, page)
    assert rgb.shape[1] == 1280
    assert _pixels_near(rgb, LOSS_RGB) > 300
    assert _pixels_near(rgb, GRAD_RGB) > 300
    assert _pixels_near(rgb, CLIP_RGB) > 100
    if os.environ.get("NANGUARD_UPDATE_SCREENSHOT") == "1":
        shutil.copy(tmp_path / "report.png", REPO / "docs" / "report.png")


def test_screenshot_check_sees_no_curves_in_an_empty_run(tmp_path):
    RunLog(tmp_path / "empty").close()
    page = write_report(tmp_path / "empty", tmp_path / "empty.html")
    rgb = _screenshot(tmp_path, page)
    assert _pixels_near(rgb, LOSS_RGB) == 0 and _pixels_near(rgb, GRAD_RGB) == 0
    assert (rgb < 250).any()  # the page itself rendered (text, frames)


def test_report_of_a_real_demo_run_loads_cleanly_and_draws_its_curves(tmp_path):
    pytest.importorskip("tensorflow")
    from nanguard.demo import run_demo

    results = run_demo(tmp_path / "demo", epochs=2, report=True)
    page = Path(results["report"])
    result = _chromium(tmp_path, page, "--dump-dom")
    assert "Incidents (1)" in result.stdout and "grad_singularity" in result.stdout
    assert _console_messages(result.stderr) == []
    rgb = _screenshot(tmp_path, page)
    assert _pixels_near(rgb, LOSS_RGB) > 300 and _pixels_near(rgb, GRAD_RGB) > 300
