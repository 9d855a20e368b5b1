"""Newsroom test helpers: an app over a real SQLite file in tmp_path, driven in-process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from playwright.sync_api import Page
from starlette.testclient import TestClient

from tests.support.servers import preview_server
from tests.support.sites import Site, project_with_conf
from wardportal.newsroom import Settings, create_app

PASSWORD = "mat-khau-rat-dai-1"
# Cheap Argon2id parameters: the tests log in often; the parameters are not what is tested.
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def foreign_scripts(soup) -> list:
    """Script elements other than the newsroom's own file: inline code or any other source."""
    return [
        script
        for script in soup.find_all("script")
        if script.string or not script.get("src", "").startswith("/quan-tri/tai-nguyen/")
    ]


def csrf_of(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = TOKEN.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Room:
    """One newsroom app and helpers to make accounts and log in with a fresh client."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.settings = settings
        self.clock = clock
        self.app = create_app(settings, clock=clock, hasher=CHEAP)
        self.newsroom = self.app.state.newsroom

    def client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def add(self, name: str, role: str = "editor") -> None:
        self.newsroom.accounts.add(name, role, PASSWORD)

    def login_form(self, client: TestClient) -> str:
        page = client.get("/quan-tri/")
        assert page.status_code == 200
        return csrf_of(page.text)

    def post_login(self, client: TestClient, name: str, password: str = PASSWORD):
        token = self.login_form(client)
        return client.post(
            "/quan-tri/dang-nhap", data={"csrf_token": token, "name": name, "password": password}
        )

    def logged_in(self, name: str, role: str = "editor") -> TestClient:
        """A client logged in as a new account `name` with `role`."""
        self.add(name, role)
        client = self.client()
        answer = self.post_login(client, name)
        assert answer.status_code == 303, answer.text
        return client

    def token(self, client: TestClient, page: str = "/quan-tri/") -> str:
        """The session's CSRF token, read from a page's logout form."""
        return csrf_of(client.get(page).text)


# --- the article form ----------------------------------------------------------------------

TITLE = "Phường ra quân dọn vệ sinh"


def article_form(
    room: Room, client: TestClient, path: str = "/quan-tri/bai-viet/moi", **values: str
) -> dict[str, str]:
    """The article form's fields as the browser would send them, with `values` changed."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = page_form_values(page.text, "form.article")
    data.update(values)
    return data


def page_form_values(html: str, selector: str) -> dict:
    """The fields of the page's form (`selector`) as a browser would send them."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.text)
        else:
            data[name] = field.get("value", "")
    return data


def create_article(room: Room, client, action: str = "luu-nhap", **values) -> str:
    data = article_form(room, client, **{"tieu_de": TITLE, "noi_dung": "Nội dung bài.", **values})
    answer = client.post("/quan-tri/bai-viet/moi", data={**data, "hanh_dong": action})
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("bai=")[1].split("&")[0].replace("%2F", "/")


def edit_article(room: Room, client, key: str, action: str = "luu-nhap", **values):
    data = article_form(room, client, f"/quan-tri/bai-viet/sua?bai={key}", **values)
    return client.post("/quan-tri/bai-viet/sua", data={**data, "hanh_dong": action})


def article_file(room: Room, key: str) -> Path:
    return room.settings.content_path / "articles" / f"{key}.md"


def content_git(room: Room, *args: str) -> str:
    """`git ARGS…` in the room's content folder (where every save is a commit); its output."""
    return subprocess.run(
        ["git", "-C", str(room.settings.content_path), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def log_in_browser(page: Page, base: str) -> list[str]:
    """Log in as "lan" through the login form; returns the console errors, as they come."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for()
    return problems


@pytest.fixture
def make_room(tmp_path: Path) -> Callable[..., Room]:
    def make(**changes) -> Room:
        project = tmp_path / "project"
        (project / "content").mkdir(parents=True, exist_ok=True)
        values = {
            "database": Path("var/newsroom.sqlite3"),
            "project": project,
            "secure_cookies": False,
            **changes,
        }
        return Room(Settings(**values), FakeClock())

    return make


@pytest.fixture
def room(make_room: Callable[..., Room]) -> Room:
    return make_room()


@pytest.fixture
def site_room(tmp_path: Path, site: Site) -> Room:
    """A newsroom over a real site's content folder (built by the real pelican)."""
    project = project_with_conf(site)
    settings = Settings(
        database=tmp_path / "var" / "newsroom.sqlite3",
        project=project,
        secure_cookies=False,
        output=site.output,
        build_settings=Path("pelicanconf.py"),
    )
    return Room(settings, FakeClock())


@pytest.fixture
def server(site: Site, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The preview server (site, counter and newsroom) over a built site, with one editor."""
    project = project_with_conf(site)
    site.article("tin", "Tin đầu tiên")
    site.build()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")},
        "NEWSROOM_PROJECT": str(project),
        "NEWSROOM_DATABASE": str(tmp_path / "var" / "newsroom.sqlite3"),
        "COUNTER_DATABASE_URL": str(tmp_path / "counter.sqlite3"),
    }
    add = subprocess.run(
        [sys.executable, "-m", "wardportal.cli", "--project", str(project), "user", "add", "lan",
         "--role", "editor", "--password-stdin"],
        input=PASSWORD, text=True, capture_output=True, env=environment, timeout=60,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    with preview_server(site.output, env=environment, cwd=project) as base:
        yield base, environment
