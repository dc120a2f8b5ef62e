"""Real-browser tests: headless Chromium driven by Playwright.

- the SolaraViz app (``crmsim viz``) loads offline, *Step* advances the
  model and the page is not blank;
- the lifecycle dashboard, served by Voila (the notebook front end with the
  Jupyter widget manager), re-runs when a control is clicked.

Skipped, with the reason, when Playwright or Chromium is absent. Chromium is
Debian's (``apt-get install chromium``), or the one ``CRMSIM_CHROMIUM`` names;
``playwright install`` is never needed.
"""

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install playwright"
)
CHROMIUM = (
    os.environ.get("CRMSIM_CHROMIUM")
    or shutil.which("chromium")
    or ("/usr/bin/chromium")
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "chromium is not installed: apt-get install chromium", allow_module_level=True
    )

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield b
        b.close()


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
    assert pixels.std() > 20, f"screenshot looks blank (std {pixels.std():.1f})"
    colours = len(
        np.unique(np.asarray(Image.open(io.BytesIO(png))).reshape(-1, 4), axis=0)
    )
    assert colours > 50, f"screenshot has only {colours} colours"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    pytest.importorskip("solara", reason="solara is not installed: crmsim[viz]")
    port = _free_port()
    folder = tmp_path_factory.mktemp("viz")
    proc, url, log = _serve(
        [sys.executable, "-m", "crmsim.cli", "viz", "--port", str(port)],
        port,
        cwd=folder,
    )
    yield url, Path(log.name)
    _stop(proc, log)


def test_app_loads_steps_and_draws(browser, app_url):
    url, server_log = app_url
    failed = []
    page = _page(browser, failed)
    page.goto(url)
    summary = page.locator(".crmsim-summary")
    summary.get_by_text("Week 0").wait_for(timeout=90_000)
    page.locator(".crmsim-network").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Step").click()
    summary.get_by_text("Week 1").wait_for(timeout=30_000)
    page.get_by_role("button", name="Step").click()
    summary.get_by_text("Week 2").wait_for(timeout=30_000)
    assert page.locator(".crmsim-stages").count() == 1
    shot = page.screenshot(full_page=True)
    _not_blank(shot)
    assert not failed, failed
    page.close()
    # offline: every asset came from solara-assets, none from a CDN
    assert "Could not load URL" not in server_log.read_text(errors="replace")


def test_dashboard_reruns_when_a_control_changes(browser, tmp_path):
    pytest.importorskip("voila", reason="voila is not installed: crmsim[browser]")
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from crmsim.presentation.widgets import LifecycleDashboard\n"
            "board = LifecycleDashboard(n_customers=300, weeks=52)\n"
            "board"
        )
    ]
    nbformat.write(nb, tmp_path / "board.ipynb")
    port = _free_port()
    proc, url, log = _serve(
        [
            sys.executable,
            "-m",
            "voila",
            "board.ipynb",
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
        ],
        port,
        cwd=tmp_path,
    )
    try:
        failed = []
        page = _page(browser, failed)
        page.goto(url)
        status = page.locator(".crmsim-status")
        status.get_by_text("#1 ").wait_for(timeout=120_000)
        image = page.locator(".crmsim-dashboard img").first
        before = image.get_attribute("src")
        page.get_by_role("button", name="2 + service").click()
        status.get_by_text("#2 ").wait_for(timeout=60_000)
        page.wait_for_function(
            "src => document.querySelector('.crmsim-dashboard img').src !== src",
            arg=before,
            timeout=30_000,
        )
        _not_blank(page.screenshot(full_page=True))
        assert not failed, failed
        page.close()
    finally:
        _stop(proc, log)
