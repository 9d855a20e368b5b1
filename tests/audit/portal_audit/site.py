"""Build the sample site into a scratch folder and serve it on 127.0.0.1 as a browser meets it."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.servers import HOST, preview_server

from .core import PROJECT


def build(content: Path, output: Path, siteurl: str, settings: str = "pelicanconf.py") -> None:
    """Run the real `pelican` with SITEURL (and the feed domain) set to where the audit serves.

    Absolute URLs (canonical, og:url, feeds, sitemap) then point at the audited server, so a
    crawler and Lighthouse judge them instead of a port someone else may be using.
    """
    pelican = Path(sys.executable).with_name("pelican")
    extra = [f"{key}={json.dumps(siteurl)}" for key in ("SITEURL", "FEED_DOMAIN")]
    command = [str(pelican), str(content), "-s", settings, "-o", str(output), "-e", *extra]
    result = subprocess.run(
        command, cwd=PROJECT, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the site did not build:\n{result.stdout}\n{result.stderr}")


class _QuietHandler(SimpleHTTPRequestHandler):
    """http.server's file handler without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(root: Path, port: int = 0) -> Iterator[str]:
    """Serve `root` with Python's http.server in a thread; yields the base URL (no slash)."""
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer((HOST, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def has_portal_server() -> bool:
    """Whether the project's preview server (site + counter API) is there to use."""
    return importlib.util.find_spec("wardportal.serve") is not None


@contextlib.contextmanager
def portal_server(root: Path, port: int, scratch: Path) -> Iterator[str]:
    """Serve `root` with `python -m wardportal.serve`: the site and the counter API, as in
    production behind nginx. The page's counter script then gets real answers, so the browser
    gates see the console a resident sees (a static server would log a failed POST).
    """
    env = {
        "COUNTER_DATABASE_URL": str(scratch / "counter.sqlite3"),
        "COUNTER_RATE_LIMIT": "100000",  # the audit's browsers view many pages a minute
    }
    with preview_server(root, port=port, env=env) as base:
        yield base


def page_url_path(site: Path, file: Path) -> str:
    """The URL path a built HTML file is served at: `a/index.html` → `/a/`."""
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


# The answers to a missing (404) and a removed (410) address: no pages to list.
ERROR_PAGES = ("404.html", "410.html")
NOINDEX = b'<meta name="robots" content="noindex">'


def built_pages(site: Path) -> list[str]:
    """URL paths of every HTML page of the build that a sitemap lists: not the error pages, nor
    what the build left at old addresses (marked noindex: a redirect, a removed page)."""
    return [
        page_url_path(site, file)
        for file in sorted(site.rglob("*.html"))
        if file.relative_to(site).as_posix() not in ERROR_PAGES and NOINDEX not in file.read_bytes()
    ]
