"""Debian's Chromium driven by Playwright: the system browser, never a downloaded one.

If Chromium cannot start, the browser tests fail (a skipped browser test would let a
broken web interface pass)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@contextmanager
def chromium() -> Iterator[Any]:
    """A running headless Chromium (Playwright's Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def fits_width(page: Any) -> bool:
    """True when nothing on the page needs horizontal scrolling of the whole page."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
