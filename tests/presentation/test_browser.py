"""Real-browser tests: headless Chromium driven by Playwright.

- the network app (``crmsim viz``): two browser contexts (two users) hold
  separate models; Play with 19 weeks per frame runs to the end of a run;
  the panels fit 1280×720 and 1920×1080 without overlapping; the Chinese
  app shows no English label;
- Voilà loads notebook 08 completely; its lifecycle dashboard fits the
  screen, pins a run and downloads the figure and the pinned-runs table.

``CRMSIM_SCREENSHOT_DIR=docs/img`` keeps the screenshots (the README's).

Skipped, with the reason, when Playwright or Chromium is absent. Chromium is
Debian's (``apt-get install chromium``), or the one ``CRMSIM_CHROMIUM`` names;
``playwright install`` is never needed.
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(cmd, port, cwd=None, timeout=120):
    """Start a server in its own process group; wait until it answers."""
    env = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False", MPLBACKEND="Agg")
    log = open(Path(cwd or ".") / f"server-{port}.log", "wb")
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return proc, url, log
        except OSError:
            time.sleep(0.5)
    _stop(proc, log)
    text = Path(log.name).read_text(errors="replace")[-2000:]
    pytest.fail(f"server {cmd} did not start:\n{text}")


def _stop(proc, log):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()


def _page(browser, failed):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on(
        "requestfailed",
        lambda r: failed.append(r.url) if "127.0.0.1" in r.url else None,
    )
    return page


def _not_blank(png: bytes) -> None:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    assert pixels.std() > 12, f"screenshot looks blank (std {pixels.std():.1f})"
    colours = len(
        np.unique(
            np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).reshape(-1, 4),
            axis=0,
        )
    )
    assert colours > 50, f"screenshot has only {colours} colours"


SHOTS = os.environ.get("CRMSIM_SCREENSHOT_DIR")
"""Where to keep the screenshots (``docs/img`` to refresh the README's); else none."""

SIZES = [(1280, 720), (1920, 1080)]
# an English word in a Chinese page (file formats such as PNG, CSV are not words;
# crmsim is the product's name)
ENGLISH = re.compile(r"\b(?!crmsim\b)([a-z]{2,}|[A-Z][a-z]+)\b")


def _keep(png: bytes, name: str) -> None:
    if SHOTS:
        Path(SHOTS, name).write_bytes(png)


def _boxes_apart(page, selectors, width, height):
    """Bounding boxes of the panels: inside the viewport and not overlapping."""
    boxes = {}
    for sel in selectors:
        box = page.locator(sel).first.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 20, (sel, box)
        assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1, (sel, box)
        assert box["y"] + box["height"] <= height + 1, (sel, box, height)
        boxes[sel] = box
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            p, q = boxes[a], boxes[b]
            apart = (
                p["x"] + p["width"] <= q["x"] + 1
                or q["x"] + q["width"] <= p["x"] + 1
                or p["y"] + p["height"] <= q["y"] + 1
                or q["y"] + q["height"] <= p["y"] + 1
            )
            assert apart, f"{a} {p} overlaps {b} {q}"
    return boxes


def _viz(tmp_path_factory, lang):
    pytest.importorskip("solara", reason="solara is not installed: crmsim[viz]")
    port = _free_port()
    folder = tmp_path_factory.mktemp(f"viz-{lang}")
    return _serve(
        [
            sys.executable,
            "-m",
            "crmsim.cli",
            "viz",
            "--port",
            str(port),
            "--lang",
            lang,
        ],
        port,
        cwd=folder,
    )


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    proc, url, log = _viz(tmp_path_factory, "en")
    yield url, Path(log.name)
    _stop(proc, log)


def _open_app(browser, url, width=1280, height=720):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.locator(".crmsim-summary").wait_for(timeout=90_000)
    page.locator(".crmsim-network img, img.crmsim-network").first.wait_for(
        timeout=30_000
    )
    return context, page


def test_app_tabs_hold_separate_models(browser, app_url):
    url, server_log = app_url
    one, page = _open_app(browser, url)
    summary = page.locator(".crmsim-summary")
    summary.get_by_text("Week 0 of").wait_for(timeout=30_000)
    page.locator(".crmsim-step").click()
    summary.get_by_text("Week 1 of").wait_for(timeout=30_000)
    page.locator(".crmsim-step").click()
    summary.get_by_text("Week 2 of").wait_for(timeout=30_000)
    two, other = _open_app(browser, url)
    other.locator(".crmsim-summary").get_by_text("Week 0 of").wait_for(timeout=30_000)
    other.locator(".crmsim-step").click()
    other.locator(".crmsim-summary").get_by_text("Week 1 of").wait_for(timeout=30_000)
    assert "Week 2 of" in summary.inner_text()  # the first tab did not move
    _not_blank(page.screenshot())
    one.close()
    two.close()
    assert "Could not load URL" not in server_log.read_text(errors="replace")


def test_app_survives_render_interval_19_to_the_end(browser, app_url):
    url, server_log = app_url
    context, page = _open_app(browser, url)
    thumb = page.locator(".crmsim-side .v-slider__thumb-container").first
    thumb.focus()
    page.keyboard.press("End")  # 20
    page.keyboard.press("ArrowLeft")  # 19
    page.get_by_text("Weeks per frame: 19").wait_for(timeout=10_000)
    page.locator(".crmsim-play").click()
    page.locator(".crmsim-summary").get_by_text("run finished").wait_for(
        timeout=120_000
    )
    assert "Week 260 of 260" in page.locator(".crmsim-summary").inner_text()
    context.close()
    assert "Traceback" not in server_log.read_text(errors="replace")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_app_panels_fit_the_screen_without_overlap(browser, app_url, width, height):
    url, _ = app_url
    context, page = _open_app(browser, url, width, height)
    page.wait_for_timeout(500)
    _boxes_apart(
        page,
        [".crmsim-side", ".crmsim-summary", "img.crmsim-network", "img.crmsim-charts"],
        width,
        height,
    )
    shot = page.screenshot()
    _not_blank(shot)
    _keep(shot, f"app_{width}x{height}.png")
    if width == 1280:
        _keep(shot, "app.png")
    context.close()


def test_chinese_app_has_no_english_labels(browser, tmp_path_factory):
    proc, url, log = _viz(tmp_path_factory, "zh")
    try:
        context, page = _open_app(browser, url)
        page.locator(".crmsim-summary").get_by_text("第 0 周").wait_for(timeout=30_000)
        text = page.locator("body").inner_text()
        assert "重置" in text and "单步" in text and "播放" in text
        assert not ENGLISH.findall(text), ENGLISH.findall(text)
        _keep(page.screenshot(), "app_zh.png")
        context.close()
    finally:
        _stop(proc, log)


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    pytest.importorskip("voila", reason="voila is not installed: crmsim[browser]")
    port = _free_port()
    proc, url, log = _serve(
        [
            sys.executable,
            "-m",
            "voila",
            str(NOTEBOOKS / "en" / "08_classroom_dashboards.ipynb"),
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
        ],
        port,
        cwd=tmp_path_factory.mktemp("voila"),
    )
    yield url
    _stop(proc, log)


def test_voila_loads_notebook_08_completely_and_pins_and_exports(browser, voila_url):
    failed = []
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, accept_downloads=True
    )
    page = context.new_page()
    page.on(
        "requestfailed",
        lambda r: failed.append(r.url) if "127.0.0.1" in r.url else None,
    )
    page.goto(voila_url, timeout=240_000)
    # the last cell's output, then no cell left executing
    page.locator(".crmsim-classroom").first.wait_for(timeout=240_000)
    page.wait_for_function(
        "() => !document.body.innerText.includes('Executing')", timeout=60_000
    )
    board = page.locator(".crmsim-dashboard").first
    board.scroll_into_view_if_needed()
    status = board.locator(".crmsim-status")
    status.get_by_text("Yearly retention").wait_for(timeout=60_000)
    boxes = _boxes_apart(
        page, [".crmsim-side >> nth=0", ".crmsim-main >> nth=0"], 1280, 10_000
    )
    assert boxes[".crmsim-main >> nth=0"]["height"] <= 720
    # figure text at display size: (pt * dpi / 72) * shown width / natural width
    scale = board.locator(".crmsim-main img").first.evaluate(
        "img => img.clientWidth / img.naturalWidth"
    )
    assert 18 * 100 / 72 * scale >= 24, scale
    board.get_by_role("button", name="Pin this run").click()
    board.locator(".crmsim-side table").get_by_text("run 1").wait_for(timeout=60_000)
    with page.expect_download() as png:
        board.get_by_text("Figure (PNG)").click()
    assert png.value.suggested_filename == "lifecycle.png"
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
    with page.expect_download() as csv:
        board.get_by_text("Pinned runs (CSV)").click()
    assert Path(csv.value.path()).read_text().startswith("run,")
    shot = board.screenshot()
    _not_blank(shot)
    _keep(shot, "dashboard.png")
    assert not failed, failed
    context.close()
