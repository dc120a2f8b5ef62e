"""Chapter 05's exercises: textbook answers, the simulated one, and the editions."""

import ast
import inspect
import json
from pathlib import Path

import pytest

import crmsim
from crmsim.course.exercises import EXERCISES, _ch05, check, exercise

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHAPTER = "05_customer_loyalty.ipynb"


def _smith_total(told, count_first_round=True):
    # The seed's chain written out: $50 a week, 52 weeks, 10 years; half are
    # influenced, each influences 5 more, a quarter of the influenced stop.
    own = 50 * 52 * 10
    first = told * 0.5
    second = first * 5
    lost = ((first if count_first_round else 0) + second) * 0.25
    return own + lost * own


# Analytic targets from the textbook's numbers (seed 001), not from crmsim.
TEXTBOOK = {
    "05.1": _smith_total(15),
    "05.2": _smith_total(10, count_first_round=False),
    "05.3": (0.95 / (1 + 0.1 - 0.95)) / (0.90 / (1 + 0.1 - 0.90)) - 1,
}


def test_chapter_05_registers_four_exercises():
    assert sorted(k for k in EXERCISES if k.startswith("05.")) == [
        "05.1",
        "05.2",
        "05.3",
        "05.4",
    ]


@pytest.mark.parametrize(("exercise_id", "value"), sorted(TEXTBOOK.items()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_textbook_answer_is_right(exercise_id, value, lang):
    v = check(exercise_id, value, lang=lang)
    assert v and v.correct is True


@pytest.mark.parametrize("exercise_id", sorted(TEXTBOOK))
def test_a_nearby_wrong_answer_is_wrong_and_says_which_way(exercise_id):
    want = TEXTBOOK[exercise_id]
    ex = exercise(exercise_id)
    off = 2 * max(ex.rel_tol * abs(want), ex.abs_tol)
    assert not check(exercise_id, want + off, lang="en")
    assert "too high" in repr(check(exercise_id, want + off, lang="en"))
    assert "偏小" in repr(check(exercise_id, want - off, lang="zh"))


def test_the_answers_agree_with_crmsims_formulas():
    assert check("05.1", crmsim.smith_chain(15).total_loss, lang="en")
    assert check(
        "05.2", crmsim.smith_chain(10, count_first_round=False).total_loss, lang="en"
    )
    gain = crmsim.npv_increase_from_retention([1.0] * 2000, 0.90, 0.10)
    assert check("05.3", gain, lang="en")


def test_constant_answers_are_not_literals_in_the_module():
    literals = {
        n.value
        for n in ast.walk(ast.parse(inspect.getsource(_ch05)))
        if isinstance(n, ast.Constant)
    }
    for value in TEXTBOOK.values():
        assert value not in literals and round(value, 3) not in literals


def test_simulated_answer_is_recomputed_with_its_seed():
    # 05.4 is not stored: it is what the notebook's seeded run gives now.
    res = crmsim.simulate(
        "default",
        seed=1,
        engine="vector",
        n_customers=600,
        weeks=156,
        relationship_level=3,
        structural_habit=0.0,
    )
    want = float(crmsim.loyalty_mix(res.customers).get("inertia", 0.0))
    assert 0.0 <= want <= 1.0
    assert check("05.4", want, lang="en")
    assert not check("05.4", want + 0.05, lang="en")


def _text(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_solutions_state_the_answers_the_students_edition_does_not(lang):
    student = _text(NOTEBOOKS / lang / CHAPTER)
    teacher = _text(NOTEBOOKS / "solutions" / lang / CHAPTER)
    for value in ("318", "188", "0.407"):
        assert value in teacher
        assert value not in student
    for k in range(1, 5):
        assert f'check("05.{k}", answer)' in student
