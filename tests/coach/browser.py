"""Headless Chromium for the report tests: Debian's chromium driven by Playwright, no browser download.

Skips (with the reason) when the Playwright package or the chromium binary is missing; `make test`
installs both (apt-get install chromium; pip install playwright; never `playwright install`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401  (only whether it imports)
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return None


@dataclass
class Console:
    """What the page said: console errors, uncaught exceptions, failed loads."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        # Chromium aborts a media request once it has read what it needs (metadata): not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"requestfailed: {request.url} {request.failure}")


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def open_page(browser, path: Path, width: int = 1200, height: int = 900, bypass_csp: bool = False):
    """A fresh page on `path`, with its console recorded from the first byte."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    page = ctx.new_page()
    console = Console()
    console.attach(page)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, console
