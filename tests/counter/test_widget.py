"""The widget in a real browser (Debian's headless Chromium) on pages served with the API."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from wardportal.serve import SecurityHeaders

from . import browser
from .conftest import (
    ROOT,
    CounterServer,
    ServerThread,
    Site,
    query,
    unavailable,
)

SCRIPT = ROOT / "theme" / "static" / "js" / "counter.js"
ARTICLE = "/tin-tuc/2018/so-ket/"
FILLED = "document.querySelector('[data-counter=total]').textContent !== '—'"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site built by Pelican with the portal's theme: an article at ARTICLE."""
    from conftest import Site as Project  # the project-level helper (tests/conftest.py)

    project = Project(tmp_path_factory.mktemp("built") / "project")
    project.article("so-ket", "Sơ kết", "Nội dung bài sơ kết.", date="2018-05-18 08:00")
    project.build()
    return project.output


@pytest.fixture
def pages(site: Site, built_site: Path) -> Site:
    """The built pages (theme, widget markup, script) served from the counter's site root."""
    shutil.copytree(built_site, site.root, dirs_exist_ok=True)
    site.publish(json.loads((built_site / "_portal/pages.json").read_text("utf-8"))["paths"])
    assert (site.root / ARTICLE.strip("/") / "index.html").exists()
    return site


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Callable[..., browser.Chromium]]:
    if not browser.available():
        unavailable("Debian's chromium is not installed")
    started: list[browser.Chromium] = []

    def start(do_not_track: bool = False) -> browser.Chromium:
        started.append(browser.Chromium(tmp_path / f"profile{len(started)}", do_not_track))
        return started[-1]

    yield start
    for instance in started:
        instance.__exit__()


def test_the_widget_fills_the_figures_and_counts_the_view(
    pages: Site,
    start_counter: Callable[..., CounterServer],
    sqlite_url: str,
    chromium: Callable[..., browser.Chromium],
) -> None:
    counter = start_counter(sqlite_url, COUNTER_INITIAL_TOTAL="1233")
    page = chromium().open(counter.url + ARTICLE)
    page.wait_for(FILLED)
    assert page.figures() == {
        "online": "1",
        "today": "1",
        "week": "1",
        "total": "1.234",
        "page": "1",
    }
    assert page.problems() == []  # no CSP violation, no script error
    [(view_id,)] = query(sqlite_url, "SELECT id FROM page_views")
    assert re.fullmatch(r"[0-9a-f]{32}", view_id)
    home = page.browser.open(counter.url + "/")
    home.wait_for(FILLED)
    assert home.figures() == {"online": "1", "today": "1", "week": "1", "total": "1.234"}
    assert counter.stats("/")["page"] == 1


def test_the_widget_sends_a_heartbeat_every_minute(
    pages: Site,
    start_counter: Callable[..., CounterServer],
    sqlite_url: str,
    chromium: Callable[..., browser.Chromium],
) -> None:
    counter = start_counter(sqlite_url)
    page = chromium().open(counter.url + ARTICLE)
    page.wait_for(FILLED)
    counter.clock.advance(180)
    assert page.evaluate("document.visibilityState") == "visible"
    page.browser.send(
        "Emulation.setVirtualTimePolicy",
        page.session,
        policy="pauseIfNetworkFetchesPending",
        budget=61_000,
    )
    page.browser.wait_event("Emulation.virtualTimeBudgetExpired")  # a minute went by
    assert query(sqlite_url, "SELECT MAX(last_seen) FROM visitors") == [(counter.clock.now,)]
    assert counter.stats(ARTICLE)["page"] == 1  # a heartbeat is not a view


def test_the_widget_sends_no_hit_under_do_not_track(
    pages: Site,
    start_counter: Callable[..., CounterServer],
    sqlite_url: str,
    chromium: Callable[..., browser.Chromium],
) -> None:
    counter = start_counter(sqlite_url, COUNTER_INITIAL_TOTAL="1233")
    page = chromium(do_not_track=True).open(counter.url + ARTICLE)
    page.wait_for(FILLED)
    assert page.evaluate("navigator.doNotTrack") == "1"
    assert page.figures() == {
        "online": "0",
        "today": "0",
        "week": "0",
        "total": "1.233",
        "page": "0",
    }
    assert query(sqlite_url, "SELECT COUNT(*) FROM visitors") == [(0,)]


class BrokenApi:
    """The site behind nginx with the counter down (502) or slow (answers after `delay`)."""

    def __init__(self, root: Path, delay: float | None = None) -> None:
        self.requests: list[str] = []
        self.delay = delay
        routes = [
            Route("/api/{rest:path}", self.answer, methods=["GET", "POST"]),
            Mount("/", StaticFiles(directory=root, html=True)),
        ]
        self.thread = ServerThread(SecurityHeaders(Starlette(routes=routes)))
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.thread.port}"

    async def answer(self, request: Request) -> Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if self.delay is None:
            return Response("Bad Gateway", 502)
        await asyncio.sleep(self.delay)
        return JSONResponse({"online": 1, "today": 1, "week": 1, "total": 1, "page": 1})


def test_the_widget_shows_a_dash_when_the_api_is_down(
    pages: Site, chromium: Callable[..., browser.Chromium]
) -> None:
    article = pages.root / ARTICLE.strip("/") / "index.html"
    # Start from "…" so that the dash the script writes is seen to be written.
    built = article.read_text("utf-8")
    article.write_text(re.sub(r'(data-counter="\w+">)—', r"\1…", built), "utf-8")
    api = BrokenApi(pages.root)
    try:
        page = chromium().open(api.url + ARTICLE)
        page.wait_for(FILLED.replace("'—'", "'…'"))
        assert set(page.figures().values()) == {"—"}
        assert page.evaluate("document.querySelector('main h1').textContent") == "Sơ kết"
        assert page.problems() == []
        # A retried hit, then the figures without the hit, then without the page: all failed.
        assert api.requests == [
            "POST /api/counter/hit",
            "POST /api/counter/hit",
            "GET /api/counter/stats",
            "GET /api/counter/stats",
        ]
    finally:
        api.thread.server.force_exit = True
        api.thread.stop()


def test_the_widget_gives_up_on_a_slow_api(
    pages: Site, chromium: Callable[..., browser.Chromium]
) -> None:
    api = BrokenApi(pages.root, delay=6.0)
    try:
        page = chromium().open(api.url + ARTICLE)
        page.wait_for("document.readyState === 'complete'")
        time.sleep(7.0)  # the first answer came at 6 s, after the 5 s timeout
        assert api.requests[:2] == ["POST /api/counter/hit", "POST /api/counter/hit"]
        assert set(page.figures().values()) == {"—"}
    finally:
        api.thread.server.force_exit = True
        api.thread.stop()


def test_the_script_is_small_external_and_first_party() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.encode()) < 2048
    assert not re.search(r"https?://", source)  # no third-party request
    for unsafe in ("eval(", "innerHTML", "document.write", "document.cookie", "localStorage"):
        assert unsafe not in source
    assert "crypto.getRandomValues" in source
    assert "60000" in source
