"""The keys of one official in the contact directory and the headings a spreadsheet may use."""

from __future__ import annotations

from wardportal.datafiles.labels import Key, Schema

KEYS: tuple[Key, ...] = (
    Key("name", "Họ và tên", True, ("Họ tên", "Tên", "Cán bộ")),
    Key("position", "Chức vụ", True, ("Chức danh",)),
    Key("unit", "Đơn vị", True, ("Cơ quan", "Bộ phận", "Phòng ban")),
    Key("phone", "Điện thoại", False, ("Số điện thoại", "Điện thoại công vụ", "SĐT")),
    Key("email", "Thư điện tử", False, ("Email", "E-mail", "Thư công vụ", "Hộp thư")),
    Key("position_en", "Chức vụ tiếng Anh", False, ("Chức vụ (tiếng Anh)",)),
    Key("unit_en", "Đơn vị tiếng Anh", False, ("Đơn vị (tiếng Anh)",)),
)
CONTACTS = Schema(KEYS, item="cán bộ", what="Danh bạ", guide="docs/legal.md")
