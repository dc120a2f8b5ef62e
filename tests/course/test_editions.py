"""The chapter editions are built from one source and cannot drift apart.

- the Chinese and English editions (and the two instructor editions) have the
  same code cells, except the one edition-language cell, which sets the
  edition's own language;
- a students' edition is its instructor edition without the solution cells,
  and holds no solution (no tagged cell, no solution text, no answer value);
- every edition on disk matches what its source builds now;
- the builder rejects malformed sources with one-line errors.
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crmsim.course import editions
from crmsim.course.editions import (
    EDITIONS,
    LANGUAGE_TAG,
    SOLUTION_TAG,
    Edition,
    build_edition,
    edition_path,
    source_notebooks,
    stale_editions,
)
from crmsim.course.exercises import EXERCISES
from crmsim.errors import CRMSimError

SOURCES = source_notebooks()
# Per chapter: answers its solutions state that its students' edition must not.
STATED_ANSWERS = {
    "01": ("1100", "3.125", "0.741"),
    "02": ("59",),
    "03": ("4.2", "485", "46.13"),
    "06": ("0.0119",),
    "10": ("n > 36",),
}


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(nb, *, keep_language=True):
    return [
        c.source
        for c in nb.cells
        if c.cell_type == "code"
        and (keep_language or LANGUAGE_TAG not in c.metadata.get("tags", []))
    ]


def test_there_is_a_source_notebook():
    assert SOURCES, "no notebooks/src/NN_*.ipynb"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_editions_exist_and_match_their_source(source):
    assert stale_editions([source]) == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
@pytest.mark.parametrize("solutions", [False, True])
def test_zh_and_en_have_identical_code_cells(source, solutions):
    zh = _read(edition_path(source, Edition("zh", solutions)))
    en = _read(edition_path(source, Edition("en", solutions)))
    assert _code(zh, keep_language=False) == _code(en, keep_language=False)
    assert len(_code(zh)) == len(_code(en))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.lang}-{e.solutions}")
def test_the_language_cell_sets_the_editions_language(source, edition):
    nb = _read(edition_path(source, edition))
    cells = [c for c in nb.cells if LANGUAGE_TAG in c.metadata.get("tags", [])]
    assert len(cells) == 1
    assert f'set_language("{edition.lang}")' in cells[0].source
    assert nb.metadata["crmsim"]["edition"] == edition.lang


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_students_edition_is_the_instructors_without_solutions(source, lang):
    student = _read(edition_path(source, Edition(lang, False)))
    teacher = _read(edition_path(source, Edition(lang, True)))
    solution_cells = [
        c for c in teacher.cells if SOLUTION_TAG in c.metadata.get("tags", [])
    ]
    assert solution_cells, "the instructor edition has no solutions"
    assert not [c for c in student.cells if SOLUTION_TAG in c.metadata.get("tags", [])]
    without = [
        c.source
        for c in teacher.cells
        if SOLUTION_TAG not in c.metadata.get("tags", [])
    ]
    assert [c.source for c in student.cells] == without
    text = nbformat.writes(student)
    for cell in solution_cells:
        assert cell.source not in text


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_students_edition_checks_but_does_not_show_the_answers(source, lang):
    chapter = source.stem[:2]
    student = "\n".join(
        c.source for c in _read(edition_path(source, Edition(lang, False))).cells
    )
    teacher = "\n".join(
        c.source for c in _read(edition_path(source, Edition(lang, True))).cells
    )
    for ex in EXERCISES.values():
        if ex.id.startswith(chapter):
            assert f'check("{ex.id}", answer)' in student, (
                f"exercise {ex.id} has no check cell"
            )
            assert "answer = None" in student
    # The textbook-arithmetic answers the solutions state are not in the students' text.
    for value in STATED_ANSWERS.get(chapter, ()):
        assert value in teacher
        assert value not in student


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_each_edition_is_in_one_language(source):
    for lang in ("zh", "en"):
        nb = _read(edition_path(source, Edition(lang, True)))
        md = [c for c in nb.cells if c.cell_type == "markdown"]
        han = sum(sum("\u4e00" <= ch <= "\u9fff" for ch in c.source) for c in md)
        letters = sum(sum(ch.isascii() and ch.isalpha() for ch in c.source) for c in md)
        if lang == "zh":
            assert han > letters, "the Chinese edition's prose is not mostly Chinese"
        else:
            assert letters > 5 * han, (
                "the English edition's prose is not mostly English"
            )


def _source(*cells):
    return new_notebook(cells=list(cells))


def _md(text, lang=None, tags=()):
    c = new_markdown_cell(text)
    if lang:
        c.metadata["lang"] = lang
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def _cc(text, tags=()):
    c = new_code_cell(text)
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def test_build_edition_routes_cells():
    src = _source(
        _md("中文", "zh"),
        _md("English", "en"),
        _md("$x$"),
        _cc('set_language("zh")', [LANGUAGE_TAG]),
        _cc("answer = None"),
        _md("解答", "zh", [SOLUTION_TAG]),
        _cc("answer = 1", [SOLUTION_TAG]),
    )
    en = build_edition(src, Edition("en", False))
    assert [c.source for c in en.cells] == [
        "English",
        "$x$",
        'set_language("en")',
        "answer = None",
    ]
    zh_sol = build_edition(src, Edition("zh", True))
    assert [c.source for c in zh_sol.cells] == [
        "中文",
        "$x$",
        'set_language("zh")',
        "answer = None",
        "解答",
        "answer = 1",
    ]
    assert all("lang" not in c.metadata for c in zh_sol.cells)
    assert src.cells[3].source == 'set_language("zh")', "the source was changed"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([_md("x", "fr")], "lang='fr'"),
        ([_cc("x = 1")], None),
        ([_cc("print(1)", [LANGUAGE_TAG])], "does not call"),
        (
            [
                _cc('set_language("zh")', [LANGUAGE_TAG]),
                _cc('set_language("en")', [LANGUAGE_TAG]),
            ],
            "2 edition-language cells",
        ),
    ],
)
def test_build_edition_rejects_bad_sources(cells, message):
    src = _source(*cells)
    if message is None:
        src.cells[0].metadata["lang"] = "zh"
        message = "code cells are shared"
    with pytest.raises(CRMSimError, match=message) as err:
        build_edition(src, Edition("zh", False), "t.ipynb")
    assert "\n" not in str(err.value)


def test_unknown_chapter_is_a_one_line_error(capsys):
    assert editions.main(["99_nothing", "--check"]) == 2
    err = capsys.readouterr().err
    assert "99_nothing" in err and len(err.strip().splitlines()) == 1
