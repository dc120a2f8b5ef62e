"""Chapter 03's exercises: textbook answers, tolerances, seeded answers recomputed."""

import ast
import inspect

import pytest

import crmsim
from crmsim.claims import get_claim
from crmsim.course.exercises import EXERCISES, _ch03, check, exercise

# Analytic targets from the exercises' own numbers.
TEXTBOOK = {
    "03.1": 5460 / 1300,  # T = N / M
    "03.2": (520 + 90 + 120) - (60 + 140 + 45),  # total profit - investment
    # CLV = m r / (1 + i - r): with the programme (m = 100 - 8, r = 0.85) minus without
    "03.3": 92 * 0.85 / (1.1 - 0.85) - 100 * 0.80 / (1.1 - 0.80),
}


def test_the_chapter_registers_its_exercises():
    ids = sorted(i for i in EXERCISES if i.startswith("03."))
    assert ids == ["03.1", "03.2", "03.3", "03.4", "03.5"]
    for i in ids:
        ex = exercise(i)
        assert ex.prompt_zh and ex.prompt_en and ex.hint_zh and ex.hint_en


@pytest.mark.parametrize(("exercise_id", "value"), sorted(TEXTBOOK.items()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_textbook_answer_is_right(exercise_id, value, lang):
    v = check(exercise_id, value, lang=lang)
    assert v.correct is True
    assert ("正确" in repr(v)) == (lang == "zh")


def test_the_answers_agree_with_the_packages_formulas():
    assert exercise("03.1").expected() == pytest.approx(
        crmsim.base_lifecycle_years(5460, 1300)
    )
    assert exercise("03.2").expected() == pytest.approx(
        crmsim.lifecycle_profit(520, 90, 120, 60, 140, 45).lifecycle_profit
    )
    assert exercise("03.3").expected() == pytest.approx(
        crmsim.lifetime_value_closed_form(92, 0.85, 0.10)
        - crmsim.lifetime_value_closed_form(100, 0.80, 0.10)
    )


@pytest.mark.parametrize("exercise_id", sorted(TEXTBOOK))
def test_tolerance_edges(exercise_id):
    ex = exercise(exercise_id)
    want = ex.expected()
    tol = max(ex.rel_tol * abs(want), ex.abs_tol)
    assert check(exercise_id, want + 0.9 * tol, lang="en")
    assert not check(exercise_id, want - 1.1 * tol - 1e-9, lang="en")


def test_a_common_slip_is_wrong_and_says_which_way():
    # M / N (the yearly churn) instead of N / M
    v = check("03.1", 1300 / 5460, lang="zh")
    assert v.correct is False and "偏小" in repr(v) and "N ÷ M" in repr(v)
    # forgetting referral damage: too high
    v = check("03.2", 520 + 90 + 120 - 60 - 140, lang="en")
    assert v.correct is False and "too high" in repr(v)


def test_constant_answers_are_not_literals_in_the_module():
    literals = {
        n.value
        for n in ast.walk(ast.parse(inspect.getsource(_ch03)))
        if isinstance(n, ast.Constant) and isinstance(n.value, int | float)
    }
    for value in TEXTBOOK.values():
        assert not any(abs(float(x) - value) < 1e-6 for x in literals), value


def test_fresh_market_t_is_n_over_m_of_the_seeded_run():
    r = crmsim.simulate(
        "default",
        seed=1,
        engine="vector",
        n_customers=_ch03.CH03_RUN["n_customers"],
        weeks=_ch03.CH03_FRESH_WEEKS,
        warmup_weeks=0,
    )
    n_now = r.weekly["customers"].iloc[-1]
    lost = r.weekly["churned_week"].iloc[-52:].sum()
    assert check("03.4", n_now / lost, lang="en")
    # the definition the exercise asks for is the summary's T
    assert n_now / lost == pytest.approx(r.summary["base_lifecycle_years"], rel=1e-12)


def test_retained_profit_is_the_registers_measure_on_seed_1():
    r = crmsim.simulate("default", seed=1, **_ch03.CH03_RUN)
    claim = get_claim("C3-retained-positive")
    assert check("03.5", claim.measure(r, claim.warmup_weeks), lang="en")
