"""course_outline.md: every concept with a notebook and real crmsim names; the
16-week calendar, assessment and prerequisites in Chinese and in English."""

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
# A chapter lives in notebooks/ (not yet converted) or as one source in
# notebooks/src/ (its editions are built into notebooks/zh, en, solutions).
CHAPTER_DIRS = [NOTEBOOKS, NOTEBOOKS / "src"]
NOTEBOOK_NAME = re.compile(r"\b\d\d_[a-z0-9_]+\.ipynb\b")


def chapter_exists(name: str) -> bool:
    return any((d / name).is_file() for d in CHAPTER_DIRS)


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
        assert chapter_exists(nb), f"{concept}: {nb} does not exist"
    assert "§" in notebook, f"{concept}: no notebook section"
    crmsim_names = re.findall(r"`([^`]+)`", names)
    assert crmsim_names, f"{concept}: no crmsim name"
    missing = [n for n in crmsim_names if not resolves(n)]
    assert not missing, f"{concept}: {missing} not found in crmsim"


def test_every_notebook_named_exists():
    for line in OUTLINE.splitlines():
        for nb in NOTEBOOK_NAME.findall(line):
            assert chapter_exists(nb), f"{nb} is named but does not exist"


def test_every_chapter_notebook_is_in_the_outline():
    for path in sorted(p for d in CHAPTER_DIRS for p in d.glob("[0-9][0-9]_*.ipynb")):
        assert path.name in OUTLINE, f"{path.name} is missing from course_outline.md"


def test_scenario_files_named_exist_and_load():
    files = set(re.findall(r"examples/scenario_\w+\.toml", OUTLINE))
    assert files
    for name in files:
        crmsim.load_scenario(ROOT / name)


def section(heading: str) -> str:
    """The text of a level-2 section of the outline."""
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", OUTLINE, re.M | re.S)
    assert m, f"no section {heading!r}"
    return m.group(1)


def table_rows(text: str, first: str) -> list[list[str]]:
    """Rows of the markdown table whose header starts with ``first``."""
    rows, inside = [], False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first:
            inside = True
            continue
        if inside and line.startswith("|"):
            if not set(cells[0]) <= set("-: "):
                rows.append(cells)
        elif inside:
            break
    return rows


@pytest.mark.parametrize(
    ("lang", "week", "weight", "hours"),
    [
        ("中文", "周", "权重", r"(\d+) 学时"),
        ("English", "week", "weight", r"(\d+) hours"),
    ],
)
def test_calendar_has_16_weeks_and_the_new_classes(lang, week, weight, hours):
    text = section(lang)
    weeks = table_rows(text, week)
    assert [int(re.match(r"\d+", w[0]).group()) for w in weeks] == list(range(1, 17))
    calendar = " ".join(" ".join(w) for w in weeks)
    for topic in {
        "中文": ["论断登记簿", "CLV 实验", "市场博弈"],
        "English": ["claims register", "CLV lab", "market game"],
    }[lang]:
        assert topic in calendar, f"{lang}: no class on {topic}"
    totals = sorted({int(h) for h in re.findall(hours, text)})
    assert 32 in totals and 48 in totals
    weights = table_rows(text, {"中文": "项目", "English": "part"}[lang])
    assert sum(int(re.match(r"\d+", r[1]).group()) for r in weights) == 100
    assert weight in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("中文", ["先修要求", "课程项目", "题库", "考核方式"]),
        ("English", ["Prerequisites", "Project", "Question bank", "Assessment"]),
    ],
)
def test_prerequisites_project_and_question_bank(lang, words):
    text = section(lang)
    for w in words:
        assert w in text, f"{lang}: {w} missing"
