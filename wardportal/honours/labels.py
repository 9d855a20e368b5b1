"""The keys of an honour entry and the Vietnamese column labels a spreadsheet may use.

Officers keep honour rolls in Excel with headings such as "Tên mô hình" or "Cấp công nhận";
any of them, in any case, tone placement or spacing, names the same key as in docs/honours.md.
"""

from __future__ import annotations

from wardportal.datafiles.labels import Key, Schema

KEYS: tuple[Key, ...] = (
    Key("title", "Tên", True, ("Tên mô hình", "Tên điển hình", "Tên mô hình, điển hình")),
    Key("kind", "Loại", True, ("Loại hình", "Mô hình/Điển hình")),
    Key(
        "holder",
        "Đơn vị/Cá nhân",
        True,
        ("Đơn vị", "Cá nhân", "Tập thể/Cá nhân", "Họ và tên", "Chủ thể"),
    ),
    Key("holder_role", "Chức vụ", False, ("Chức danh",)),
    Key("field", "Lĩnh vực", True),
    Key("period", "Giai đoạn", False),
    Key("status", "Trạng thái", True),
    Key("level", "Cấp", True, ("Cấp công nhận",)),
    Key("decision", "Số quyết định", False, ("Quyết định", "Số QĐ")),
    Key("date", "Ngày", False, ("Ngày quyết định", "Ngày công nhận")),
    Key("summary", "Tóm tắt", False, ("Nội dung",)),
    Key("photo", "Ảnh", False, ("Hình ảnh",)),
    Key("articles", "Bài viết", False, ("Bài viết liên quan", "Tin liên quan")),
    Key("slug", "Slug", False, ("Mã",)),
    Key("campaign", "Phong trào", False),
    Key("history", "Quá trình", False, ("Lịch sử",)),
)
SCHEMA = Schema(
    KEYS,
    item="mô hình, điển hình",
    what="Bảng vàng",
    guide="docs/honours.md",
    file_keys=("campaign", "period"),
)
BY_NAME = SCHEMA.by_name
REQUIRED = SCHEMA.required
key_for = SCHEMA.key_for
nearest_key = SCHEMA.nearest_key
