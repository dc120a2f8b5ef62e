"""Chapters 00, 03, 07 and 08: every interactive output has a static picture before it.

A reader without a kernel sees the stored outputs only; a widget shows there
as a sentence, so the cell must have drawn its default state as an image
first (issue 15, static fallbacks).
"""

import nbformat
import pytest

from crmsim.course.editions import EDITIONS, WIDGET_MIME, edition_path, source_notebooks

CHAPTERS = [
    "00_quickstart",
    "03_lifecycle_and_value",
    "07_research_lab",
    "08_classroom_dashboards",
]
SOURCES = [s for s in source_notebooks() if s.stem in CHAPTERS]


def _widget_cells(nb):
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        kinds = [
            "widget"
            if WIDGET_MIME in out.get("data", {})
            else "image"
            if "image/png" in out.get("data", {})
            else "other"
            for out in outputs
        ]
        if "widget" in kinds:
            yield cell, kinds


def test_the_chapters_have_sources():
    assert sorted(s.stem for s in SOURCES) == sorted(CHAPTERS)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.lang}-{e.solutions}")
def test_every_widget_output_follows_a_static_picture(source, edition):
    nb = nbformat.read(edition_path(source, edition), as_version=4)
    cells = list(_widget_cells(nb))
    assert cells, "no interactive cell was stored with its output"
    for cell, kinds in cells:
        first_widget = kinds.index("widget")
        assert "image" in kinds[:first_widget], cell.source.splitlines()[0]


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: f"{e.lang}-{e.solutions}")
def test_every_dashboard_of_chapter_08_has_its_picture(edition):
    source = next(s for s in SOURCES if s.stem == "08_classroom_dashboards")
    nb = nbformat.read(edition_path(source, edition), as_version=4)
    # the four dashboards and the tabs of classroom()
    assert len(list(_widget_cells(nb))) == 5
