"""Dashboards and ``crmsim viz``, without a browser."""

import re

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from crmsim import smith_case
from crmsim.course.cases import satisfaction_loyalty
from crmsim.economics import lifetime_value, lifetime_value_closed_form
from crmsim.model.rules import Stage
from crmsim.presentation.labels import label
from crmsim.presentation.widgets import (
    CLVCalculator,
    JonesSasserExplorer,
    LifecycleDashboard,
    SmithCalculator,
    classroom,
    default_engine,
)

PNG = b"\x89PNG\r\n\x1a\n"
# an English word (file formats such as PNG and CSV are not words)
ENGLISH = re.compile(r"[a-z]{2,}|[A-Z][a-z]")


@pytest.fixture(scope="module")
def board():
    return LifecycleDashboard(n_customers=200, weeks=52, seed=3)


def test_lifecycle_dashboard_draws_on_construction(board):
    assert board.updates == 1
    assert board.png.startswith(PNG)
    assert board.results.engine == default_engine()
    assert "Yearly retention" in board.status.value
    assert board.last_update_seconds >= board.last_run_seconds > 0
    assert len(board.figure.axes) == 5  # four panels and the profit twin axis
    assert set(board.controls) == {
        "relationship_level",
        "competition_intensity",
        "switching_cost",
        "service_quality",
        "expectation_level",
        "word_of_mouth",
        "loyalty_tier",
        "seed",
    }


def test_a_control_change_reruns_and_redraws(board):
    before, image = board.updates, board.png
    board.controls["relationship_level"].value = 3
    assert board.updates == before + 1
    assert board.results.scenario.relationship_level == 3
    assert board.png != image
    board.controls["seed"].value = 4
    assert board.updates == before + 2
    assert board.results.seed == 4


def test_controls_map_onto_scenario_parameters(board):
    board.controls["word_of_mouth"].value = 0.0
    assert board.results.scenario.wom_positive_reach == 0
    assert board.results.scenario.wom_negative_reach == 0
    board.controls["word_of_mouth"].value = 2.0
    s = board.results.scenario
    assert s.wom_positive_reach == 2 * board.base.wom_positive_reach
    assert s.wom_negative_reach == 2 * board.base.wom_negative_reach
    board.controls["loyalty_tier"].value = 2
    board.controls["competition_intensity"].value = 0.9
    board.controls["service_quality"].value = 0.8
    s = board.results.scenario
    assert (s.loyalty_tier, s.competition_intensity, s.service_quality) == (
        2,
        0.9,
        0.8,
    )
    assert (s.n_customers, s.weeks) == (200, 52)


def test_dashboard_starts_from_a_preset_and_speaks_chinese():
    b = LifecycleDashboard("social", n_customers=150, weeks=20, lang="zh")
    assert b.controls["relationship_level"].value == 2
    assert b.controls["relationship_level"].description == "关系营销层次"
    assert "年保持率" in b.status.value
    assert b.figure.axes[0].get_title() == label("stages_title", "zh")


def test_whole_run_retention_line_matches_the_summary(board):
    line = board.chart.whole_run
    assert line.get_ydata()[0] == pytest.approx(
        board.results.summary["yearly_retention"], abs=0.03
    )


def test_the_engine_argument_reaches_the_run():
    b = LifecycleDashboard(n_customers=60, weeks=8, engine="mesa")
    assert b.results.engine == "mesa"
    assert LifecycleDashboard(n_customers=60, weeks=8).results.engine == (
        default_engine()
    )


def test_clv_calculator_matches_the_economics_functions():
    c = CLVCalculator()
    assert c.result["closed_form"] == pytest.approx(
        lifetime_value_closed_form(100, 0.8, 0.1, 50)
    )
    c.controls["periods"].value = 5
    assert c.result["finite"] == pytest.approx(lifetime_value([100] * 5, 0.8, 0.1, 50))
    c.controls["growth"].value = 0.1
    margins = 100 * 1.1 ** np.arange(5)
    assert c.result["finite"] == pytest.approx(lifetime_value(margins, 0.8, 0.1, 50))
    assert c.png.startswith(PNG)
    assert "216.67" in c.status.value


def test_smith_calculator_matches_the_case():
    s = SmithCalculator(lang="zh")
    assert s.result.low.total_loss == smith_case().low.total_loss == 221000
    assert "总损失" in s.status.value and "221,000" in s.status.value
    assert "她本人多年的销售额" in s.table.value
    s.controls["people_told"].value = (5, 30)
    s.controls["count_first_round"].value = False
    assert s.result == smith_case((5, 30), count_first_round=False)


def test_jones_sasser_explorer_shows_errors_without_raising():
    j = JonesSasserExplorer()
    np.testing.assert_allclose(
        j.result, satisfaction_loyalty([1, 2, 3, 4, 5], floor=0.3, exponent=2.0)
    )
    assert len(j.figure.axes[0].get_legend().get_texts()) == 3
    updates = j.updates
    j.controls["ceiling"].value = 0.5
    j.controls["floor"].value = 0.8  # above the ceiling: invalid
    assert j.error and "ceiling" in j.error
    assert "Cannot compute" in j.status.value
    assert j.updates == updates + 1  # the valid change drew, the invalid did not
    j.controls["ceiling"].value = 1.0
    assert j.error is None
    assert j.updates == updates + 2


def test_classroom_tabs():
    tab = classroom(lang="en", n_customers=100, weeks=10)
    assert len(tab.children) == 4
    assert tab.titles == ("Lifecycle", "CLV", "Smith case", "Jones & Sasser")
    assert all(d.updates == 1 for d in tab.dashboards)


def test_save_writes_the_png(board, tmp_path):
    board.save(tmp_path / "board.png")
    assert (tmp_path / "board.png").read_bytes().startswith(PNG)


# --- crmsim viz -------------------------------------------------------------


def test_viz_command_line(capsys):
    from crmsim.cli import main
    from crmsim.cli.viz import solara_command

    assert main(["viz", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--host" in out and "127.0.0.1" in out
    cmd = solara_command("127.0.0.1", 9999)
    assert cmd[1:5] == ["-m", "solara", "run", "crmsim.presentation.app"]
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--port") + 1] == "9999"
    assert main(["viz", "--port", "70000"]) == 2
    assert "--port 70000 is invalid" in capsys.readouterr().err


def test_timings_are_positive_and_add_up(board):
    board.controls["seed"].value = board.controls["seed"].value + 1
    run, draw = board.last_run_seconds, board.last_draw_seconds
    assert run > 0 and draw > 0
    assert board.last_update_seconds >= run + draw - 1e-6


# --- presentation mode, pins and export -------------------------------------


def test_busy_indicator_is_on_during_the_rerun_only(board, monkeypatch):
    seen = []
    compute = board.compute

    def spy():
        seen.append("crmsim-busy-off" in board.busy._dom_classes)
        compute()

    monkeypatch.setattr(board, "compute", spy)
    board.controls["switching_cost"].value = 0.2
    assert seen == [False]
    assert "crmsim-busy-off" in board.busy._dom_classes


def test_headline_has_no_debug_text_and_readable_lifecycle(board):
    status = board.status.value
    assert not re.search(r"\d\.\d\d s\b", status)
    assert board.results.engine not in status and "#" not in status
    board.results.summary["base_lifecycle_years"] = 2105.2
    text = board.headline()
    assert "> 100 years" in text and "2105" not in text
    board.results.summary["base_lifecycle_years"] = float("inf")
    assert "> 100 years" in board.headline()


def test_figure_text_is_projector_sized_and_never_a_code_name(board):
    from crmsim.presentation.plotting import MIN_TEXT_PX

    assert min(board.chart.text_sizes_px()) >= MIN_TEXT_PX
    texts = [t.get_text() for ax in board.figure.axes for t in ax.texts]
    assert "formation" in texts
    assert any(t.startswith("latent loyalty ") for t in texts)
    assert not [t for t in texts if "_" in t]


def test_chart_updates_move_data_instead_of_adding_artists(board):
    ax = board.figure.axes[0]
    lines, texts = list(ax.lines), list(ax.texts)
    board.controls["expectation_level"].value = 0.8
    assert list(ax.lines) == lines and list(ax.texts) == texts
    line = board.chart.stage_lines[Stage.FORMATION]
    np.testing.assert_array_equal(line.get_ydata(), board.results.weekly["formation"])


def test_pin_keeps_a_ghost_run_and_a_table_row(board):
    board.clear_pins()
    ax = board.figure.axes[0]
    n_lines = len(ax.lines)
    first = board.headline_row()
    board.pin()
    assert len(ax.lines) == n_lines + 4
    ghosts = ax.lines[n_lines:]
    assert all(g.get_linestyle() == "--" for g in ghosts)
    board.controls["relationship_level"].value = 0
    assert len(ax.lines) == n_lines + 4  # the ghost stays through a re-run
    board.pin()
    table = board.pinned
    assert list(table["run"]) == ["run 1", "run 2"]
    assert table.iloc[0]["yearly_retention"] == first["yearly_retention"]
    assert table.iloc[1]["relationship_level"] == 0
    assert "run 2" in board.pins_table.value
    board.clear_pins()
    assert len(ax.lines) == n_lines and board.pinned.empty
    assert board.pins_table.value == ""


def test_download_links_carry_the_figure_and_tables(board):
    import base64
    import io

    import pandas as pd

    board.pin()
    links = dict(
        re.findall(
            r'download="([^"]+)"[^>]*href="data:[^;]+;base64,([^"]+)"',
            board.downloads.value,
        )
    )
    assert set(links) == {"lifecycle.png", "weekly.csv", "pinned_runs.csv"}
    assert base64.b64decode(links["lifecycle.png"]) == board.png
    weekly = pd.read_csv(io.BytesIO(base64.b64decode(links["weekly.csv"])))
    assert len(weekly) == len(board.results.weekly)
    pins = pd.read_csv(io.BytesIO(base64.b64decode(links["pinned_runs.csv"])))
    assert list(pins["run"]) == list(board.pinned["run"])
    board.clear_pins()


def test_chinese_dashboard_has_no_english_control_text():
    b = LifecycleDashboard(n_customers=80, weeks=10, lang="zh")
    words = [c.description for c in b.controls.values()]
    words += [b.pin_button.description, b.clear_button.description]
    words += [label for label, _ in b.controls["loyalty_tier"].options]
    words += [label for label, _ in b.controls["relationship_level"].options]
    words += re.findall(r">⤓ ([^<]+)<", b.downloads.value)
    assert words and not [t for t in words if re.search(ENGLISH, t)]
    assert "运行" in b.busy.value
