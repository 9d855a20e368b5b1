"""A spreadsheet uploaded for a period: every error with its cell before anything is saved,
then "Lưu và đăng"; every hostile file refused in Vietnamese with nothing written."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from openpyxl import Workbook

from .conftest import Room
from .helpers import BAD, GOOD, PHP, FakePublisher, files_outside_var, upload


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload_room(site_room: Room) -> Room:
    site_room.newsroom.publisher = FakePublisher(site_room.newsroom.publisher)
    return site_room


def errors_of(html: str) -> list[str]:
    return [item.get_text() for item in BeautifulSoup(html, "html.parser").select(".error li")]


def _log(room: Room) -> str:
    return subprocess.run(
        ["git", "-C", str(room.settings.content_path), "log", "--format=%an|%s", "--name-status"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_every_bad_cell_is_shown_then_the_fixed_file_is_saved(site_room: Room) -> None:
    room = upload_room(site_room)
    client = room.logged_in("lan", "approver")
    log = _log(room)
    answer = upload(room, client, "bang vang 2021.csv", BAD.encode())
    assert answer.status_code == 422
    errors = errors_of(answer.text)
    assert len(errors) == 2, errors
    assert errors[0].startswith("content/honours/2021-2025.csv, dòng 2: cột “Lĩnh vực”")
    assert errors[1].startswith("content/honours/2021-2025.csv, dòng 3: cột “Cấp”")
    assert "Lưu và đăng" not in answer.text
    assert not (room.settings.content_path / "honours/2021-2025.csv").exists()
    assert _log(room) == log

    answer = upload(room, client, "bang vang 2021.csv", GOOD.encode())
    assert answer.status_code == 200, errors_of(answer.text)
    assert "Tệp không có lỗi: 2 mục" in answer.text
    assert not (room.settings.content_path / "honours/2021-2025.csv").exists()
    soup = BeautifulSoup(answer.text, "html.parser")
    form = soup.select_one("form[action$='/bang-vang/tai-len/luu']")
    sent = {field["name"]: field["value"] for field in form.find_all("input")}
    saved = client.post("/quan-tri/bang-vang/tai-len/luu", data=sent)
    assert saved.status_code == 303
    assert (room.settings.content_path / "honours/2021-2025.csv").read_bytes() == GOOD.encode()
    assert _log(room).startswith(
        "lan|Bảng vàng: tải lên giai đoạn 2021–2025 (2 mục)\n\nA\thonours/2021-2025.csv\n"
    )
    assert room.newsroom.publisher.requests == ["lan"]
    page = client.get(saved.headers["location"])
    assert "Bữa sáng yêu thương" in page.text
    again = client.post("/quan-tri/bang-vang/tai-len/luu", data=sent)  # used once only
    assert again.status_code == 404


def test_an_excel_error_names_its_cell_and_an_upload_replaces_the_periods_sheet(
    site_room: Room,
) -> None:
    room = upload_room(site_room)
    honours = room.settings.content_path / "honours"
    rows = [line.split(",") for line in GOOD.splitlines()]
    (honours / "2021-2025.xlsx").write_bytes(workbook(rows))
    room.newsroom.honours.history.commit(honours / "2021-2025.xlsx", "lan", "Bảng vàng", 0)
    client = room.logged_in("lan", "approver")
    bad = [row[:] for row in rows]
    bad[2][3] = "y tế"
    answer = upload(room, client, "Bảng vàng.xlsx", workbook(bad))
    assert answer.status_code == 422
    assert errors_of(answer.text)[0].startswith(
        "content/honours/2021-2025.xlsx, hàng 3, ô D3: cột “Lĩnh vực”"
    )
    answer = upload(room, client, "moi.csv", GOOD.replace("Bữa sáng", "Cơm trưa").encode())
    assert answer.status_code == 200
    assert "thay cho" in answer.text and "2021-2025.xlsx" in answer.text
    token = re.search(r'name="ma" value="([^"]+)"', answer.text)[1]
    sent = {"csrf_token": room.token(client), "ma": token}
    assert client.post("/quan-tri/bang-vang/tai-len/luu", data=sent).status_code == 303
    assert not (honours / "2021-2025.xlsx").exists()
    assert "D\thonours/2021-2025.xlsx" in _log(room).split("\n\n")[1]


def test_a_checked_file_is_its_senders_only(site_room: Room) -> None:
    room = upload_room(site_room)
    editor = room.logged_in("minh", "editor")
    answer = upload(room, editor, "a.csv", GOOD.encode())
    assert answer.status_code == 200
    assert "Tệp không có lỗi" in answer.text and "Gửi duyệt" in answer.text
    approver = room.logged_in("lan", "approver")
    mine = upload(room, approver, "a.csv", GOOD.encode())
    assert "Lưu và đăng" in mine.text
    token = re.search(r'name="ma" value="([^"]+)"', mine.text)[1]
    for other in (editor, room.logged_in("hoa", "admin")):
        sent = {"csrf_token": room.token(other), "ma": token}
        assert other.post("/quan-tri/bang-vang/tai-len/luu", data=sent).status_code == 404
    assert not (room.settings.content_path / "honours/2021-2025.csv").exists()


def test_ten_thousand_rows_are_fine(site_room: Room) -> None:
    room = upload_room(site_room)
    client = room.logged_in("lan", "approver")
    rows = [GOOD.splitlines()[0].split(",")] + [
        [f"Mô hình số {number}", "mô hình", f"Tổ {number}", "Văn hoá - xã hội", "đăng ký", "phường"]
        for number in range(10_000)
    ]
    answer = upload(room, client, "lon.xlsx", workbook(rows))
    assert answer.status_code == 200, errors_of(answer.text)[:3]
    assert "Tệp không có lỗi: 10000 mục" in answer.text


HOSTILE = [
    pytest.param("bang.xlsx", PHP, 400, "Chỉ nhận tệp Excel", id="php-renamed-xlsx"),
    pytest.param("bang.txt", GOOD.encode(), 400, "Chỉ nhận tệp Excel", id="txt"),
    pytest.param("../../bang.csv", GOOD.encode(), 400, "Tên tệp", id="path-name"),
    pytest.param("bang.csv", b"\x00" * (50 * 1024 * 1024), 413, "quá lớn", id="50MB"),
]


@pytest.mark.parametrize(("name", "data", "status", "message"), HOSTILE)
def test_hostile_uploads_are_refused_and_nothing_is_written(
    site_room: Room, name: str, data: bytes, status: int, message: str
) -> None:
    room = upload_room(site_room)
    client = room.logged_in("lan", "approver")
    before = files_outside_var(room.settings.project)
    answer = upload(room, client, name, data)
    assert answer.status_code == status
    assert message in answer.text
    assert files_outside_var(room.settings.project) == before
    assert not (room.settings.database_path.parent / "bang-vang-tai-len").exists()


def test_formula_cells_are_refused_with_their_cell(site_room: Room) -> None:
    room = upload_room(site_room)
    client = room.logged_in("lan", "approver")
    rows = [line.split(",") for line in GOOD.splitlines()]
    rows[1][2] = '=HYPERLINK("http://x.invalid","Bấm")'
    answer = upload(room, client, "a.xlsx", workbook(rows))
    assert answer.status_code == 422
    assert errors_of(answer.text)[0].startswith(
        "content/honours/2021-2025.xlsx, hàng 2, ô C2: ô có công thức"
    )
    answer = upload(room, client, "a.csv", GOOD.replace("Trần Thị Bình", "=1+1").encode())
    assert answer.status_code == 422
    assert errors_of(answer.text)[0].startswith("content/honours/2021-2025.csv, dòng 3:")
    assert not list((room.settings.content_path / "honours").iterdir())
