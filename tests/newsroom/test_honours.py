"""The honour roll in the newsroom: by period, one entry's form, written as an officer writes
YAML, checked whole before anything is saved, committed and published by an approver."""

from __future__ import annotations

from bs4 import BeautifulSoup

from wardportal.datafiles.places import Place
from wardportal.datafiles.yaml_source import read_yaml
from wardportal.honours.labels import SCHEMA

from .conftest import Room, content_git, foreign_scripts
from .helpers import ROLL, form_values, roll_room


def test_the_roll_is_listed_by_period_with_each_entrys_file(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("minh", "editor")
    page = client.get("/quan-tri/bang-vang/?giai-doan=2016-2018")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("h2").get_text(" ", strip=True).startswith("Giai đoạn 2016–2018")
    rows = [row.find("td").get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert rows == ["Giữ phố sạch Xem trên trang web", "Vườn rau sạch Xem trên trang web"]
    assert "thay đổi của bạn được gửi duyệt" in page.text  # an editor's save waits
    assert soup.select_one("nav a[href='/quan-tri/bang-vang/']").text == "Bảng vàng"


def test_an_edit_changes_only_the_entrys_lines_and_is_committed(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    page = client.get("/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=6")
    assert page.status_code == 200, page.text
    data = form_values(page.text)
    assert data["ten"] == "Vườn rau sạch" and data["linh_vuc"] == "Phát triển kinh tế"
    data.update(ten="Vườn rau: sạch # mới", chuc_vu="", tom_tat="Một.\nHai **đậm**.")
    answer = client.post("/quan-tri/bang-vang/muc/luu", data=data)
    assert answer.status_code == 303, answer.text
    text = (room.settings.content_path / "honours" / "2016-2018.yaml").read_text()
    expected = ROLL.replace(
        "  - title: Vườn rau sạch\n",
        '  - title: "Vườn rau: sạch # mới"\n',
    ).replace(
        "    level: phường\n\n",
        "    level: phường\n    summary: |\n      Một.\n      Hai **đậm**.\n\n",
    )
    assert text == expected
    records = read_yaml(
        room.settings.content_path / "honours/2016-2018.yaml", Place("x"), SCHEMA
    ).records
    assert records[0].values["title"] == "Vườn rau: sạch # mới"
    log = content_git(room, "log", "-1", "--format=%an|%s")
    assert log.strip() == "lan|Bảng vàng: sửa “Vườn rau: sạch # mới”"
    assert room.newsroom.publisher.requests == ["lan"]


def _new_entry(client, period: str = "2016-2018", **values):
    page = client.get(f"/quan-tri/bang-vang/muc/moi?giai-doan={period}")
    assert page.status_code == 200, page.text
    data = form_values(page.text)
    data.update({"ten": "Đèn sáng ngõ nhỏ", "don_vi": "Chi hội Phụ nữ tổ 5", **values})
    return client.post("/quan-tri/bang-vang/muc/luu", data=data)


def test_a_new_entry_goes_to_its_periods_file_or_a_new_one(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    page = client.get("/quan-tri/bang-vang/muc/moi")
    soup = BeautifulSoup(page.text, "html.parser")
    options = [option.text for option in soup.select("#linh_vuc option")]
    assert options == list(room.newsroom.honours.config.fields)
    assert [option.text for option in soup.select("#loai option")] == ["mô hình", "điển hình"]

    answer = _new_entry(client, ngay="2017-05-10", so_quyet_dinh="15/QĐ-UBND")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("?giai-doan=2016-2018&da-luu=1")
    text = (room.settings.content_path / "honours/2016-2018.yaml").read_text()
    assert text == ROLL + (
        "  - title: Đèn sáng ngõ nhỏ\n    kind: mô hình\n    holder: Chi hội Phụ nữ tổ 5\n"
        "    field: Phát triển kinh tế\n    status: đăng ký\n    level: phường\n"
        "    decision: 15/QĐ-UBND\n    date: 2017-05-10\n"
    )

    answer = _new_entry(client, "2021-2025", giai_doan="2021 - 2025")
    assert answer.status_code == 303, answer.text
    created = (room.settings.content_path / "honours/2021-2025.yaml").read_text()
    assert created.splitlines()[1:5] == [
        "campaign: Dân vận khéo",
        "period: 2021-2025",
        "entries:",
        "  - title: Đèn sáng ngõ nhỏ",
    ]
    page = client.get(answer.headers["location"])
    assert "Đèn sáng ngõ nhỏ" in page.text and "Đã lưu." in page.text
    assert content_git(room, "log", "-1", "--format=%s").strip() == (
        "Bảng vàng: thêm “Đèn sáng ngõ nhỏ” (2021-2025)"
    )


def test_an_entry_the_roll_refuses_is_not_written(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    before = content_git(room, "log", "--format=%H")
    answer = _new_entry(client, ngay="31/02/2017")
    assert answer.status_code == 422
    errors = [item.text for item in BeautifulSoup(answer.text, "html.parser").select(".error li")]
    assert errors == [
        "content/honours/2016-2018.yaml, dòng 29: mục “date”: ngày “31/02/2017” không có thật"
        " (ngày 31 tháng 2 năm 2017). Hãy kiểm tra lại ngày và tháng."
    ]
    answer = _new_entry(client, ten="Giữ phố sạch")
    assert answer.status_code == 422
    assert "trùng đường dẫn" in answer.text
    assert form_values(answer.text)["ten"] == "Giữ phố sạch"  # nothing typed is lost
    assert (room.settings.content_path / "honours/2016-2018.yaml").read_text() == ROLL
    assert content_git(room, "log", "--format=%H") == before
    assert room.newsroom.publisher.requests == []


def test_a_save_from_an_older_version_is_refused_and_keeps_the_text(site_room: Room) -> None:
    room = roll_room(site_room)
    first = room.logged_in("lan", "approver")
    second = room.logged_in("hoa", "admin")
    url = "/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=6"
    mine, theirs = form_values(first.get(url).text), form_values(second.get(url).text)
    assert first.post("/quan-tri/bang-vang/muc/luu", data={**mine, "so_quyet_dinh": "1/QĐ"})
    saved = (room.settings.content_path / "honours/2016-2018.yaml").read_text()
    answer = second.post("/quan-tri/bang-vang/muc/luu", data={**theirs, "so_quyet_dinh": "2/QĐ"})
    assert answer.status_code == 409
    assert "vừa được người khác sửa" in answer.text
    again = form_values(answer.text)
    assert again["so_quyet_dinh"] == "2/QĐ"
    assert (room.settings.content_path / "honours/2016-2018.yaml").read_text() == saved
    answer = second.post("/quan-tri/bang-vang/muc/luu", data=again)  # merged: accepted
    assert answer.status_code == 303
    assert "decision: 2/QĐ" in (room.settings.content_path / "honours/2016-2018.yaml").read_text()


def test_an_entry_with_a_history_keeps_it(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    page = client.get("/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=13")
    data = form_values(page.text)
    assert "trang_thai" not in data and data["tom_tat"] == "Dòng một.\nDòng hai."
    answer = client.post("/quan-tri/bang-vang/muc/luu", data={**data, "don_vi": "Nguyễn Văn Ân"})
    assert answer.status_code == 303, answer.text
    text = (room.settings.content_path / "honours/2016-2018.yaml").read_text()
    assert text == ROLL.replace("Nguyễn Văn An", "Nguyễn Văn Ân")


def test_an_editors_save_never_reaches_the_roll_or_the_build(site_room: Room) -> None:
    room = roll_room(site_room)
    editor = room.logged_in("minh", "editor")
    data = form_values(editor.get("/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=6").text)
    assert "Gửi duyệt" in editor.get("/quan-tri/bang-vang/muc/moi").text
    for crafted in ({}, {"hanh_dong": "duyet"}, {"publish": "1"}):
        answer = editor.post("/quan-tri/bang-vang/muc/luu", data={**data, **crafted, "ten": "Đổi"})
        assert answer.status_code == 303
        assert "da-gui=1" in answer.headers["location"]
    assert (room.settings.content_path / "honours/2016-2018.yaml").read_text() == ROLL
    assert room.newsroom.publisher.requests == []
    assert len(room.newsroom.honour_proposals.all()) == 3


def test_roll_forms_without_the_csrf_token_are_refused(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    data = form_values(client.get("/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=6").text)
    for token in (None, "gia-mao"):
        sent = {**data, "ten": "Đổi"}
        sent.pop("csrf_token")
        if token:
            sent["csrf_token"] = token
        for path in ("/quan-tri/bang-vang/muc/luu", "/quan-tri/bang-vang/tai-len/luu"):
            assert client.post(path, data=sent).status_code == 403
    files = {"tep": ("a.csv", b"x", "text/csv")}
    answer = client.post("/quan-tri/bang-vang/tai-len", data={"giai_doan": "2016"}, files=files)
    assert answer.status_code == 403
    assert (room.settings.content_path / "honours/2016-2018.yaml").read_text() == ROLL


def test_html_typed_into_an_entry_is_shown_never_run(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("lan", "approver")
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    assert _new_entry(client, ten=hostile).status_code == 303
    pages = [
        "/quan-tri/bang-vang/",
        "/quan-tri/bang-vang/muc/moi",
        "/quan-tri/bang-vang/muc/sua?tep=2016-2018.yaml&dong=23",
        "/quan-tri/bang-vang/tai-len",
        "/quan-tri/bang-vang/lich-su?tep=2016-2018.yaml",
    ]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        soup = BeautifulSoup(page.text, "html.parser")
        assert foreign_scripts(soup) == [], path
        assert soup.find("img") is None, path
    assert hostile in BeautifulSoup(client.get(pages[0]).text, "html.parser").get_text()
