"""Real-browser helpers: Debian's Chromium driven by Playwright, and the preview server.

Playwright only drives the browser; it never downloads one (executable_path is Debian's).
Without Chromium the browser tests skip, except in CI, where they must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")


@contextmanager
def chromium_page() -> Iterator:
    """A fresh page in headless Debian Chromium."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """The preview server (`python -m wardportal.serve`: site, counter API and the production
    Content-Security-Policy) on a free port of 127.0.0.1; yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = folder.parent / f"counter-{port}.sqlite3"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wardportal.serve",
            "--root",
            str(folder),
            "--port",
            str(port),
            "--database",
            str(database),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("the preview server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
