"""The widget in a real browser (Debian's headless Chromium) on pages served with the API."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tests.support.browser import chromium_page
from tests.support.sites import Site
from wardportal.serve import SecurityHeaders

from .conftest import (
    ROOT,
    CounterServer,
    ServerThread,
    SiteRoot,
    query,
)

SCRIPT = ROOT / "theme" / "static" / "js" / "counter.js"
ARTICLE = "/tin-tuc/2018/so-ket/"
FILLED = "() => document.querySelector('[data-counter=total]').textContent !== '—'"


#: A real browser's User-Agent: with "HeadlessChrome" the counter would rightly see a robot.
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/156.0 Mobile Safari/537.36"
)
FIGURES = """() => Object.fromEntries([...document.querySelectorAll('[data-counter]')]
  .map(e => [e.dataset.counter, e.textContent]))"""


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site built by Pelican with the portal's theme: an article at ARTICLE."""
    project = Site(tmp_path_factory.mktemp("built") / "project")
    project.article("so-ket", "Sơ kết", "Nội dung bài sơ kết.", date="2018-05-18 08:00")
    project.build()
    return project.output


@pytest.fixture
def pages(site_root: SiteRoot, built_site: Path) -> SiteRoot:
    """The built pages (theme, widget markup, script) served from the counter's site root."""
    shutil.copytree(built_site, site_root.root, dirs_exist_ok=True)
    manifest = json.loads((built_site / "_portal/pages.json").read_text("utf-8"))
    site_root.publish(manifest["paths"])
    assert (site_root.root / ARTICLE.strip("/") / "index.html").exists()
    return site_root


@contextmanager
def resident(do_not_track: bool = False) -> Iterator[tuple[Page, list[str]]]:
    """A resident's page in Chromium, and the problems it meets: uncaught exceptions and
    console errors (a CSP violation among them); failed loads are the tests' own business."""
    with chromium_page(user_agent=USER_AGENT, do_not_track=do_not_track) as page:
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if message.type == "error"
                and not message.text.startswith("Failed to load resource")
                else None
            ),
        )
        yield page, problems


def figures(page: Page) -> dict[str, str]:
    """The text of every [data-counter] element, by its name."""
    return page.evaluate(FIGURES)


def test_the_widget_fills_the_figures_and_counts_the_view(
    pages: SiteRoot, start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    counter = start_counter(sqlite_url, COUNTER_INITIAL_TOTAL="1233")
    with resident() as (page, problems):
        page.goto(counter.url + ARTICLE)
        page.wait_for_function(FILLED)
        assert figures(page) == {
            "online": "1",
            "today": "1",
            "week": "1",
            "total": "1.234",
            "page": "1",
        }
        assert problems == []  # no CSP violation, no script error
        [(view_id,)] = query(sqlite_url, "SELECT id FROM page_views")
        assert re.fullmatch(r"[0-9a-f]{32}", view_id)
        home = page.context.new_page()
        home.goto(counter.url + "/")
        home.wait_for_function(FILLED)
        assert figures(home) == {"online": "1", "today": "1", "week": "1", "total": "1.234"}
    assert counter.stats("/")["page"] == 1


def test_the_widget_sends_a_heartbeat_every_minute(
    pages: SiteRoot, start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    counter = start_counter(sqlite_url)
    with resident() as (page, _):
        page.clock.install()  # the page's timers run when the test moves its clock
        page.goto(counter.url + ARTICLE)
        page.wait_for_function(FILLED)
        counter.clock.advance(180)
        assert page.evaluate("document.visibilityState") == "visible"
        with page.expect_response(counter.url + "/api/counter/hit") as heartbeat:
            page.clock.run_for(60_000)  # a minute goes by
        assert heartbeat.value.ok
        assert query(sqlite_url, "SELECT MAX(last_seen) FROM visitors") == [(counter.clock.now,)]
    assert counter.stats(ARTICLE)["page"] == 1  # a heartbeat is not a view


def test_the_widget_sends_no_hit_under_do_not_track(
    pages: SiteRoot, start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    counter = start_counter(sqlite_url, COUNTER_INITIAL_TOTAL="1233")
    with resident(do_not_track=True) as (page, _):
        page.goto(counter.url + ARTICLE)
        page.wait_for_function(FILLED)
        assert page.evaluate("navigator.doNotTrack") == "1"
        assert figures(page) == {
            "online": "0",
            "today": "0",
            "week": "0",
            "total": "1.233",
            "page": "0",
        }
    assert query(sqlite_url, "SELECT COUNT(*) FROM visitors") == [(0,)]


class BrokenApi:
    """The site behind nginx with the counter down (502), or hung (no answer until closed)."""

    def __init__(self, root: Path, hung: bool = False) -> None:
        self.requests: list[str] = []
        self.arrived = threading.Condition()
        self.hung = hung
        self.released = threading.Event()
        routes = [
            Route("/api/{rest:path}", self.answer, methods=["GET", "POST"]),
            Mount("/", StaticFiles(directory=root, html=True)),
        ]
        self.thread = ServerThread(SecurityHeaders(Starlette(routes=routes)))
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.thread.port}"

    async def answer(self, request: Request) -> Response:
        with self.arrived:
            self.requests.append(f"{request.method} {request.url.path}")
            self.arrived.notify_all()
        if self.hung:
            await asyncio.to_thread(self.released.wait, 60)
        return Response("Bad Gateway", 502)

    def wait_for_requests(self, count: int) -> None:
        """Until `count` requests have arrived (the browser's, in the order sent)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.requests) >= count, 30), self.requests

    def close(self) -> None:
        self.released.set()
        self.thread.server.force_exit = True
        self.thread.stop()


#: A retried hit, then the figures without the hit, then without the page: all failed.
GIVING_UP = [
    "POST /api/counter/hit",
    "POST /api/counter/hit",
    "GET /api/counter/stats",
    "GET /api/counter/stats",
]


def test_the_widget_shows_a_dash_when_the_api_is_down(pages: SiteRoot) -> None:
    article = pages.root / ARTICLE.strip("/") / "index.html"
    # Start from "…" so that the dash the script writes is seen to be written.
    built = article.read_text("utf-8")
    article.write_text(re.sub(r'(data-counter="\w+">)—', r"\1…", built), "utf-8")
    api = BrokenApi(pages.root)
    try:
        with resident() as (page, problems):
            page.goto(api.url + ARTICLE)
            page.wait_for_function(FILLED.replace("'—'", "'…'"))
            assert set(figures(page).values()) == {"—"}
            assert page.inner_text("main h1") == "Sơ kết"
            assert problems == []
        assert api.requests == GIVING_UP
    finally:
        api.close()


def test_the_widget_gives_up_on_a_slow_api(pages: SiteRoot) -> None:
    api = BrokenApi(pages.root, hung=True)
    try:
        with resident() as (page, _):
            page.clock.install()
            page.goto(api.url + ARTICLE)
            for count in range(1, len(GIVING_UP) + 1):
                api.wait_for_requests(count)
                assert set(figures(page).values()) == {"—"}, "nothing shown while it waits"
                page.clock.run_for(5_000)  # the 5 s timeout of this request
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-counter]')]"
                ".every(e => e.textContent === '—')"
            )
        assert api.requests == GIVING_UP
    finally:
        api.close()


def test_the_script_is_small_external_and_first_party() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.encode()) < 2048
    assert not re.search(r"https?://", source)  # no third-party request
    for unsafe in ("eval(", "innerHTML", "document.write", "document.cookie", "localStorage"):
        assert unsafe not in source
    assert "crypto.getRandomValues" in source
    assert "60000" in source
