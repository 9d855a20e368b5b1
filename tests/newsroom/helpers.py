"""Helpers the newsroom's tests share: a hand-written roll, spreadsheets to upload, a
publisher that only records requests, and hostile files."""

from __future__ import annotations

from pathlib import Path

from .conftest import Room, page_form_values

PHP = b"<?php system($_GET['c']); ?>"


def files_outside_var(root: Path) -> set[Path]:
    """Every file under the test's folder but the database (whose rows change)."""
    return {
        path
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.parts and "var" not in path.parts
    }


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


def form_values(html: str) -> dict:
    """The fields of the roll's entry form as a browser would send them."""
    return page_form_values(html, "form[action$='/bang-vang/muc/luu']")


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


HEADER = "Tên,Loại,Đơn vị/Cá nhân,Lĩnh vực,Trạng thái,Cấp\n"
GOOD = (
    HEADER
    + "Sân chơi cho thiếu nhi,mô hình,Đoàn Thanh niên phường,Văn hoá - xã hội,công nhận,phường\n"
    + "Bữa sáng yêu thương,điển hình,Trần Thị Bình,văn hoá xã hội,đăng ký,phường\n"
)
# Two bad cells: a field outside the list (row 2) and a level outside the list (row 3).
BAD = GOOD.replace("Văn hoá - xã hội,công nhận", "Văn hoá,công nhận").replace(
    "đăng ký,phường\n", "đăng ký,quận\n"
)


def upload(room: Room, client, name: str, data: bytes, period: str = "2021-2025"):
    token = room.token(client, "/quan-tri/bang-vang/tai-len")
    return client.post(
        "/quan-tri/bang-vang/tai-len",
        data={"csrf_token": token, "giai_doan": period},
        files={"tep": (name, data, "application/octet-stream")},
    )
