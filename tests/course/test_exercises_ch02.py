"""Chapter 02's exercises: textbook targets, recomputed answers, and the notebook's cells."""

import ast
import inspect

import nbformat
import pytest

import crmsim
from crmsim.claims.measures import yearly_retention
from crmsim.course.editions import SOURCE_DIR
from crmsim.course.exercises import EXERCISES, _ch02, check, exercise

SOURCE = SOURCE_DIR / "02_relationship_marketing.ipynb"

# Closed-form targets: Kotler's delivered value = total value - total cost (B6).
OFFER_VALUE = (120 + 35 + 15 + 10) - (95 + 12 + 8 + 6)
# Section 5's two offers: ours (150 - 100) and the rival's (130 - 75).
PRICE_CUT = ((90 + 20 + 5 + 15) - (60 + 5 + 5 + 5)) - (
    (100 + 30 + 10 + 10) - (80 + 10 + 5 + 5)
)


def test_chapter_02_is_registered():
    assert sorted(k for k in EXERCISES if k.startswith("02.")) == [
        "02.1",
        "02.2",
        "02.3",
        "02.4",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_delivered_value_answer_is_the_textbook_formula(lang):
    assert crmsim.delivered_value(**_ch02.CH02_OFFER).delivered_value == OFFER_VALUE
    assert check("02.1", OFFER_VALUE, lang=lang)
    assert not check("02.1", OFFER_VALUE + 1, lang=lang)


def test_price_cut_equalises_the_two_offers():
    assert check("02.2", PRICE_CUT, lang="en")
    wrong = check("02.2", PRICE_CUT - 1, lang="zh")
    assert wrong.correct is False and "偏小" in repr(wrong)


def test_contact_cost_follows_the_scenario():
    s = crmsim.preset("social")
    want = s.contact_chance * s.contact_cost * 52
    assert exercise("02.3").expected() == pytest.approx(want)
    assert check("02.3", want, lang="en")


def test_retention_gain_is_recomputed_with_seed_1():
    runs = {
        name: crmsim.simulate(name, seed=1, **_ch02.CH02_RUN)
        for name in ("transactional", "structural")
    }
    want = yearly_retention(runs["structural"], 0) - yearly_retention(
        runs["transactional"], 0
    )
    assert check("02.4", want, lang="en")
    assert not check("02.4", want + 0.05, lang="en")


def test_constant_answers_are_not_literals_in_the_module():
    literals = {
        n.value
        for n in ast.walk(ast.parse(inspect.getsource(_ch02)))
        if isinstance(n, ast.Constant)
    }
    for value in (OFFER_VALUE, PRICE_CUT):
        assert value not in literals and float(value) not in literals


def _source_cells():
    return nbformat.read(SOURCE, as_version=4).cells


def test_every_exercise_has_a_check_cell_and_a_solution():
    cells = _source_cells()
    for ex_id in ("02.1", "02.2", "02.3", "02.4"):
        student = [
            c
            for c in cells
            if c.cell_type == "code"
            and f'check("{ex_id}", answer)' in c.source
            and "solution" not in c.metadata.get("tags", [])
        ]
        assert student and "answer = None" in student[0].source
        solved = [
            c
            for c in cells
            if c.cell_type == "code"
            and f'check("{ex_id}", answer)' in c.source
            and "solution" in c.metadata.get("tags", [])
        ]
        assert solved and "answer = None" not in solved[0].source


def test_the_notebook_runs_the_registers_b4_b5_entries():
    # Conditional claims are shown from the register's own scenarios: every id
    # the notebook names must exist there, and both sides of each pair be named.
    code = "\n".join(c.source for c in _source_cells() if c.cell_type == "code")
    tree = ast.parse(code)
    ids = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", "") == "CLAIM_IDS"
    )
    register = {c.id: c for c in crmsim.CLAIMS}
    assert set(ids) <= set(register)
    for pair in (
        ("B5-financial-pays-unmatched", "B5-financial-loses-matched"),
        ("B5-structural-pays-contested", "B5-structural-wasted-uncontested"),
        ("B4-partnership", "B4-basic"),
    ):
        assert set(pair) <= set(ids)
        assert all(register[i].conditional for i in pair)
