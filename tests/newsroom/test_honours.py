"""The honour roll in the newsroom: by period, one entry's form, written as an officer writes
YAML, checked whole before anything is saved, committed and published by an approver."""

from __future__ import annotations

import subprocess

import yaml
from bs4 import BeautifulSoup

from wardportal.honours.yaml_source import read_yaml
from wardportal.honours.places import Place

from .conftest import Room

ROLL = """\
# Danh sách giai đoạn 2016 - 2018, ghi bằng tay.
campaign: Dân vận khéo
period: 2016 - 2018
entries:
  # --- Kinh tế ---
  - title: Vườn rau sạch
    kind: mô hình
    holder: Tổ dân phố 3
    field: phát triển kinh tế
    status: đăng ký
    level: phường

  - title: Giữ phố sạch
    slug: giu-pho-sach
    kind: điển hình
    holder: Nguyễn Văn An
    field: văn hoá - xã hội
    summary: |
      Dòng một.
      Dòng hai.
    history:
      - {date: 2017-03-15, status: đăng ký, level: phường}
"""


def _git(room: Room, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(room.settings.content_path), *args],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def form_values(html: str, selector: str = "form[action$='/bang-vang/muc/luu']") -> dict:
    """The fields of the page's form as a browser would send them."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.text)
        else:
            data[name] = field.get("value", "")
    return data


class FakePublisher:
    """Records build requests instead of building (the real build is tested with articles)."""

    def __init__(self, real) -> None:
        self.requests: list[str] = []
        self.status = real.status

    def request(self, account: str) -> None:
        self.requests.append(account)


def roll_room(site_room: Room) -> Room:
    (site_room.settings.content_path / "honours" / "2016-2018.yaml").write_text(
        ROLL, encoding="utf-8"
    )
    site_room.newsroom.publisher = FakePublisher(site_room.newsroom.publisher)
    return site_room


def test_the_roll_is_listed_by_period_with_each_entrys_file(site_room: Room) -> None:
    room = roll_room(site_room)
    client = room.logged_in("minh", "editor")
    page = client.get("/quan-tri/bang-vang/?giai-doan=2016-2018")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("h2").get_text(" ", strip=True).startswith("Giai đoạn 2016–2018")
    rows = [row.find("td").get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert rows == ["Giữ phố sạch Xem trên trang web", "Vườn rau sạch Xem trên trang web"]
    assert "Thêm mục" not in page.text  # an editor cannot save the roll
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
    records = read_yaml(room.settings.content_path / "honours/2016-2018.yaml", Place("x")).records
    assert records[0].values["title"] == "Vườn rau: sạch # mới"
    log = _git(room, "log", "-1", "--format=%an|%s")
    assert log.strip() == "lan|Bảng vàng: sửa “Vườn rau: sạch # mới”"
    assert room.newsroom.publisher.requests == ["lan"]
