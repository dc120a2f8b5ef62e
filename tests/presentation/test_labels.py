"""One table of labels in both languages; no code name reaches a screen."""

import re

import pytest

from crmsim.errors import CRMSimError
from crmsim.model.ledger import C3_COMPONENTS
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, Stage
from crmsim.presentation import labels
from crmsim.presentation.labels import (
    LABELS,
    column_label,
    format_years,
    label,
    ladder_label,
    stage_label,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_label_has_english_and_chinese():
    for key, (en, zh) in LABELS.items():
        assert en and zh, key
        assert CJK.search(zh) or zh == en.replace(" ", ""), (key, zh)
        assert "_" not in en, (key, en)


@pytest.mark.parametrize("stage", list(Stage))
def test_stage_names_follow_the_course(stage):
    # the course's term is written first in the enum member's docstring
    doc_terms = {
        Stage.PROSPECT: "潜在客户",
        Stage.EXPLORATION: "考察期",
        Stage.FORMATION: "形成期",
        Stage.STABILITY: "稳定期",
        Stage.DECLINE: "退化期",
        Stage.CHURNED: "流失",
    }
    assert stage_label(stage, "zh") == doc_terms[stage]
    assert stage_label(int(stage), "en") == stage.name.lower()
    assert column_label(stage.name.lower(), "zh") == doc_terms[stage]


def test_intenum_members_of_two_enums_do_not_collide():
    assert Stage.FORMATION == LoyaltyType.LATENT  # both are 2
    assert label(Stage.FORMATION, "en") == "formation"
    assert label(LoyaltyType.LATENT, "en") == "latent loyalty"


def test_result_columns_have_labels():
    from crmsim import simulate

    res = simulate(seed=1, engine="vector", n_customers=60, weeks=3)
    columns = [*res.weekly.columns, *C3_COMPONENTS, "lifecycle_profit"]
    for lang in ("en", "zh"):
        for column in columns:
            text = column_label(column, lang)
            assert text and "_" not in text, column
    assert column_label("new_marketing", "en") == "won by marketing"
    assert column_label("mean_satisfaction", "zh") == "平均满意度"


def test_ladder_rungs_in_both_languages():
    assert [ladder_label(i, "en") for i in range(len(LADDER_RUNGS))] == list(
        LADDER_RUNGS
    )
    zh = [ladder_label(i, "zh") for i in range(len(LADDER_RUNGS))]
    assert zh[0] == "可能的客户" and zh[-1] == "合伙人"
    assert len(set(zh)) == len(LADDER_RUNGS)


@pytest.mark.parametrize(
    ("years", "lang", "text"),
    [
        (2.345, "en", "2.3 years"),
        (2.345, "zh", "2.3 年"),
        (100.0, "en", "100.0 years"),
        (2105.2, "en", "> 100 years"),
        (float("inf"), "zh", "> 100 年"),
        (float("nan"), "en", "> 100 years"),
    ],
)
def test_format_years_stays_readable(years, lang, text):
    assert format_years(years, lang) == text


def test_language_setting_and_bad_language():
    before = labels.get_language()
    try:
        labels.set_language("zh")
        assert label("week") == "周"
    finally:
        labels.set_language(before)
    with pytest.raises(CRMSimError, match="lang='fr' is invalid: allowed en, zh"):
        label("week", "fr")


def test_no_chinese_label_outside_the_labels_module_in_presentation():
    from pathlib import Path

    folder = Path(labels.__file__).parent
    for path in folder.glob("*.py"):
        if path.name == "labels.py":
            continue
        assert not CJK.search(path.read_text(encoding="utf-8")), path.name
