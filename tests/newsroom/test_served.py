"""The newsroom in `python -m wardportal.serve` (what `make serve` runs): a real uvicorn server
on 127.0.0.1, beside the built site, reached from the site's footer link.
"""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup

from .conftest import PASSWORD, csrf_of


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
