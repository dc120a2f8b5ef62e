"""The network app's per-session work (:class:`AppSession`), without a browser."""

import re

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

pytest.importorskip("solara")

from crmsim.presentation import app  # noqa: E402
from crmsim.presentation.labels import label  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"
# an English word (file formats such as PNG and CSV are not words)
ENGLISH = re.compile(r"[a-z]{2,}|[A-Z][a-z]")


def test_viz_model_reads_text_seeds_and_ignores_foreign_scenarios():
    m = app.VizModel(scenario=object(), rng="7", relationship_level=2)
    n = app.VizModel(rng=7, relationship_level=2)
    assert m.params.relationship_level == 2 and m.params.n_customers == 150
    assert m.positions.shape == (150, 2)
    for _ in range(3):
        m.step()
        n.step()
    assert m.weekly_table().equals(n.weekly_table())
    assert list(m.weekly_table()["week"]) == [0, 1, 2, 3]


def test_two_sessions_hold_separate_models():
    a = app.AppSession("en", {"n_customers": 60})
    b = app.AppSession("en", {"n_customers": 60})
    assert a.model is not b.model
    a.advance(5)
    assert (a.model.steps, b.model.steps) == (5, 0)
    b.advance(5)
    assert a.weekly.equals(b.weekly)  # same seed, same run, separately


def test_a_large_render_interval_runs_to_the_end_and_stops():
    s = app.AppSession("en", {"n_customers": 50, "mean_degree": 4.0})
    frames = 0
    while s.advance(19):
        frames += 1
    assert s.finished and s.model.steps == s.weeks
    assert frames == -(-s.weeks // 19)
    assert not s.advance(19)  # nothing past the end, no error
    assert label("finished", "en") in s.summary_html()
    assert f"Week {s.weeks} of {s.weeks}" in s.summary_html()


def test_network_is_redrawn_less_often_than_the_charts():
    s = app.AppSession("en", {"n_customers": 60})
    charts, network = s.charts_png, s.network_png
    s.advance(1)  # frame 1: charts only
    assert s.charts_png != charts and s.network_png == network
    for _ in range(app.NETWORK_EVERY):
        s.advance(1)
    assert s.network_png != network
    assert s.network_png.startswith(PNG) and s.charts_png.startswith(PNG)


def test_isolated_people_do_not_fling_the_layout():
    import networkx as nx

    from crmsim.presentation.plotting import network_layout

    graph = nx.connected_watts_strogatz_graph(200, 6, 0.1, seed=1)
    graph.add_nodes_from([200, 201])  # two people with no contacts
    pos = network_layout(graph)
    core = pos[:200]
    # the connected people fill the drawing; the isolated sit in a row below
    assert core[:, 0].max() - core[:, 0].min() > 1.5
    assert core[:, 1].max() - core[:, 1].min() > 1.5
    assert (pos[200:, 1] < core[:, 1].min()).all()
    assert np.abs(pos[200:]).max() < 1.5


def test_chinese_session_and_controls_have_no_english():
    s = app.AppSession("zh", {"n_customers": 60})
    words = [label(name, "zh") for name in app.CONTROLS]
    words += [label(k, "zh") for k in ("reset", "step", "play", "pause", "seed")]
    words += [label(k, "zh") for k in ("render_interval", "download_png")]
    assert not [w for w in words if re.search(ENGLISH, w)]
    html = re.sub("<[^>]+>", "", s.summary_html())
    assert not re.search(ENGLISH, html), html


def test_controls_are_scenario_parameters():
    from crmsim.model.scenario import PARAMETER_NAMES

    assert set(app.CONTROLS) <= set(PARAMETER_NAMES)
    s = app.AppSession("en", {"relationship_level": 3, "n_customers": 80})
    assert s.model.params.relationship_level == 3
    assert s.model.positions.shape == (80, 2)
