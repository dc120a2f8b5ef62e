"""What every test shares: a non-interactive matplotlib, and a real browser.

The ``browser`` fixture is headless Chromium driven by Playwright: Debian's
(``apt-get install chromium``) or the one ``CRMSIM_CHROMIUM`` names, never
``playwright install``. A test that asks for it is skipped, with the reason,
when Playwright or Chromium is absent. Each browser context a test opens is
one user (own cookies and storage).
"""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the tests of one module."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="playwright is not installed: pip install playwright",
    )
    path = (
        os.environ.get("CRMSIM_CHROMIUM")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    if not Path(path).exists():
        pytest.skip("chromium is not installed: apt-get install chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
