"""The newsroom in `python -m wardportal.serve` (what `make serve` runs): a real uvicorn server
on 127.0.0.1, beside the built site, reached from the site's footer link.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from .conftest import PASSWORD, csrf_of


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(site, tmp_path: Path) -> Iterator[tuple[str, dict]]:
    from test_cli import project_with_conf

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
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "wardportal.serve", "--root", str(site.output), "--port", str(port)],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read()) from None
                if time.monotonic() > deadline:
                    raise AssertionError("the server did not start in 60 s") from None
                time.sleep(0.1)  # polling for the port, with a deadline
        yield base, environment
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_site_counter_and_newsroom_are_served_together(server) -> None:
    base, _ = server
    with httpx.Client(base_url=base, follow_redirects=False, timeout=10) as client:
        home = client.get("/")
        assert home.status_code == 200
        footer = BeautifulSoup(home.text, "html.parser").find("footer")
        link = footer.find("a", string="Đăng nhập")
        assert link is not None and link["href"].endswith("/quan-tri/")
        assert client.get("/api/counter/stats").status_code == 200

        login = client.get("/quan-tri/")
        assert login.status_code == 200 and "Tên đăng nhập" in login.text
        assert "'unsafe-inline'" not in login.headers["content-security-policy"]
        assert login.headers["content-security-policy"].startswith("default-src 'none'")
        assert client.get("/quan-tri").headers["location"] == "/quan-tri/"
        assert client.get("/quan-tri/tai-nguyen/newsroom.css").status_code == 200

        answer = client.post(
            "/quan-tri/dang-nhap",
            data={"csrf_token": csrf_of(login.text), "name": "lan", "password": PASSWORD},
        )
        assert answer.status_code == 303
        assert "quan_tri_phien" in client.cookies
        desk = client.get("/quan-tri/bai-viet/")
        assert desk.status_code == 200 and "Đăng xuất" in desk.text
        # Without the token, a POST is refused over the real server too.
        assert client.post("/quan-tri/dang-xuat", data={"x": "1"}).status_code == 403
