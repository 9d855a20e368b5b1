"""Static pages (Giới thiệu, Liên hệ) in the newsroom: edited with the address kept, the
stale-version rule, versions and restore; only approvers save, as for a live article."""

from __future__ import annotations

import subprocess

from bs4 import BeautifulSoup

from .conftest import Room
from .helpers import FakePublisher

ABOUT = """\
Title: Giới thiệu
Slug: gioi-thieu
Summary: Chức năng, nhiệm vụ của phường.
Template: page

Phường là đơn vị hành chính ở cơ sở.
"""
CONTACT = "Title: Liên hệ\n\nSố điện thoại: 0229 123 456.\n"


def page_room(site_room: Room) -> Room:
    pages = site_room.settings.content_path / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "gioi-thieu.md").write_text(ABOUT, encoding="utf-8")
    (pages / "lien-he.md").write_text(CONTACT, encoding="utf-8")
    site_room.newsroom.publisher = FakePublisher(site_room.newsroom.publisher)
    return site_room


def page_form(client, key: str) -> dict:
    page = client.get(f"/quan-tri/trang/sua?trang={key}")
    assert page.status_code == 200, page.text
    form = BeautifulSoup(page.text, "html.parser").select_one("form.page")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    data.update({area["name"]: area.text for area in form.find_all("textarea")})
    return data


def test_pages_are_listed_with_their_addresses(site_room: Room) -> None:
    room = page_room(site_room)
    client = room.logged_in("minh", "editor")
    soup = BeautifulSoup(client.get("/quan-tri/trang/").text, "html.parser")
    rows = [[cell.get_text(strip=True) for cell in row("td")] for row in soup.select("tbody tr")]
    assert rows == [["Giới thiệu", "/gioi-thieu/"], ["Liên hệ", "/lien-he/"]]
    assert soup.select_one("nav a[href='/quan-tri/trang/']").text == "Trang tĩnh"


def test_an_edit_keeps_the_address_and_other_lines_and_is_a_version(site_room: Room) -> None:
    room = page_room(site_room)
    client = room.logged_in("lan", "approver")
    data = page_form(client, "lien-he")
    data.update(tieu_de="Liên hệ với phường", noi_dung="Điện thoại: 0229 999 999.\r\n")
    answer = client.post("/quan-tri/trang/sua", data=data)
    assert answer.status_code == 303, answer.text
    text = (room.settings.content_path / "pages/lien-he.md").read_text()
    # The page had no Slug line: the old title's slug is written, so the address stays.
    assert text == "Title: Liên hệ với phường\nSlug: lien-he\n\nĐiện thoại: 0229 999 999.\n"
    data = page_form(client, "gioi-thieu")
    answer = client.post("/quan-tri/trang/sua", data={**data, "tom_tat": "Mới."})
    assert answer.status_code == 303
    assert (room.settings.content_path / "pages/gioi-thieu.md").read_text() == ABOUT.replace(
        "Chức năng, nhiệm vụ của phường.", "Mới."
    )
    assert room.newsroom.publisher.requests == ["lan", "lan"]
    log = subprocess.run(
        ["git", "-C", str(room.settings.content_path), "log", "-1", "--format=%an|%s"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert log.strip() == "lan|Sửa trang: Giới thiệu"


def test_a_stale_save_is_refused_and_both_texts_are_kept(site_room: Room) -> None:
    room = page_room(site_room)
    first, second = room.logged_in("lan", "approver"), room.logged_in("hoa", "admin")
    mine, theirs = page_form(first, "lien-he"), page_form(second, "lien-he")
    assert first.post("/quan-tri/trang/sua", data={**mine, "noi_dung": "Bản A."}).status_code == 303
    answer = second.post("/quan-tri/trang/sua", data={**theirs, "noi_dung": "Bản B."})
    assert answer.status_code == 409
    soup = BeautifulSoup(answer.text, "html.parser")
    assert soup.select_one("#noi_dung").text == "Bản B."
    assert "Bản A." in soup.select_one(".current").text
    assert "Bản A." in (room.settings.content_path / "pages/lien-he.md").read_text()


def test_history_shows_versions_and_restores_one(site_room: Room) -> None:
    room = page_room(site_room)
    client = room.logged_in("lan", "approver")
    for text in ("Bản một.", "Bản mới."):
        data = page_form(client, "lien-he")
        client.post("/quan-tri/trang/sua", data={**data, "noi_dung": text})
    page = client.get("/quan-tri/trang/lich-su?trang=lien-he")
    soup = BeautifulSoup(page.text, "html.parser")
    authors = [row("td")[1].text for row in soup.select("tbody tr")]
    assert authors == ["lan", "lan"]
    restore = soup.select_one("form[action$='/trang/khoi-phuc']")
    sent = {field["name"]: field["value"] for field in restore.find_all("input")}
    assert client.post("/quan-tri/trang/khoi-phuc", data=sent).status_code == 303
    text = (room.settings.content_path / "pages/lien-he.md").read_text()
    assert text == "Title: Liên hệ\nSlug: lien-he\n\nBản một.\n"


def test_editors_cannot_save_or_restore_a_page_and_forms_need_the_token(site_room: Room) -> None:
    room = page_room(site_room)
    editor = room.logged_in("minh", "editor")
    data = page_form(editor, "lien-he")
    assert "Lưu và đăng" not in editor.get("/quan-tri/trang/sua?trang=lien-he").text
    answer = editor.post("/quan-tri/trang/sua", data={**data, "noi_dung": "Giả mạo."})
    assert answer.status_code == 403
    restore = {"csrf_token": data["csrf_token"], "trang": "lien-he", "ban": "HEAD"}
    assert editor.post("/quan-tri/trang/khoi-phuc", data=restore).status_code == 403
    approver = room.logged_in("lan", "approver")
    data = page_form(approver, "lien-he")
    for token in ("", "gia-mao"):
        sent = {**data, "csrf_token": token, "noi_dung": "Giả mạo."}
        assert approver.post("/quan-tri/trang/sua", data=sent).status_code == 403
    assert (room.settings.content_path / "pages/lien-he.md").read_text() == CONTACT
    assert approver.get("/quan-tri/trang/sua?trang=../articles/x").status_code == 404
