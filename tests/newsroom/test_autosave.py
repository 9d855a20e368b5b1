"""Server autosave: per account and article, offered back, never the article file, gone on save."""

from __future__ import annotations

import subprocess

from bs4 import BeautifulSoup

from .conftest import Room, article_file, article_form, create_article, edit_article

NEW_TEXT = "Đoạn đang viết dở trên điện thoại."


def _autosave(room: Room, client, path: str, token: str | None = None, **values):
    data = article_form(room, client, path, **values)
    data = {k: v for k, v in data.items() if k not in ("anh_dai_dien", "bo_anh")}
    if token is not None:
        data["csrf_token"] = token
    return client.post("/quan-tri/bai-viet/tu-luu", data=data)


def _head(room: Room) -> str:
    return subprocess.run(
        ["git", "-C", str(room.settings.content_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _textarea(page: str) -> str:
    return BeautifulSoup(page, "html.parser").find("textarea", id="noi_dung").text


def test_an_autosave_is_kept_offered_and_restored_without_touching_the_file(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    key = create_article(room, client)
    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    before, head = article_file(room, key).read_bytes(), _head(room)
    loaded = article_form(room, client, edit)["phien_ban"]

    answer = _autosave(room, client, edit, noi_dung=NEW_TEXT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["saved_at"]  # "HH:MM, dd/mm/yyyy", shown as "Đã lưu tự động lúc …"
    assert article_file(room, key).read_bytes() == before and _head(room) == head

    page = client.get(edit).text
    assert "Khôi phục bản lưu tự động lúc" in page
    assert _textarea(page).strip() == "Nội dung bài."  # the saved text until asked
    restored = client.get(f"{edit}&tu-luu=1").text
    assert _textarea(restored).strip() == NEW_TEXT
    assert f'name="phien_ban" value="{loaded}"' in restored


def test_an_autosave_is_the_account_s_own(room: Room) -> None:
    lan = room.logged_in("lan", "editor")
    key = create_article(room, lan)
    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    assert _autosave(room, lan, edit, noi_dung=NEW_TEXT).status_code == 200
    minh = room.logged_in("minh", "approver")
    assert "Khôi phục bản lưu tự động" not in minh.get(edit).text
    assert NEW_TEXT not in minh.get(f"{edit}&tu-luu=1").text


def test_saving_the_article_deletes_its_autosave(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    new = "/quan-tri/bai-viet/moi"
    assert _autosave(room, client, new, tieu_de="Bài mới", noi_dung=NEW_TEXT).status_code == 200
    assert "Khôi phục bản lưu tự động" in client.get(new).text
    assert _textarea(client.get(f"{new}?tu-luu=1").text).strip() == NEW_TEXT
    key = create_article(room, client)
    assert "Khôi phục bản lưu tự động" not in client.get(new).text

    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    _autosave(room, client, edit, noi_dung=NEW_TEXT)
    assert edit_article(room, client, key, noi_dung="Bản lưu.").status_code == 303
    assert "Khôi phục bản lưu tự động" not in client.get(edit).text
    assert room.newsroom.autosaves.get("lan", key) is None


def test_a_restored_autosave_goes_through_the_version_check(room: Room) -> None:
    lan = room.logged_in("lan", "approver")
    key = create_article(room, lan)
    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    _autosave(room, lan, edit, noi_dung=NEW_TEXT)
    minh = room.logged_in("minh", "approver")
    assert edit_article(room, minh, key, noi_dung="Minh sửa trong lúc đó.").status_code == 303

    page = lan.get(edit).text
    assert "Bài đã được lưu lại sau lần lưu tự động đó" in page
    answer = edit_article(room, lan, f"{key}&tu-luu=1")
    assert answer.status_code == 409  # both texts kept: refused, shown side by side
    assert NEW_TEXT in answer.text and "Minh sửa trong lúc đó." in answer.text
    assert "Minh sửa trong lúc đó." in article_file(room, key).read_text()


def test_an_autosave_needs_the_token_and_a_real_article(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    key = create_article(room, client)
    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    assert _autosave(room, client, edit, token="sai", noi_dung=NEW_TEXT).status_code == 403
    assert room.newsroom.autosaves.get("lan", key) is None
    token = room.token(client)
    missing = client.post(
        "/quan-tri/bai-viet/tu-luu", data={"csrf_token": token, "bai": "../../x", "noi_dung": "x"}
    )
    assert missing.status_code == 404


def test_an_autosave_can_be_dropped(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    key = create_article(room, client)
    edit = f"/quan-tri/bai-viet/sua?bai={key}"
    _autosave(room, client, edit, noi_dung=NEW_TEXT)
    token = room.token(client)
    answer = client.post("/quan-tri/bai-viet/tu-luu/bo", data={"csrf_token": token, "bai": key})
    assert answer.status_code == 303
    assert "Khôi phục bản lưu tự động" not in client.get(edit).text
