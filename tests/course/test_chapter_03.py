"""Chapter 03's stored editions: outputs in the edition's language.

Its static fallbacks are checked with the other chapters'
(``test_chapters_static_fallbacks.py``).

The editions are executed by ``python -m crmsim.course.editions`` and stored
with their outputs; a reader without a kernel sees only those.
"""

import nbformat
import pytest

from crmsim.course.editions import EDITIONS, edition_path, source_notebooks

SOURCE = next(s for s in source_notebooks() if s.stem == "03_lifecycle_and_value")


def _han(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def _outputs(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield "stream", out.get("text", "")
        for mime, value in out.get("data", {}).items():
            yield mime, value if isinstance(value, str) else ""


@pytest.mark.parametrize("solutions", [False, True])
def test_every_output_is_in_the_editions_language(solutions):
    zh = nbformat.read(
        edition_path(SOURCE, EDITIONS[2 if solutions else 0]), as_version=4
    )
    en = nbformat.read(
        edition_path(SOURCE, EDITIONS[3 if solutions else 1]), as_version=4
    )
    assert zh.metadata["crmsim"]["edition"] == "zh"
    assert en.metadata["crmsim"]["edition"] == "en"
    for cell in en.cells:
        for mime, text in _outputs(cell):
            assert _han(text) == 0, (mime, text[:80])
    printed = [
        text for cell in zh.cells for mime, text in _outputs(cell) if mime == "stream"
    ]
    sentences = [t for t in printed if len(t.strip()) > 20]
    assert sentences, "the Chinese edition printed nothing"
    for text in sentences:
        assert _han(text) > 0, text[:80]


def test_the_figures_are_stored():
    for edition in EDITIONS:
        nb = nbformat.read(edition_path(SOURCE, edition), as_version=4)
        images = sum(
            "image/png" in o.get("data", {})
            for c in nb.cells
            for o in c.get("outputs", [])
        )
        assert images >= 8, (edition, images)
