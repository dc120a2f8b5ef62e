"""Chapter 00's exercises: the textbook answer, and simulated answers recomputed with their seeds."""

import ast
import inspect

import pytest

import crmsim
from crmsim.course.exercises import _ch00, check, exercise

# T = N / M (slides ch. 2 §2.2.2) for the exercise's 1 200 customers and 300 lost a year.
T_BY_HAND = 1200 / 300


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_base_lifecycle_is_n_over_m(lang):
    assert check("00.1", T_BY_HAND, lang=lang).correct is True
    assert check("00.1", T_BY_HAND + 0.5, lang=lang).correct is False
    assert exercise("00.1").expected() == pytest.approx(T_BY_HAND)


def test_the_textbook_answer_is_not_a_literal():
    tree = ast.parse(inspect.getsource(_ch00))
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert T_BY_HAND not in literals and int(T_BY_HAND) not in literals


def test_negative_share_is_the_notebooks_run():
    customers = crmsim.simulate(
        crmsim.preset("social").replace(n_customers=1000, weeks=156),
        seed=1,
        engine="vector",
    ).customers
    share = float((customers["lifecycle_profit"] < 0).mean())
    assert 0.0 <= share <= 1.0
    assert check("00.2", share, lang="en")
    assert not check("00.2", share + 0.05, lang="en")


def test_switching_gain_is_the_difference_of_mean_retention():
    # computed another way: one sweep, grouped (as the solution cell does)
    t = crmsim.sweep_parameter(
        "transactional",
        "switching_cost",
        [0.05, 0.2],
        seeds=list(_ch00.CH00_SEEDS),
        metrics=["yearly_retention"],
        **_ch00.CH00_RUN,
    )
    means = t.groupby("value")["yearly_retention"].mean()
    gain = means.loc[0.2] - means.loc[0.05]
    assert check("00.3", gain, lang="en")
    # a higher cost of leaving keeps at least as many customers (E7)
    assert gain > 0
