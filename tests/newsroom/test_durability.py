"""A kill -9 during a save leaves the old or the new file, never a torn one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
from bs4 import BeautifulSoup

from tests.support.servers import ServerProcess, free_port
from tests.support.sites import project_with_conf
from wardportal.article_file import parse_article
from wardportal.newsroom import load_settings
from wardportal.newsroom.service import Newsroom

from .conftest import PASSWORD, csrf_of

# Two texts of different lengths, so a half-written file differs from both.
OLD = "Bản cũ của bài viết.\n" * 150_000
NEW = "Bản mới, dài hơn, của bài viết.\n" * 200_000

WRITER = """
import sys
from pathlib import Path
from wardportal.newsroom.atomic_file import write_atomically
path = Path(sys.argv[1])
old, new = (Path(name).read_text("utf-8") for name in sys.argv[2:4])
count = 0
while True:
    write_atomically(path, new if count % 2 == 0 else old)
    count += 1
    print(count, flush=True)
"""


def test_kill_9_during_saves_never_tears_the_file(tmp_path: Path) -> None:
    article = tmp_path / "articles" / "2026" / "bai.md"
    article.parent.mkdir(parents=True)
    article.write_text(OLD, encoding="utf-8")
    (tmp_path / "old").write_text(OLD, encoding="utf-8")
    (tmp_path / "new").write_text(NEW, encoding="utf-8")
    seen = set()
    for round_number in range(6):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(article),
                str(tmp_path / "old"),
                str(tmp_path / "new"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            # Wait (on the child's own report, not a sleep) until it is busy saving.
            for _ in range(2 + round_number):
                assert child.stdout.readline(), "the writer stopped early"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL
        text = article.read_text(encoding="utf-8")
        assert text in (OLD, NEW), f"torn file after kill -9: {len(text)} characters"
        seen.add(text == NEW)
    assert seen  # the file was read back after every kill
    leftovers = [p.name for p in article.parent.iterdir() if p.name != "bai.md"]
    # A kill between creating and renaming the temporary file may leave one; it is hidden
    # (".bai.md.….tmp") and not a Markdown file, so the build never reads it.
    assert all(name.startswith(".bai.md.") and name.endswith(".tmp") for name in leftovers)


class Service:
    """The newsroom as production runs it (uvicorn --factory), on a free port of 127.0.0.1."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.environment = environment
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server: ServerProcess | None = None

    def start(self) -> None:
        """Start it (again) on the same port, and wait until it answers."""
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "wardportal.newsroom:app_from_env",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
        ]  # fmt: skip
        self.server = ServerProcess(command, f"{self.base}/quan-tri/", env=self.environment)

    def kill_9(self) -> None:
        assert self.server is not None
        self.server.kill()

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30)
        login = client.get("/quan-tri/")
        answer = client.post(
            "/quan-tri/dang-nhap",
            data={"csrf_token": csrf_of(login.text), "name": "lan", "password": PASSWORD},
        )
        assert answer.status_code == 303, answer.text
        return client


def _save(client: httpx.Client, body: str) -> httpx.Response:
    page = BeautifulSoup(client.get("/quan-tri/bai-viet/sua?bai=bai").text, "html.parser")
    form = page.find("form", class_="article")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    data.update(tieu_de="Bài", noi_dung=body, hanh_dong="luu-nhap")
    data["chuyen_muc"] = (form.find("option", selected=True) or form.find("option")).text
    return client.post("/quan-tri/bai-viet/sua", data=data)


def test_kill_9_of_the_service_during_saves(site, tmp_path: Path) -> None:
    """The real service killed while an officer saves: the file holds one of the texts that
    were sent, never part of one, and the restarted service saves again."""
    project = project_with_conf(site)
    article = site.article("bai", "Bài", "Bản đầu.", slug="bai", status="draft")
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")},
        "NEWSROOM_PROJECT": str(project),
        "NEWSROOM_DATABASE": str(tmp_path / "var" / "newsroom.sqlite3"),
        "NEWSROOM_SECURE_COOKIES": "false",
        "NEWSROOM_MAX_BODY_KB": "8192",
    }
    Newsroom(load_settings(environment)).accounts.add("lan", "editor", PASSWORD)
    service = Service(environment)
    service.start()
    bodies = ["Bản đầu."]
    busy = threading.Event()
    answers: list[int] = []

    def save_until_killed() -> None:
        client = service.client()
        try:
            for number in range(400):
                body = f"Lần lưu {number}.\n" + "Nội dung dài. " * (25_000 + 7 * number)
                bodies.append(body)
                try:
                    answers.append(_save(client, body).status_code)
                except httpx.TransportError:
                    return
                if answers.count(303) >= 3 or answers.count(303) < len(answers):
                    busy.set()
        finally:
            busy.set()
            client.close()

    saver = threading.Thread(target=save_until_killed)
    try:
        saver.start()
        assert busy.wait(timeout=120)
        assert answers.count(303) >= 3 and set(answers) == {303}, answers
        service.kill_9()
        saver.join(timeout=60)
        body = parse_article(article.read_text(encoding="utf-8"))[2].strip("\n")
        assert body in [text.strip("\n") for text in bodies], f"torn: {len(body)} characters"

        service.start()
        client = service.client()
        assert _save(client, "Sau khi khởi động lại.").status_code == 303
        client.close()
        assert "Sau khi khởi động lại." in article.read_text(encoding="utf-8")
    finally:
        service.stop()
