"""Build the editions of each chapter from one source notebook.

One source, four editions (QuantEcon's lectures and ModSimPy do the same):
a chapter is written once, as ``notebooks/src/NN_name.ipynb``, and this
module writes

- ``notebooks/zh/NN_name.ipynb`` — the Chinese students' edition (中文版);
- ``notebooks/en/NN_name.ipynb`` — the English students' edition;
- ``notebooks/solutions/zh/NN_name.ipynb`` and
  ``notebooks/solutions/en/NN_name.ipynb`` — the instructor editions, with
  the solutions.

The source's cells say where they go, in their metadata:

``"lang": "zh"`` / ``"lang": "en"``
    a markdown cell in that language only (a cell without ``lang`` goes to
    both editions: a formula, a table of numbers).
tag ``solution``
    a cell (code or markdown) of the instructor editions only.
tag ``edition-language``
    the one code cell that sets the language, ``set_language("zh")``; it is
    written with the edition's language. It is the only code cell that
    differs between the editions: every other code cell is the same in all
    four (``tests/course/test_editions.py`` checks it), so that the editions
    cannot drift apart.

Each edition is then executed (nbclient, one kernel per edition, in the
edition's folder) and stored with its outputs, so that a reader without a
kernel sees the figures in the edition's language. An output of an
interactive widget keeps its widget view, and its plain-text fallback (which
Jupyter writes as ``interactive(children=…)``) is replaced by a sentence
telling the reader to run the cell; the cell itself draws the default state
as a static figure first.

Run ``python -m crmsim.course.editions`` (all chapters) or with chapter names
(``01_crm_core_ideas``); ``--no-execute`` writes the editions without
running them, ``--check`` only reports editions whose cells no longer match
their source (exit 1).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from crmsim.errors import CRMSimError
from crmsim.io import write_atomic

__all__ = [
    "EDITIONS",
    "LANGUAGES",
    "Edition",
    "build_edition",
    "build_chapter",
    "edition_path",
    "source_notebooks",
    "stale_editions",
]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SOURCE_DIR = NOTEBOOKS / "src"
LANGUAGES = ("zh", "en")
SOLUTION_TAG = "solution"
LANGUAGE_TAG = "edition-language"
_SET_LANGUAGE = re.compile(r"""set_language\(\s*["'](zh|en)["']\s*\)""")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = {
    "zh": "（交互控件：在 Jupyter 中运行本单元即可调节控件；"
    "上图为默认设置下的静态图。）",
    "en": "(Interactive controls: run this cell in Jupyter to use the controls; "
    "the figure above is the default state.)",
}


@dataclass(frozen=True)
class Edition:
    """One edition: a language, with or without the solutions."""

    lang: str
    solutions: bool

    @property
    def folder(self) -> Path:
        """Where this edition's notebooks live."""
        return (
            NOTEBOOKS / "solutions" / self.lang
            if self.solutions
            else NOTEBOOKS / self.lang
        )


EDITIONS = tuple(Edition(lang, sol) for sol in (False, True) for lang in LANGUAGES)


def _nbformat():
    try:
        import nbformat
    except ImportError:  # pragma: no cover - nbformat comes with the dev extra
        raise CRMSimError(
            "building editions needs nbformat: pip install -e '.[dev]'"
        ) from None
    return nbformat


def source_notebooks(names: list[str] | None = None) -> list[Path]:
    """The source notebooks, all of them or those named (``01_crm_core_ideas``).

    Raises
    ------
    CRMSimError
        If a named chapter has no source notebook.
    """
    available = sorted(SOURCE_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return available
    by_name = {p.stem: p for p in available}
    out = []
    for name in names:
        stem = Path(name).stem
        if stem not in by_name:
            raise CRMSimError(
                f"chapter {name!r} has no source notebook in notebooks/src; "
                f"allowed: {sorted(by_name)}"
            )
        out.append(by_name[stem])
    return out


def edition_path(source: Path, edition: Edition) -> Path:
    """The path of ``source``'s notebook in ``edition``."""
    return edition.folder / Path(source).name


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _cell_language(cell, where: str) -> str | None:
    lang = cell.get("metadata", {}).get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise CRMSimError(f"{where}: lang={lang!r}; allowed: 'zh', 'en' or no lang")
    return lang


def build_edition(source_nb, edition: Edition, source_name: str = "source"):
    """The notebook of ``edition`` built from ``source_nb`` (not executed).

    Parameters
    ----------
    source_nb : nbformat.NotebookNode
        The source notebook.
    edition : Edition
        The language and whether the solutions are included.
    source_name : str
        Named in error messages and in the edition's metadata.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook; the source is not changed.

    Raises
    ------
    CRMSimError
        If a cell has an unknown ``lang``, if the ``edition-language`` cell
        does not call ``set_language``, or if there is more than one.
    """
    nb = copy.deepcopy(source_nb)
    cells = []
    language_cells = 0
    for i, cell in enumerate(nb.cells):
        where = f"{source_name} cell {i}"
        lang = _cell_language(cell, where)
        tags = _tags(cell)
        if lang is not None and lang != edition.lang:
            continue
        if SOLUTION_TAG in tags and not edition.solutions:
            continue
        if cell.cell_type == "code":
            if lang is not None:
                raise CRMSimError(
                    f"{where}: a code cell has lang={lang!r}; allowed: code cells are "
                    "shared by both editions (use the edition-language cell)"
                )
            if LANGUAGE_TAG in tags:
                language_cells += 1
                if not _SET_LANGUAGE.search(cell.source):
                    raise CRMSimError(
                        f"{where}: the edition-language cell does not call "
                        'set_language("zh"|"en"); allowed: a cell that does'
                    )
                cell.source = _SET_LANGUAGE.sub(
                    f'set_language("{edition.lang}")', cell.source
                )
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("lang", None)
        cell.metadata.pop("execution", None)
        cells.append(cell)
    if language_cells > 1:
        raise CRMSimError(
            f"{source_name}: {language_cells} edition-language cells; allowed: one"
        )
    nb.cells = cells
    nb.metadata["crmsim"] = {
        "edition": edition.lang,
        "solutions": edition.solutions,
        "source": source_name,
    }
    nb.metadata.pop("widgets", None)
    return nb


def _tidy_outputs(nb, lang: str) -> None:
    """Replace widget reprs by a sentence; drop timing metadata."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                data["text/plain"] = WIDGET_NOTE[lang]


def _execute(nb, folder: Path, timeout: int = 600):
    import os

    from nbclient import NotebookClient

    # The kernel inherits the environment: a non-interactive MPLBACKEND (CI
    # sets Agg) would leave the stored editions without their figures.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # A kernel that dies while starting (seen on a loaded 2-core machine) is
    # started once more; a cell that fails is not retried.
    for attempt in (1, 2):
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            startup_timeout=120,
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            client.execute()
            return nb
        except RuntimeError as err:
            if "Kernel died before replying" not in str(err) or attempt == 2:
                raise CRMSimError(
                    f"the notebook kernel failed to start: {err}"
                ) from None
    return nb


def _build_one(source: Path, edition: Edition, execute: bool) -> tuple[Path, str]:
    nbformat = _nbformat()
    src = nbformat.read(source, as_version=4)
    name = (
        source.relative_to(ROOT).as_posix()
        if source.is_relative_to(ROOT)
        else source.name
    )
    nb = build_edition(src, edition, name)
    out = edition_path(source, edition)
    out.parent.mkdir(parents=True, exist_ok=True)
    if execute:
        from nbclient.exceptions import CellExecutionError

        try:
            _execute(nb, out.parent)
        except CellExecutionError as err:
            raise CRMSimError(
                f"{name} ({edition.lang}{', solutions' if edition.solutions else ''}): "
                f"a cell failed: {err.ename}: {err.evalue}"
            ) from None
        _tidy_outputs(nb, edition.lang)
    write_atomic(out, nbformat.writes(nb) + "\n")
    return out, edition.lang


def build_chapter(
    source: Path, *, execute: bool = True, workers: int = 2
) -> list[Path]:
    """Write (and execute) the four editions of one source notebook.

    Returns
    -------
    list of Path
        The edition notebooks written.
    """
    jobs = [(source, e, execute) for e in EDITIONS]
    if not execute or workers <= 1:
        return [_build_one(*job)[0] for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [f.result()[0] for f in [pool.submit(_build_one, *job) for job in jobs]]


def _shape(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source, tuple(_tags(c))) for c in nb.cells]


def stale_editions(sources: list[Path] | None = None) -> list[Path]:
    """Edition notebooks that are missing or whose cells differ from their source."""
    nbformat = _nbformat()
    stale = []
    for source in sources if sources is not None else source_notebooks():
        src = nbformat.read(source, as_version=4)
        for edition in EDITIONS:
            path = edition_path(source, edition)
            want = build_edition(src, edition, source.name)
            if not path.is_file() or _shape(
                nbformat.read(path, as_version=4)
            ) != _shape(want):
                stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command line: build, or check, the editions."""
    parser = argparse.ArgumentParser(
        prog="python -m crmsim.course.editions", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "chapters", nargs="*", help="e.g. 01_crm_core_ideas (default: all)"
    )
    parser.add_argument(
        "--no-execute", action="store_true", help="do not run the editions"
    )
    parser.add_argument(
        "--check", action="store_true", help="report stale editions, exit 1"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="kernels at once (default 2)"
    )
    args = parser.parse_args(argv)
    try:
        sources = source_notebooks(args.chapters)
        if args.check:
            stale = stale_editions(sources)
            for path in stale:
                print(f"stale: {path.relative_to(ROOT)}")
            return 1 if stale else 0
        for source in sources:
            for path in build_chapter(
                source, execute=not args.no_execute, workers=args.workers
            ):
                print(f"wrote {path.relative_to(ROOT)}")
    except CRMSimError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
