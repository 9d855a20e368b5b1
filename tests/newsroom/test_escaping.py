"""Text typed by anyone (even a login name) is shown as text in the admin pages, never run."""

from __future__ import annotations

from bs4 import BeautifulSoup

from .conftest import Room, foreign_scripts

HOSTILE = '<script>alert(1)</script><a href="javascript:alert(2)">x</a>'


def test_a_hostile_login_name_is_escaped_in_the_audit_page(room: Room) -> None:
    room.post_login(room.client(), HOSTILE, "mat-khau-sai-roi")
    admin = room.logged_in("quan-tri", "admin")
    page = admin.get("/quan-tri/nhat-ky/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert not foreign_scripts(soup)
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript:")]
    assert HOSTILE.lower().strip() in soup.get_text()
