"""The glossary: every concept has terms, the seeds' spelling, the four 潜在 kept apart."""

import re
from pathlib import Path

import pytest

from crmsim.course.glossary import TERMS, render_markdown, terms_for

ROOT = Path(__file__).resolve().parents[2]
CONCEPTS = [
    *(f"A{i}" for i in range(1, 5)),
    *(f"B{i}" for i in range(1, 9)),
    *(f"C{i}" for i in range(1, 5)),
    *(f"D{i}" for i in range(1, 5)),
    *(f"E{i}" for i in range(1, 12)),
    *(f"F{i}" for i in range(1, 4)),
]
FOUR = {
    "潜在客户": "prospect",
    "潜在购买者": "potential buyer",
    "潜在忠诚": "latent loyalty",
    "潜在期望": "latent expectation",
}


@pytest.mark.parametrize("concept", CONCEPTS)
def test_every_concept_has_a_term(concept):
    assert terms_for(concept)


def test_no_unknown_concepts_and_no_duplicate_terms():
    assert {t.concept for t in TERMS} <= set(CONCEPTS)
    zh = [t.zh for t in TERMS]
    assert len(zh) == len(set(zh))


@pytest.mark.parametrize(("zh", "en"), sorted(FOUR.items()))
def test_the_four_latent_terms_are_apart(zh, en):
    [term] = [t for t in TERMS if t.zh == zh]
    assert term.en == en
    others = [z for z in FOUR if z != zh]
    # Each note names at least one of the others, as what the term is not.
    assert any(o in term.note_zh for o in others)
    assert len({t.en for t in TERMS if t.zh in FOUR}) == 4


def test_jones_and_sasser_as_the_seed_writes_it():
    names = {t.zh for t in TERMS}
    assert "琼斯和赛塞" in names
    assert not any("萨塞" in n or "琼斯与" in n for n in names)


def test_every_term_is_written_as_its_seed_writes_it(seed_texts):
    texts = {number: re.sub(r"\s+", "", text) for number, text in seed_texts.items()}
    missing = [(t.zh, t.source) for t in TERMS if t.zh not in texts.get(t.source, "")]
    assert not missing


def test_glossary_page_is_up_to_date():
    page = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    assert page == render_markdown(), "run: python -m crmsim.course.glossary"


def test_glossary_page_has_every_term_in_a_table_row():
    page = render_markdown()
    for t in TERMS:
        assert f"| {t.concept} | {t.zh} | {t.en} |" in page
