"""The course website in a real browser (headless Chromium via Playwright).

Every page loads from disk with the network cut off, its figures are there
and decoded, solutions are folded and open on a click, and the language
switch leads from a chapter to the same chapter in the other language. The
built HTML names no external script, stylesheet or font.

Skipped, with the reason, when the book has not been built (``make book``)
or Playwright/Chromium is absent.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "book" / "_build" / "html"
if not (SITE / "index.html").is_file():
    pytest.skip("the book has not been built: run make book", allow_module_level=True)

PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))
CHAPTERS = [p for p in PAGES if re.match(r"(zh|en)/\d\d_", p)]
# What a page could load from outside: src/href attributes and CSS url(...).
ANCHOR = re.compile(r"<a\s[^>]*>")
LOADED = re.compile(
    r"""(?:src|href)\s*=\s*["'](https?:)?//|url\(\s*["']?(https?:)?//"""
)


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    outside = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.outside = outside
    yield pg
    context.close()


def test_there_are_chapters_in_both_languages():
    assert {p.split("/")[0] for p in CHAPTERS} == {"zh", "en"}


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_with_its_figures(page, name):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((SITE / name).as_uri())
    assert page.locator("h1").first.inner_text().strip()
    assert page.locator("nav.sidebar a").count() >= 3
    images = page.locator("main img")
    if name in CHAPTERS:
        # every figure of the chapter's (instructor) edition is on its page
        lang, chapter = name.split("/", 1)
        edition = (
            ROOT / "notebooks" / "solutions" / lang / chapter.replace(".html", ".ipynb")
        )
        figures = sum(
            1
            for cell in json.loads(edition.read_text(encoding="utf-8"))["cells"]
            for out in cell.get("outputs", [])
            if any(k.startswith("image/") for k in out.get("data", {}))
        )
        assert figures >= 1 and images.count() == figures, (
            "a chapter without its figures"
        )
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), (
            f"image {i} of {name} did not load"
        )
    assert not errors
    assert page.outside == [], f"{name} asked the network for {page.outside}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_language_switch_leads_to_the_same_chapter(page, name):
    lang, rest = name.split("/", 1)
    other = "en" if lang == "zh" else "zh"
    page.goto((SITE / name).as_uri())
    assert (
        page.locator("html")
        .get_attribute("lang")
        .startswith("zh" if lang == "zh" else "en")
    )
    page.locator(".langswitch a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{other}/{rest}")
    title = page.locator("h1").inner_text()
    has_han = bool(re.search(r"[\u4e00-\u9fff]", title))
    assert has_han == (other == "zh")


@pytest.mark.parametrize("name", CHAPTERS)
def test_solutions_are_folded_and_open_on_a_click(page, name):
    page.goto((SITE / name).as_uri())
    sol = page.locator("details.solution").first
    assert sol.count() == 1
    assert sol.get_attribute("open") is None
    body = sol.locator(":scope > :not(summary)").first
    assert not body.is_visible()
    sol.locator("summary").click()
    assert body.is_visible()


@pytest.mark.parametrize("name", CHAPTERS)
def test_chinese_pages_have_chinese_figures_labels_in_text(page, name):
    # Printed results come from the code in the edition's language.
    page.goto((SITE / name).as_uri())
    text = page.locator("pre.output.stream").all_inner_texts()
    joined = "".join(text)
    assert joined
    assert bool(re.search(r"[\u4e00-\u9fff]", joined)) == name.startswith("zh/")


def test_no_external_assets_in_the_built_files():
    offenders = []
    for path in SITE.rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            # a link the reader may follow (<a href>) loads nothing by itself
            for m in LOADED.finditer(ANCHOR.sub("<a>", text)):
                offenders.append(f"{path.relative_to(SITE)}: {m.group(0)}")
    assert not offenders
