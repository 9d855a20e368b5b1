"""An editor's change to the honour roll waits for an approver ("Gửi duyệt"): the roll is
untouched until "Duyệt và đăng", which writes it and publishes; "Trả lại" drops it with a
comment; a change made from an older file is not approved over a newer one."""

from __future__ import annotations

import re
import subprocess

from bs4 import BeautifulSoup

from .conftest import Room
from .helpers import GOOD, ROLL, form_values, roll_room, upload

EDIT = "/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=6"


def _log(room: Room, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(room.settings.content_path), "log", "--format=%an|%s", *args],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def _roll(room: Room) -> str:
    return (room.settings.content_path / "honours/2016-2018.yaml").read_text()


def _propose(room: Room, editor, **values) -> str:
    data = form_values(editor.get(EDIT).text)
    answer = editor.post("/quan-tri/bang-vang/muc/luu", data={**data, **values})
    assert answer.status_code == 303, answer.text
    assert "da-gui=1" in answer.headers["location"]
    page = editor.get(answer.headers["location"])
    assert "Đã gửi duyệt." in page.text
    return re.search(r"de-xuat\?ma=([a-z0-9]+)", page.text)[1]


def _review(client, proposal: str) -> dict:
    page = client.get(f"/quan-tri/bang-vang/de-xuat?ma={proposal}")
    assert page.status_code == 200, page.text
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1],
            "ma": proposal}  # fmt: skip


def test_an_editors_entry_waits_and_an_approver_publishes_it(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    proposal = _propose(room, editor, so_quyet_dinh="15/QĐ-UBND")
    assert _roll(room) == ROLL  # the roll, which the next build publishes, is untouched
    assert _log(room, "-1").strip() == "minh|Gửi duyệt: Bảng vàng: sửa “Vườn rau sạch”"
    assert room.newsroom.publisher.requests == []

    approver = room.logged_in("lan", "approver")
    page = approver.get(f"/quan-tri/bang-vang/de-xuat?ma={proposal}")
    diff = BeautifulSoup(page.text, "html.parser").select_one("pre.diff").text
    assert "+    decision: 15/QĐ-UBND\n" in diff
    answer = approver.post("/quan-tri/bang-vang/de-xuat/duyet", data=_review(approver, proposal))
    assert answer.status_code == 303, answer.text
    assert "decision: 15/QĐ-UBND" in _roll(room)
    assert _log(room, "-1").strip() == (
        "lan|Duyệt và đăng: Bảng vàng: sửa “Vườn rau sạch” (do minh gửi)"
    )
    assert room.newsroom.publisher.requests == ["lan"]
    assert not list((room.settings.content_path / ".portal/cho-duyet").iterdir())
    assert approver.get(f"/quan-tri/bang-vang/de-xuat?ma={proposal}").status_code == 404


def test_an_editor_cannot_approve_even_by_crafting_a_request(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    proposal = _propose(room, editor, so_quyet_dinh="1/QĐ")
    sent = _review(editor, proposal)
    assert "Duyệt và đăng" not in editor.get(f"/quan-tri/bang-vang/de-xuat?ma={proposal}").text
    for path in ("/quan-tri/bang-vang/de-xuat/duyet", "/quan-tri/bang-vang/de-xuat/tra-lai"):
        answer = editor.post(path, data={**sent, "nhan_xet": "tự duyệt"})
        assert answer.status_code == 403
    assert _roll(room) == ROLL
    assert room.newsroom.publisher.requests == []


def test_a_returned_change_is_dropped_and_its_comment_shown(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    proposal = _propose(room, editor, so_quyet_dinh="1/QĐ")
    approver = room.logged_in("lan", "approver")
    sent = _review(approver, proposal)
    assert approver.post("/quan-tri/bang-vang/de-xuat/tra-lai", data=sent).status_code == 400
    answer = approver.post(
        "/quan-tri/bang-vang/de-xuat/tra-lai", data={**sent, "nhan_xet": "Sai số quyết định."}
    )
    assert answer.status_code == 303
    assert _roll(room) == ROLL
    page = editor.get("/quan-tri/bang-vang/").text
    assert "Sai số quyết định." in page and f"de-xuat?ma={proposal}" not in page


def test_a_change_made_from_an_older_file_is_not_approved(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    proposal = _propose(room, editor, so_quyet_dinh="1/QĐ")
    approver = room.logged_in("lan", "approver")
    data = form_values(approver.get(EDIT).text)
    assert approver.post("/quan-tri/bang-vang/muc/luu", data={**data, "chuc_vu": "Tổ trưởng"})
    saved = _roll(room)
    answer = approver.post("/quan-tri/bang-vang/de-xuat/duyet", data=_review(approver, proposal))
    assert answer.status_code == 409
    assert "đã được sửa sau khi đề xuất này được gửi" in answer.text
    assert _roll(room) == saved


def test_an_editors_upload_waits_for_approval(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    answer = upload(room, editor, "a.csv", GOOD.encode())
    assert "Gửi duyệt" in answer.text and "Lưu và đăng" not in answer.text
    token = re.search(r'name="ma" value="([^"]+)"', answer.text)[1]
    sent = {"csrf_token": room.token(editor), "ma": token}
    assert editor.post("/quan-tri/bang-vang/tai-len/luu", data=sent).status_code == 303
    target = room.settings.content_path / "honours/2021-2025.csv"
    assert not target.exists()
    (proposal,) = room.newsroom.honour_proposals.all()
    approver = room.logged_in("lan", "approver")
    page = approver.get(f"/quan-tri/bang-vang/de-xuat?ma={proposal.id}")
    assert "Bữa sáng yêu thương" in page.text
    sent = _review(approver, proposal.id)
    assert approver.post("/quan-tri/bang-vang/de-xuat/duyet", data=sent).status_code == 303
    assert target.read_bytes() == GOOD.encode()
