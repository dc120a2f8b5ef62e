"""Build the course website (``make book``): MyST content, rendered offline.

The book is a MyST project (``book/myst.yml``). mystmd (pinned in
``book/package.json``) parses the pages and the chapter notebooks into its
JSON syntax tree (``myst build --site``). Its usual next step, a site theme,
is downloaded from the web when a book is built, which a machine that reaches
only package registries cannot do, and a theme's pages load fonts and scripts
from CDNs. So this module renders that tree to static HTML itself, with one
local stylesheet and the KaTeX stylesheet and fonts from the pinned ``katex``
npm package: the site needs nothing from the network to be read.

What the site holds:

- ``index.html`` — the landing page, in both languages;
- ``zh/NN_name.html`` and ``en/NN_name.html`` — each chapter's instructor
  edition (``notebooks/solutions/…``), its solutions folded behind a
  *解答 / Solution* toggle (``<details>``); each page links to the same
  chapter in the other language;
- ``glossary.html`` — the glossary (术语表), from :mod:`crmsim.course.glossary`.

Run ``python -m crmsim.course.site`` (what ``make book`` runs after
``npm ci``).
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from crmsim.errors import CRMSimError
from crmsim.io import write_atomic

__all__ = ["BOOK", "OUT", "build", "render_node"]

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
OUT = BOOK / "_build" / "html"
CHAPTERS = BOOK / "_chapters"
MYST = BOOK / "node_modules" / ".bin" / "myst"
KATEX = BOOK / "node_modules" / "katex" / "dist"
LANG_NAMES = {"zh": "中文", "en": "English"}
SOLUTION = {"zh": "解答（点击展开）", "en": "Solution (click to show)"}
SOLUTION_TAG = "solution"


def _esc(s: str) -> str:
    return html.escape(str(s), quote=True)


class _Renderer:
    """MyST syntax tree → HTML, for the node types mystmd writes for our pages."""

    def __init__(self, lang: str, prefix: str):
        self.lang = lang
        self.prefix = prefix  # "../" from a chapter page to the site root
        self.images: list[str] = []

    def children(self, node) -> str:
        return "".join(self.render(c) for c in node.get("children", []))

    def render(self, node) -> str:
        kind = node.get("type")
        method = getattr(self, "n_" + str(kind), None)
        if method is not None:
            return method(node)
        if "children" in node:
            return self.children(node)
        return _esc(node.get("value", ""))

    # blocks
    def n_root(self, n):
        return self.children(n)

    def n_block(self, n):
        inner = self.children(n)
        tags = (n.get("data") or {}).get("tags", [])
        if SOLUTION_TAG in tags:
            return (
                f'<details class="solution"><summary>{SOLUTION[self.lang]}</summary>'
                f"{inner}</details>"
            )
        kind = n.get("kind", "")
        cls = "cell code-cell" if kind == "notebook-code" else "cell"
        return f'<section class="{cls}">{inner}</section>'

    def n_heading(self, n):
        d = min(int(n.get("depth", 2)) + 1, 6)  # the page title is the only h1
        ident = _esc(n.get("identifier") or n.get("html_id") or "")
        return f'<h{d} id="{ident}">{self.children(n)}</h{d}>'

    def n_paragraph(self, n):
        return f"<p>{self.children(n)}</p>"

    def n_text(self, n):
        return _esc(n.get("value", ""))

    def n_emphasis(self, n):
        return f"<em>{self.children(n)}</em>"

    def n_strong(self, n):
        return f"<strong>{self.children(n)}</strong>"

    def n_inlineCode(self, n):  # noqa: N802 - the node type's name
        return f"<code>{_esc(n.get('value', ''))}</code>"

    def n_code(self, n):
        lang = _esc(n.get("lang") or "")
        return f'<pre class="code {lang}"><code>{_esc(n.get("value", ""))}</code></pre>'

    def n_link(self, n):
        return f'<a href="{_esc(n.get("url", ""))}">{self.children(n)}</a>'

    def n_list(self, n):
        tag = "ol" if n.get("ordered") else "ul"
        start = (
            f' start="{int(n["start"])}"' if n.get("ordered") and n.get("start") else ""
        )
        return f"<{tag}{start}>{self.children(n)}</{tag}>"

    def n_listItem(self, n):  # noqa: N802
        return f"<li>{self.children(n)}</li>"

    def n_table(self, n):
        return f'<div class="table"><table>{self.children(n)}</table></div>'

    def n_tableRow(self, n):  # noqa: N802
        return f"<tr>{self.children(n)}</tr>"

    def n_tableCell(self, n):  # noqa: N802
        tag = "th" if n.get("header") else "td"
        return f"<{tag}>{self.children(n)}</{tag}>"

    def n_thematicBreak(self, n):  # noqa: N802
        return "<hr>"

    def n_break(self, n):
        return "<br>"

    def n_blockquote(self, n):
        return f"<blockquote>{self.children(n)}</blockquote>"

    def n_html(self, n):
        return n.get("value", "")

    def n_comment(self, n):
        return ""

    def n_math(self, n):
        return f'<div class="math">{n.get("html") or _esc(n.get("value", ""))}</div>'

    def n_inlineMath(self, n):  # noqa: N802
        return n.get("html") or _esc(n.get("value", ""))

    def n_image(self, n):
        return self._img(n.get("url", ""), n.get("alt", ""))

    def n_admonition(self, n):
        return f'<aside class="admonition">{self.children(n)}</aside>'

    def n_admonitionTitle(self, n):  # noqa: N802
        return f'<p class="admonition-title">{self.children(n)}</p>'

    def n_details(self, n):
        return f"<details>{self.children(n)}</details>"

    def n_summary(self, n):
        return f"<summary>{self.children(n)}</summary>"

    # notebook outputs
    def n_outputs(self, n):
        return f'<div class="outputs">{self.children(n)}</div>'

    def _img(self, url: str, alt: str = "") -> str:
        name = url.lstrip("/")
        self.images.append(name)
        return f'<img src="{self.prefix}_static/{_esc(name)}" alt="{_esc(alt)}">'

    def n_output(self, n):
        jd = n.get("jupyter_data") or {}
        kind = jd.get("output_type")
        if kind == "stream":
            text = jd.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            return f'<pre class="output stream">{_esc(text)}</pre>'
        if kind == "error":
            err = f"{jd.get('ename', '')}: {jd.get('evalue', '')}"
            return f'<pre class="output error">{_esc(err)}</pre>'
        data = jd.get("data", {})
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            if mime in data:
                img = self._img(data[mime].get("path", ""))
                return f'<figure class="output">{img}</figure>'
        if "text/html" in data:
            return (
                f'<div class="output html">{data["text/html"].get("content", "")}</div>'
            )
        if "text/plain" in data:
            plain = data["text/plain"].get("content", "")
            return f'<pre class="output">{_esc(plain)}</pre>'
        return ""


def render_node(node: dict, lang: str = "en", prefix: str = "") -> str:
    """Render one MyST syntax-tree node (and its children) to HTML.

    Examples
    --------
    >>> text = {"type": "text", "value": "a < b"}
    >>> render_node({"type": "paragraph", "children": [text]})
    '<p>a &lt; b</p>'
    """
    return _Renderer(lang, prefix).render(node)


CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d8dde6; --accent:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; font: 17px/1.7 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",
  "PingFang SC","Microsoft YaHei",system-ui,sans-serif; color:var(--ink); }
.layout { display:flex; min-height:100vh; }
nav.sidebar { width:17rem; flex:none; border-right:1px solid var(--line);
  padding:1.2rem;
  background:#f7f8fa; font-size:15px; }
nav.sidebar h2 { font-size:15px; margin:1.2rem 0 .3rem; color:var(--muted); }
nav.sidebar a { display:block; color:var(--ink); text-decoration:none;
  padding:.15rem 0; }
nav.sidebar a.current { color:var(--accent); font-weight:600; }
main { flex:1; max-width:62rem; padding:1.5rem 2.5rem 4rem; }
.langswitch { float:right; font-size:15px; }
.langswitch a { border:1px solid var(--accent); border-radius:4px; padding:.15rem .6rem;
  color:var(--accent); text-decoration:none; }
h1 { font-size:2rem; line-height:1.3; }
pre { background:#f4f6f8; padding:.7rem .9rem; overflow-x:auto; font-size:14px;
  line-height:1.45; border-radius:4px; }
pre.code { border-left:3px solid var(--accent); }
pre.output { background:#fff; border:1px solid var(--line); }
.outputs img { max-width:100%; height:auto; }
figure { margin:.5rem 0; }
.table, .output.html { overflow-x:auto; }
table { border-collapse:collapse; margin:.6rem 0; font-size:15px; }
th, td { border:1px solid var(--line); padding:.3rem .6rem; text-align:left; }
details.solution { border:1px solid #009E73; border-radius:4px; padding:.3rem .8rem;
  margin:.6rem 0; background:#f3faf7; }
details.solution > summary { cursor:pointer; color:#00744f; font-weight:600; }
aside.admonition { border-left:4px solid var(--accent); background:#f2f7fb;
  padding:.4rem 1rem; }
code { font-size:.92em; }
"""

PAGE = """<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{prefix}_static/katex/katex.min.css">
<link rel="stylesheet" href="{prefix}_static/book.css">
</head>
<body>
<div class="layout">
<nav class="sidebar">{nav}</nav>
<main>
<div class="langswitch">{switch}</div>
<h1>{title}</h1>
{body}
</main>
</div>
</body>
</html>
"""


def _page_path(location: str) -> str:
    """Where a source file's page goes, relative to the site root."""
    loc = location.lstrip("/")
    if loc.startswith("_chapters/"):
        loc = loc[len("_chapters/") :]
    return str(Path(loc).with_suffix(".html"))


def _language_of(path: str) -> str | None:
    first = path.split("/", 1)[0]
    return first if first in LANG_NAMES and "/" in path else None


def _stage_chapters() -> list[Path]:
    """Copy the instructor editions into the book; return them."""
    if CHAPTERS.exists():
        shutil.rmtree(CHAPTERS)
    staged = []
    for lang in LANG_NAMES:
        src = ROOT / "notebooks" / "solutions" / lang
        for nb in sorted(src.glob("[0-9][0-9]_*.ipynb")):
            dest = CHAPTERS / lang / nb.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(nb, dest)
            staged.append(dest)
    if not staged:
        raise CRMSimError(
            "no chapter editions in notebooks/solutions/{zh,en}; "
            "allowed: run python -m crmsim.course.editions first"
        )
    return staged


def _run_myst() -> None:
    if not MYST.exists():
        raise CRMSimError(
            f"{MYST.relative_to(ROOT)} is missing; "
            "allowed: run npm ci --prefix book first"
        )
    site = BOOK / "_build" / "site"
    if site.exists():
        shutil.rmtree(site)
    proc = subprocess.run(
        [str(MYST), "build", "--site"],
        cwd=BOOK,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin:" + str(MYST.parent), "HOME": str(BOOK / "_build")},
        check=False,
    )
    if proc.returncode != 0 or not (site / "config.json").is_file():
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise CRMSimError(f"myst build --site failed ({proc.returncode}): {last[0]}")


def _nav(pages, current: str, prefix: str) -> str:
    groups: dict[str, list[str]] = {"": [], "zh": [], "en": []}
    for path, title in pages:
        cls = ' class="current"' if path == current else ""
        link = f'<a href="{prefix}{_esc(path)}"{cls}>{_esc(title)}</a>'
        groups[_language_of(path) or ""].append(link)
    out = [f'<a href="{prefix}index.html"><strong>客户关系管理 · CRM</strong></a>']
    for lang, heading in (("zh", "中文版"), ("en", "English edition")):
        out.append(f"<h2>{heading}</h2>" + "".join(groups[lang]))
    out.append("<h2>术语表 · Glossary</h2>" + "".join(groups[""][1:]))
    return "".join(out)


def build() -> Path:
    """Build the site into ``book/_build/html``; return the folder.

    Raises
    ------
    CRMSimError
        If there are no editions, mystmd is not installed, or it fails.
    """
    from crmsim.course.glossary import render_markdown

    write_atomic(BOOK / "glossary.md", render_markdown())
    _stage_chapters()
    _run_myst()
    site = BOOK / "_build" / "site"
    config = json.loads((site / "config.json").read_text(encoding="utf-8"))
    project = config["projects"][0]
    slugs = [project["index"]] + [p["slug"] for p in project["pages"] if "slug" in p]
    pages = []
    for slug in slugs:
        content = json.loads(
            (site / "content" / f"{slug}.json").read_text(encoding="utf-8")
        )
        path = _page_path(content["location"])
        title = content.get("frontmatter", {}).get("title", slug)
        pages.append((path, title, content))

    tmp = OUT.with_name("html.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "_static").mkdir(parents=True)
    write_atomic(tmp / "_static" / "book.css", CSS)
    if KATEX.is_dir():
        shutil.copytree(
            KATEX,
            tmp / "_static" / "katex",
            ignore=shutil.ignore_patterns("*.js", "*.mjs", "*.md", "contrib"),
        )
    listing = [(p, t) for p, t, _ in pages]
    paths = {p for p, _ in listing}
    for path, title, content in pages:
        lang = _language_of(path)
        prefix = "../" * path.count("/")
        renderer = _Renderer(lang or "zh", prefix)
        body = renderer.render(content["mdast"])
        for name in renderer.images:
            src = site / "public" / name
            if src.is_file():
                shutil.copy2(src, tmp / "_static" / name)
        if lang:
            other = "en" if lang == "zh" else "zh"
            twin = other + path[len(lang) :]
            switch = (
                f'<a href="{prefix}{_esc(twin)}" hreflang="{other}">'
                f"{LANG_NAMES[other]}</a>"
                if twin in paths
                else ""
            )
        else:  # the landing page and the glossary carry both languages
            switch = ""
        page = PAGE.format(
            html_lang="zh-CN" if lang == "zh" else ("en" if lang else "zh-CN"),
            title=_esc(title),
            prefix=prefix,
            nav=_nav(listing, path, prefix),
            switch=switch,
            body=body,
        )
        out = tmp / path
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, page)
    if OUT.exists():
        shutil.rmtree(OUT)
    tmp.rename(OUT)
    return OUT


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site, print where it is and how long it took."""
    start = time.perf_counter()
    try:
        out = build()
    except CRMSimError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    pages = len(list(out.rglob("*.html")))
    print(
        f"built {pages} pages in {out.relative_to(ROOT)} "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
