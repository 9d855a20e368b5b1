"""Debian's Chromium driven by Playwright: the one browser driver of the Python side.

Playwright only drives the browser; it never downloads one (executable_path is Debian's, or
CHROME_PATH). The audit's Node tools (Lighthouse, axe) get the same path and flags from here
(`node_environment`). Without Chromium the browser tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.support.ci import unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

CHROMIUM = Path(os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium")
#: Headless on a machine without a desktop, and off the networks the tests cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_chromium() -> None:
    """Skip locally when Chromium is missing; in CI a missing browser is a failure."""
    if not CHROMIUM.exists():
        unavailable(f"Debian's chromium is not at {CHROMIUM} (apt-get install chromium)")


def node_environment() -> dict[str, str]:
    """CHROME_PATH and CHROME_ARGS for the audit's Node scripts (tests/audit/chrome.mjs)."""
    return {"CHROME_PATH": str(CHROMIUM), "CHROME_ARGS": json.dumps(CHROMIUM_ARGS)}


def launch(playwright: Playwright) -> Browser:
    """Debian's headless Chromium with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium to open contexts and pages in (closed at the end)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(*, do_not_track: bool = False, **context: Any) -> Iterator[Page]:
    """A page in a fresh headless Chromium profile.

    `do_not_track` is the user's own choice in the profile's preferences (what
    navigator.doNotTrack reports); `context` takes Playwright's context options
    (user_agent, viewport, …).
    """
    need_chromium()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        preferences = Path(profile) / "Default" / "Preferences"
        preferences.parent.mkdir()
        preferences.write_text(json.dumps({"enable_do_not_track": do_not_track}))
        with sync_playwright() as playwright:
            opened = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **context
            )
            try:
                yield opened.pages[0] if opened.pages else opened.new_page()
            finally:
                opened.close()


def image_loaded(image: Locator) -> bool:
    """Whether the image shows a picture, once the browser finished with it: scrolled into
    view first (lazy images load only then), then its load or error awaited (an image just
    attached may still be on its way: reading `complete` at once was a race)."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """img => (img.complete ? Promise.resolve() : new Promise(done => {
            img.addEventListener("load", done, {once: true});
            img.addEventListener("error", done, {once: true});
            setTimeout(done, 60000);
        })).then(() => img.naturalWidth > 0)"""
    )
