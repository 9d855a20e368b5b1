"""make devserver: serves the site and the counter, rebuilds after an edit, survives errors."""

import json
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.support.servers import ServerProcess, free_port
from tests.support.sites import Site, project_with_conf


@pytest.fixture
def devserver(site: Site) -> Iterator[tuple[Site, str, ServerProcess]]:
    """`python -m wardportal.devserver` over a small project; it answers once built."""
    project = project_with_conf(site)
    site.article("mot", "Bài thứ nhất")
    site.article("nhap", "Bản nháp đang viết", status="draft")
    port = free_port()
    command = [sys.executable, "-m", "wardportal.devserver", "--project", str(project)]
    base = f"http://127.0.0.1:{port}"
    with ServerProcess([*command, "--port", str(port)], base + "/", cwd=project) as server:
        yield site, base, server


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
    site, base, server = devserver
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
    second = next_event(base, first["version"])
    assert second["error"] is None
    assert "Bài thứ hai vừa viết" in httpx.get(base + "/").text

    site.article("hong", "Bài hỏng", date="31/02/2026")
    broken = next_event(base, second["version"])
    assert "content/articles/hong.md, dòng" in broken["error"]
    assert server.process.poll() is None, "the server keeps running"
    assert "Bài thứ hai vừa viết" in httpx.get(base + "/").text, "the last good site stays"

    (site.content / "articles/hong.md").unlink()
    fixed = next_event(base, broken["version"])
    assert fixed["error"] is None
