"""Chapter 11's exercises, market and labels: competition between firms."""

import ast
import inspect

import nbformat
import pytest

from crmsim.course.editions import SOURCE_DIR
from crmsim.course.exercises import EXERCISES, _ch11, check, exercise
from crmsim.economics.lifetime_value import margin_multiple
from crmsim.model.engine import make_engine, run
from crmsim.model.rules import Stage
from crmsim.presentation.labels import LABELS

SOURCE = SOURCE_DIR / "11_competition_between_firms.ipynb"

# Kotler's delivered value = total value - total cost (B6), the rival's minus ours.
DELIVERED_GAP = (180 - 115) - (200 - 150)
# Customer equity of the exercise's firm: customers x m x r / (1 + i - r) (C4).
EQUITY = 400 * 120 * margin_multiple(0.8, 0.1)


def _active_by_firm(customers):
    active = customers[
        (customers["stage"] > Stage.PROSPECT.value)
        & (customers["stage"] < Stage.CHURNED.value)
    ]
    return active.groupby("firm").size()


def test_chapter_11_is_registered():
    assert sorted(k for k in EXERCISES if k.startswith("11.")) == [
        "11.1",
        "11.2",
        "11.3",
        "11.4",
        "11.5",
    ]


def test_the_textbook_answers_are_not_literals():
    tree = ast.parse(inspect.getsource(_ch11))
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert DELIVERED_GAP not in literals and float(DELIVERED_GAP) not in literals
    assert round(EQUITY) not in literals and float(round(EQUITY)) not in literals


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_delivered_value_gap(lang):
    assert check("11.1", DELIVERED_GAP, lang=lang).correct is True
    # ours minus theirs (the sign the wrong way round) is wrong
    assert check("11.1", -DELIVERED_GAP, lang=lang).correct is False


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_customer_equity_by_the_formula(lang):
    assert exercise("11.2").expected() == pytest.approx(EQUITY)
    assert check("11.2", EQUITY, lang=lang).correct is True
    # forgetting the discount rate (r / (1 - r)) is wrong
    assert check("11.2", 400 * 120 * 0.8 / 0.2, lang=lang).correct is False


def test_the_chapters_market():
    scenario = _ch11.ch11_market([{"name": "A"}, {"name": "B"}])
    assert [f["name"] for f in scenario.firms] == ["A", "B"]
    for key, value in _ch11.CH11_RUN.items():
        assert getattr(scenario, key) == value
    assert _ch11.CH11_SEEDS[0] == 1  # the notebook's exercises read seed 1


def test_partner_share_is_its_customers_over_all_customers():
    res = _ch11._partner_run()
    counts = _active_by_firm(res.customers)
    names = [f["name"] for f in res.scenario.firms]
    share = counts.loc[names.index("C")] / counts.sum()
    assert check("11.3", share, lang="en")
    assert not check("11.3", share - 0.01, lang="en")


def test_firm_b_equity_by_hand_from_the_weekly_table():
    res = _ch11._partner_run()
    last = res.firms[res.firms["firm_name"] == "B"].tail(52)
    customer_weeks = last["customers"].sum()
    m = (last["profit"] + last["acquisition_cost"]).sum() / (customer_weeks / 52)
    r = (1 - last["churned_week"].sum() / customer_weeks) ** 52
    i = res.scenario.annual_discount_rate
    by_hand = last["customers"].iloc[-1] * m * margin_multiple(min(r, 1 - 1e-9), i)
    assert check("11.4", by_hand, lang="en")
    # the margin alone (no retention multiple) is wrong
    assert not check("11.4", last["customers"].iloc[-1] * m, lang="en")


def test_followed_share_is_the_engines_customer_table():
    scenario = _ch11.ch11_market([{"name": "A"}, {"name": "B"}, {"name": "C"}])
    model = make_engine(scenario, seed=_ch11.CH11_SEEDS[0], engine="vector")
    run(model, _ch11.CH11_SWITCH_WEEK)
    model.set_firm(2, relationship_level=3)
    run(model, _ch11.CH11_FOLLOW_WEEK - _ch11.CH11_SWITCH_WEEK)
    model.set_firm(0, relationship_level=3)
    model.set_firm(1, relationship_level=3)
    run(model)
    counts = _active_by_firm(model.customer_table())
    share = counts.loc[2] / counts.sum()
    assert 0 < share < 1
    assert check("11.5", share, lang="en")
    assert not check("11.5", share + 0.01, lang="en")


def test_notebook_checks_exactly_the_registered_exercises():
    nb = nbformat.read(SOURCE, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    checked = {
        node.args[0].value
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "check"
        and isinstance(node.args[0], ast.Constant)
    }
    assert checked == {k for k in EXERCISES if k.startswith("11.")}
    languages = [c.metadata.get("lang") for c in nb.cells if c.cell_type == "markdown"]
    assert languages.count("zh") == languages.count("en")


@pytest.mark.parametrize("key", sorted(k for k in LABELS if k.startswith("ch11.")))
def test_chapter_11_labels_are_in_both_languages(key):
    english, chinese = LABELS[key]
    assert english.isascii() and english
    assert chinese and not chinese.isascii()
