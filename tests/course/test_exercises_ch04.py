"""Chapter 04's exercises: the answers follow the rules and the seeded runs.

04.1 and 04.2 have closed-form targets (the satisfaction rule and the
stage expectations, written out here from the default scenario's
parameters); 04.3 and 04.4 are recomputed from the runs the exercise names,
here from the customer and summary tables directly.
"""

import pytest

import crmsim
from crmsim.course.exercises import EXERCISES, check, exercise
from crmsim.course.exercises._ch04 import CH04_PERCEIVED, CH04_RUN

CH04 = ("04.1", "04.2", "04.3", "04.4")


def test_chapter_04_exercises_are_registered():
    assert set(CH04) <= set(EXERCISES)


def test_04_1_is_the_satisfaction_rule_by_hand():
    sc = crmsim.preset("default")
    d = CH04_PERCEIVED - sc.expectation_level
    # the exercise's perception lies past the latent expectation: all three parts
    assert d > sc.latent_gap
    want = min(
        1.0,
        0.6
        + sc.meet_sensitivity * sc.latent_gap
        + sc.delight_sensitivity * (d - sc.latent_gap),
    )
    assert exercise("04.1").expected() == pytest.approx(want, abs=1e-12)
    assert check("04.1", want, lang="en")


def test_04_2_is_the_latent_expectation_two_stages_on():
    sc = crmsim.preset("default")
    want = sc.expectation_level + 2 * sc.expectation_growth + sc.latent_gap
    assert exercise("04.2").expected() == pytest.approx(want, abs=1e-12)
    assert check("04.2", want, lang="zh")
    # the basic expectation alone (a likely slip) is not accepted
    assert not check("04.2", want - sc.latent_gap, lang="en")


def test_04_3_is_the_share_of_satisfied_leavers_of_its_run():
    c = crmsim.simulate("satisfaction_trap", **CH04_RUN).customers
    left = c[c["churned_week"] > 0]
    assert len(left) > 0
    want = float((left["satisfaction_level"] >= 4).mean())
    assert 0.0 <= exercise("04.3").expected() <= 1.0
    assert check("04.3", want, lang="en")
    # counting every customer instead of the leavers is a different number
    everyone = float((c["satisfaction_level"] >= 4).mean())
    if abs(everyone - want) > 0.02 * want:
        assert not check("04.3", everyone, lang="en")


def test_04_4_is_flat_minus_rising_retention_of_its_runs():
    flat = crmsim.simulate("default", expectation_growth=0.0, **CH04_RUN)
    rising = crmsim.simulate("default", **CH04_RUN)
    want = flat.summary["yearly_retention"] - rising.summary["yearly_retention"]
    assert check("04.4", want, lang="en")
    # the sign matters: rising minus flat is wrong unless both are zero
    if abs(want) > 0.01:
        assert not check("04.4", -want, lang="en")


@pytest.mark.parametrize("exercise_id", CH04)
def test_prompts_and_hints_in_both_languages(exercise_id):
    ex = exercise(exercise_id)
    assert ex.prompt_zh and ex.prompt_en and ex.hint_zh and ex.hint_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ex.prompt_zh + ex.hint_zh)


@pytest.mark.parametrize("exercise_id", ["04.1", "04.2"])
def test_a_wrong_answer_says_which_way(exercise_id):
    want = exercise(exercise_id).expected()
    assert "too high" in repr(check(exercise_id, want + 0.1, lang="en"))
    assert "偏小" in repr(check(exercise_id, want - 0.1, lang="zh"))
