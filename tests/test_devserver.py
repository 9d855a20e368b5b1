"""make devserver: serves the site and the counter, rebuilds after an edit, survives errors."""

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
from test_cli import project_with_conf


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def devserver(site):
    project = project_with_conf(site)
    site.article("mot", "Bài thứ nhất")
    site.article("nhap", "Bản nháp đang viết", status="draft")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wardportal.devserver",
            "--project",
            str(project),
            "--port",
            str(port),
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(base + "/").status_code == 200)
        yield site, base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def next_event(base: str, after: int) -> dict:
    """The first build state newer than `after`, read from the server-sent events."""
    with httpx.stream("GET", base + "/_dev/events", timeout=60) as events:
        for line in events.iter_lines():
            if line.startswith("data: "):
                state = json.loads(line[6:])
                if state["version"] > after:
                    return state
    raise AssertionError("event stream ended")


def test_edit_rebuilds_and_an_error_keeps_the_server_and_the_last_site(devserver):
    site, base, process = devserver
    home = httpx.get(base + "/").text
    assert "Bài thứ nhất" in home
    assert "/theme/js/dev-reload.js" in home
    assert httpx.get(base + "/api/counter/stats").status_code == 200
    draft = httpx.get(base + "/ban-nhap/ban-nhap-dang-viet/")
    assert draft.status_code == 200 and "Bản nháp đang viết" in draft.text
    # Marked so the officer never shares it by mistake; a published article is not.
    assert "Bản nháp — chưa đăng" in draft.text and "sharer.php" not in draft.text
    published = httpx.get(base + "/tin-tuc/2026/bai-thu-nhat/").text
    assert "Bài thứ nhất" in published and "Bản nháp — chưa đăng" not in published
    assert "Bản nháp đang viết" not in home, "a draft is previewed, never listed"
    first = next_event(base, 0)
    assert first["error"] is None

    site.article("hai", "Bài thứ hai vừa viết")
    wait_for(lambda: "Bài thứ hai vừa viết" in httpx.get(base + "/").text)
    second = next_event(base, first["version"])
    assert second["error"] is None

    site.article("hong", "Bài hỏng", date="31/02/2026")
    broken = next_event(base, second["version"])
    assert "content/articles/hong.md, dòng" in broken["error"]
    assert process.poll() is None, "the server keeps running"
    assert "Bài thứ hai vừa viết" in httpx.get(base + "/").text, "the last good site stays"

    (site.content / "articles/hong.md").unlink()
    fixed = next_event(base, broken["version"])
    assert fixed["error"] is None
