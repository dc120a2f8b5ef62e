"""course_outline.md names every concept with a notebook and real crmsim names."""

import dataclasses
import re
from pathlib import Path

import pytest

import crmsim

ROOT = Path(__file__).resolve().parents[1]
OUTLINE = (ROOT / "course_outline.md").read_text(encoding="utf-8")
NOTEBOOKS = ROOT / "notebooks"

CONCEPT_IDS = [
    *(f"A{i}" for i in range(1, 5)),
    *(f"B{i}" for i in range(1, 9)),
    *(f"C{i}" for i in range(1, 5)),
    *(f"D{i}" for i in range(1, 5)),
    *(f"E{i}" for i in range(1, 12)),
    *(f"F{i}" for i in range(1, 4)),
]
NOTEBOOK_NAME = re.compile(r"\b\d\d_[a-z0-9_]+\.ipynb\b")
PARAMETERS = {f.name for f in dataclasses.fields(crmsim.Scenario)}


def concept_rows() -> dict[str, list[str]]:
    """The concept table: ID -> cells (concept, source, notebook, crmsim)."""
    rows = {}
    for line in OUTLINE.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[A-F]\d{1,2}", cells[0]):
            assert cells[0] not in rows, f"{cells[0]} is listed twice"
            rows[cells[0]] = cells[1:]
    return rows


ROWS = concept_rows()


def resolves(name: str) -> bool:
    """Whether a name from the crmsim column exists in the package."""
    if m := re.fullmatch(r'preset\("(\w+)"\)', name):
        return m.group(1) in crmsim.PRESETS
    if m := re.fullmatch(r"Scenario\.(\w+)", name):
        return m.group(1) in PARAMETERS
    obj = crmsim
    for part in name.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def test_there_are_34_concepts():
    assert len(CONCEPT_IDS) == 34


def test_the_table_lists_exactly_the_34_concepts():
    assert sorted(ROWS) == sorted(CONCEPT_IDS)


@pytest.mark.parametrize("concept", CONCEPT_IDS)
def test_concept_has_a_source_an_existing_notebook_and_real_crmsim_names(concept):
    _, source, notebook, names = ROWS[concept]
    assert re.search(r"\b00[0-4]\b", source), f"{concept}: no seed named"
    notebooks = NOTEBOOK_NAME.findall(notebook)
    assert notebooks, f"{concept}: no notebook named"
    for nb in notebooks:
        assert (NOTEBOOKS / nb).is_file(), f"{concept}: {nb} does not exist"
    assert "§" in notebook, f"{concept}: no notebook section"
    crmsim_names = re.findall(r"`([^`]+)`", names)
    assert crmsim_names, f"{concept}: no crmsim name"
    missing = [n for n in crmsim_names if not resolves(n)]
    assert not missing, f"{concept}: {missing} not found in crmsim"


def test_every_notebook_named_exists():
    for line in OUTLINE.splitlines():
        for nb in NOTEBOOK_NAME.findall(line):
            assert (NOTEBOOKS / nb).is_file(), f"{nb} is named but does not exist"


def test_every_chapter_notebook_is_in_the_outline():
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        assert path.name in OUTLINE, f"{path.name} is missing from course_outline.md"


def test_scenario_files_named_exist_and_load():
    files = set(re.findall(r"examples/scenario_\w+\.toml", OUTLINE))
    assert files
    for name in files:
        crmsim.load_scenario(ROOT / name)
