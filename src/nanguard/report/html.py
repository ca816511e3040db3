"""Render a :class:`~nanguard.report.model.ReportModel` as one self-contained HTML file.

The page needs no network: the CSS is inline and the plots are inline SVG whose
geometry is computed here, in Python (no JavaScript, no CDN). Jinja2 templates
ship in the package (``report/templates/``) and are loaded with
``PackageLoader``; autoescape is on, so a layer called ``<script>`` is shown,
never run. Text from the run log reaches the page only through the templates.

Example:
    >>> from nanguard.report.html import write_report
    >>> write_report("runs/exp1", "report.html")          # doctest: +SKIP
    PosixPath('report.html')
"""

from __future__ import annotations

import datetime as _dt
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nanguard._version import __version__
from nanguard.report.model import Marker, ReportModel, Series, build_report_model

PLOT_WIDTH = 960
PLOT_HEIGHT = 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 112, 16, 30, 36
NONFINITE_BAND = 14  # px strip above the plot area where NaN/Inf points are drawn
LOG_SCALE_RATIO = 1e3  # a positive series spanning more than this is drawn on a log axis
TIMELINE_LANES = (
    ("skipped", "skipped steps"),
    ("skip", "skip"),
    ("spike", "spike"),
    ("rollback", "rollback"),
    ("rerun", "re-run"),
    ("lr_change", "LR change"),
    ("quarantine", "quarantine"),
    ("stop", "stop"),
    ("incident", "incident"),
)
# Events drawn as vertical rules across the value plots too.
RULE_KINDS = ("rollback", "stop", "incident")
_FLOAT_MAX = sys.float_info.max


@dataclass
class Point:
    x: float
    y: float
    kind: str
    title: str


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class PlotView:
    """SVG geometry of one plot; every coordinate is already in pixels."""

    id: str
    title: str
    width: int
    height: int
    empty_message: str | None = None
    paths: list[tuple[str, str]] = field(default_factory=list)  # (css class, d)
    hlines: list[tuple[float, str, str]] = field(default_factory=list)  # (y, label, class)
    rules: list[Point] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    log_scale: bool = False
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)
    lanes: list[tuple[float, str, int]] = field(default_factory=list)  # (y, label, count)

    @property
    def left(self) -> int:
        return MARGIN_LEFT

    @property
    def right(self) -> int:
        return self.width - MARGIN_RIGHT

    @property
    def top(self) -> int:
        return MARGIN_TOP

    @property
    def bottom(self) -> int:
        return self.height - MARGIN_BOTTOM


# ----------------------------------------------------------------------------- scales


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        return [lo]
    raw = (hi / 2 - lo / 2) / count * 2  # halves first: hi - lo overflows near float max
    if not raw > 1e-300:
        return [lo]
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    ticks, value = [], first
    while value <= hi + step * 1e-9 and len(ticks) < 50 and math.isfinite(value):
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")
    return f"{value:.4g}"


class _Axes:
    """Maps (step, value) to pixels for one plot."""

    def __init__(self, x_range: tuple[int, int], y_range: tuple[float, float], log: bool):
        self.x0, self.x1 = x_range
        if self.x1 <= self.x0:
            self.x1 = self.x0 + 1
        self.log = log
        lo, hi = y_range
        if log:
            lo, hi = math.log10(lo), math.log10(hi)
        # Pad by a margin, clamped to the float range: values near 1e308 must not
        # turn the axis into inf (and every coordinate into NaN).
        span = hi / 2 - lo / 2
        if span < 1e-300:  # one value, or values too close to tell apart: a flat line
            pad = max(abs(lo), abs(hi)) * 0.1 or 1.0
        else:
            pad = span * 0.1
        self.y0 = max(lo - pad, -_FLOAT_MAX)
        self.y1 = min(hi + pad, _FLOAT_MAX)
        if not self.y1 / 2 - self.y0 / 2 > 0:  # subnormal pads vanish; any scale will do
            self.y0, self.y1 = lo - 1.0, hi + 1.0
        self.left = MARGIN_LEFT
        self.right = PLOT_WIDTH - MARGIN_RIGHT
        self.top = MARGIN_TOP
        self.bottom = PLOT_HEIGHT - MARGIN_BOTTOM

    def x(self, step: float) -> float:
        return self.left + (step - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self._y_axis(math.log10(value) if self.log else value)

    def _y_axis(self, v: float) -> float:
        """Pixel row of ``v`` in axis units (log10 of the value on a log axis)."""
        fraction = (v / 2 - self.y0 / 2) / (self.y1 / 2 - self.y0 / 2)
        return self.bottom - fraction * (self.bottom - self.top)

    def x_ticks(self) -> list[Tick]:
        ticks = _nice_ticks(self.x0, self.x1, 8)
        return [Tick(round(self.x(t), 1), f"{int(t):,}") for t in ticks if t == int(t)]

    def y_ticks(self) -> list[Tick]:
        if self.log:
            lo, hi = math.ceil(self.y0), math.floor(self.y1)
            stride = max(1, (hi - lo) // 6 + 1)
            return [
                Tick(round(self._y_axis(e), 1), f"1e{e}" if abs(e) > 4 else _fmt(10.0**e))
                for e in range(lo, hi + 1, stride)
            ]
        return [Tick(round(self.y(t), 1), _fmt(t)) for t in _nice_ticks(self.y0, self.y1)]


def _path(points: list[tuple[int, float]], axes: _Axes) -> str:
    if not points:
        return ""
    parts = [f"{axes.x(s):.1f},{axes.y(v):.1f}" for s, v in points]
    return "M" + " L".join(parts)


def _step_range(model: ReportModel) -> tuple[int, int] | None:
    candidates = [s for s in (model.first_step, model.last_step) if s is not None]
    for markers in model.events.values():
        candidates.extend(m.step for m in markers)
    if not candidates:
        return None
    return min(candidates), max(candidates)


# ----------------------------------------------------------------------------- plots


def _value_plot(
    plot_id: str,
    title: str,
    series: list[tuple[Series, str, str]],
    model: ReportModel,
    hline: tuple[float, str] | None = None,
) -> PlotView:
    view = PlotView(id=plot_id, title=title, width=PLOT_WIDTH, height=PLOT_HEIGHT)
    x_range = _step_range(model)
    finite = [v for s, _, _ in series for _, v in s.points]
    if hline is not None:
        finite.append(hline[0])
    if x_range is None or not any(s.n_logged for s, _, _ in series):
        view.empty_message = "no steps logged" if model.steps_logged == 0 else "not logged"
        return view
    if not finite:
        finite = [0.0, 1.0]
    lo, hi = min(finite), max(finite)
    view.log_scale = lo > 0 and hi / lo > LOG_SCALE_RATIO
    axes = _Axes(x_range, (lo, hi), view.log_scale)
    band_y = MARGIN_TOP - NONFINITE_BAND / 2
    for s, css, label in series:
        view.paths.append((css, _path(s.points, axes)))
        view.legend.append((css, label))
        for m in s.nonfinite:
            view.points.append(
                Point(
                    round(axes.x(m.step), 1), band_y, m.kind, f"step {m.step}: {label} = {m.kind}"
                )
            )
    if any(s.nonfinite for s, _, _ in series):
        view.legend.append(("nonfinite", "NaN/Inf (top strip)"))
    if hline is not None:
        view.hlines.append((round(axes.y(hline[0]), 1), hline[1], "clip"))
        view.legend.append(("clip", hline[1]))
    for kind in RULE_KINDS:
        for m in model.events.get(kind, []):
            view.rules.append(
                Point(round(axes.x(m.step), 1), 0, kind, f"step {m.step}: {kind} {m.label}".strip())
            )
    view.x_ticks, view.y_ticks = axes.x_ticks(), axes.y_ticks()
    return view


def _timeline(model: ReportModel) -> PlotView:
    lane_height = 22
    height = MARGIN_TOP + lane_height * len(TIMELINE_LANES) + MARGIN_BOTTOM
    view = PlotView(
        id="timeline", title="Guard actions on the time axis", width=PLOT_WIDTH, height=height
    )
    x_range = _step_range(model)
    if x_range is None:
        view.empty_message = "no steps logged and no guard events"
        return view
    axes = _Axes(x_range, (0.0, 1.0), False)
    for i, (kind, label) in enumerate(TIMELINE_LANES):
        y = MARGIN_TOP + lane_height * i + lane_height / 2
        if kind == "skipped":
            # Skipped steps as logged in steps.jsonl; the count is the run's exact total.
            markers: list[Marker] = model.skipped_markers
            count = model.summary.skipped
        else:
            markers = model.events.get(kind, [])
            count = model.event_counts.get(kind, 0)
        view.lanes.append((y, label, count))
        for m in markers:
            title = f"step {m.step}: {label}" + (f" ({m.label})" if m.label else "")
            view.points.append(Point(round(axes.x(m.step), 1), y, kind, title))
    view.x_ticks = axes.x_ticks()
    return view


def build_plots(model: ReportModel) -> list[PlotView]:
    """The page's plots: loss, gradient norm with the clip threshold, the action timeline.

    Example:
        >>> [p.id for p in build_plots(model)]             # doctest: +SKIP
        ['loss', 'grad_norm', 'timeline']
    """
    clip = (model.clipnorm, f"clipnorm = {_fmt(model.clipnorm)}") if model.clipnorm else None
    return [
        _value_plot("loss", "Loss", [(model.series["loss"], "loss", "loss")], model),
        _value_plot(
            "grad_norm",
            "Gradient norm",
            [(model.series["grad_norm"], "grad", "global gradient norm")],
            model,
            hline=clip,
        ),
        _timeline(model),
    ]


# ----------------------------------------------------------------------------- rendering


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("nanguard.report", "templates"),
        autoescape=select_autoescape(("html", "j2", "svg"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "–"
    return _dt.datetime.fromtimestamp(timestamp, tz=_dt.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S UTC"
    )


def render_html(model: ReportModel) -> str:
    """Render the model to one HTML string (self-contained, no network).

    Example:
        >>> html = render_html(build_report_model("runs/exp1"))   # doctest: +SKIP
        >>> html.startswith("<!DOCTYPE html>")                     # doctest: +SKIP
        True
    """
    template = _environment().get_template("report.html.j2")
    return template.render(
        model=model,
        plots=build_plots(model),
        started=_when(model.summary.started),
        finished=_when(model.summary.finished),
        version=__version__,
    )


def write_report(logdir: Path | str, output: Path | str | None = None) -> Path:
    """Build the model for ``logdir`` and write the HTML report.

    Args:
        logdir: a run's log folder.
        output: the HTML file; default ``LOGDIR/report.html``.

    Returns:
        The path written.

    Raises:
        nanguard.errors.RunLogError: ``logdir`` is missing or not a nanguard run.

    Example:
        >>> write_report("runs/exp1", "exp1.html")          # doctest: +SKIP
        PosixPath('exp1.html')
    """
    model = build_report_model(logdir)
    out = Path(output) if output is not None else Path(logdir) / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(model), encoding="utf-8")
    return out
