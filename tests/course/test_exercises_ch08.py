"""Chapter 08's exercises agree with the dashboards and with the textbook's arithmetic."""

import ast
import inspect

import pytest

import crmsim
from crmsim.course.exercises import _ch08, check, exercise

# Closed forms of the three textbook calculations, written out.
CLV = 200 * 0.75 / (1 + 0.12 - 0.75) - 80  # Gupta & Lehmann, m r / (1 + i - r) - AC
SMITH_15 = (
    50 * 52 * 10 * (1 + (15 * 0.5 + 15 * 0.5 * 5) * 0.25)
)  # slides ch. 3, the Smith case
LOYALTY = (
    0.2 + (0.9 - 0.2) * ((4 - 1) / 4) ** 3
)  # floor + (ceiling - floor) ((s - 1) / 4) ** k

TEXTBOOK = {"08.1": CLV, "08.2": SMITH_15, "08.3": LOYALTY}


@pytest.mark.parametrize(("exercise_id", "value"), sorted(TEXTBOOK.items()))
def test_textbook_answers(exercise_id, value):
    assert exercise(exercise_id).expected() == pytest.approx(value, rel=1e-12)
    assert check(exercise_id, value, lang="zh").correct is True
    assert check(exercise_id, value * 1.05, lang="en").correct is False


def test_the_functions_the_solutions_use_give_the_same_answers():
    assert crmsim.lifetime_value_closed_form(200, 0.75, 0.12, 80) == pytest.approx(CLV)
    assert crmsim.smith_chain(15).total_loss == pytest.approx(SMITH_15)
    assert crmsim.satisfaction_loyalty([4], floor=0.2, ceiling=0.9, exponent=3)[
        0
    ] == pytest.approx(LOYALTY)


def test_the_textbook_answers_are_not_literals():
    tree = ast.parse(inspect.getsource(_ch08))
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    for value in TEXTBOOK.values():
        assert value not in literals and round(value, 2) not in literals


def test_structural_retention_is_what_the_dashboard_shows():
    pytest.importorskip("ipywidgets")
    from crmsim.presentation.widgets import LifecycleDashboard

    board = LifecycleDashboard(**_ch08.CH08_BOARD)
    board.controls["relationship_level"].value = 3
    retention = board.results.summary["yearly_retention"]
    assert check("08.4", retention, lang="en")
    assert not check("08.4", retention - 0.05, lang="en")
