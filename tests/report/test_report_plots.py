"""Plot geometry never breaks, whatever finite or non-finite values a run logged."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nanguard.core.runlog import RunLog
from nanguard.report.html import build_plots, render_html
from nanguard.report.model import build_report_model

NUMBER = re.compile(r"-?\d+(\.\d+)?")
GEOMETRY = re.compile(r'\s(x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"')
values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e-300, max_value=1e-300),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324]),
)


@settings(max_examples=100)
@given(
    losses=st.lists(values, min_size=1, max_size=40),
    first_step=st.integers(min_value=0, max_value=10**12),
    clipnorm=st.one_of(st.none(), st.floats(min_value=1e-6, max_value=1e6)),
)
def test_any_logged_values_give_finite_plot_coordinates(
    tmp_path_factory, losses, first_step, clipnorm
):
    logdir = tmp_path_factory.mktemp("run")
    log = RunLog(logdir, config={} if clipnorm is None else {"clipnorm": clipnorm})
    for i, loss in enumerate(losses):
        log.log_step(
            {
                "step": first_step + i,
                "loss": loss,
                "grad_norm": abs(loss),
                "finite": True,
                "skipped": False,
                "clip_scale": 1.0,
            }
        )
    log.close()
    model = build_report_model(logdir)
    for plot in build_plots(model):
        for _, d in plot.paths:
            for pair in d.lstrip("M").split(" L") if d else []:
                x, y = pair.split(",")
                assert NUMBER.fullmatch(x) and NUMBER.fullmatch(y), pair
        for point in plot.points + plot.rules:
            assert NUMBER.fullmatch(f"{point.x}"), point
        for tick in plot.x_ticks + plot.y_ticks:
            assert NUMBER.fullmatch(f"{tick.pos}"), tick
    html = render_html(model)
    for name, value in GEOMETRY.findall(html):
        assert NUMBER.fullmatch(value), (name, value)


def test_every_event_kind_the_run_log_accepts_has_a_timeline_lane(tmp_path):
    from nanguard.core.runlog import EVENT_KINDS
    from nanguard.report.html import TIMELINE_LANES

    log = RunLog(tmp_path, config={})
    for i, kind in enumerate(EVENT_KINDS):
        log.log_step({"step": i, "loss": 1.0, "grad_norm": 1.0, "finite": True,
                      "skipped": False, "clip_scale": 1.0})
        log.log_event(kind, i, f"a {kind} event")
    log.close()
    timeline = {p.id: p for p in build_plots(build_report_model(tmp_path))}["timeline"]
    drawn = {point.kind for point in timeline.points}
    assert {kind for kind, _ in TIMELINE_LANES} >= set(EVENT_KINDS)
    assert drawn >= set(EVENT_KINDS)
