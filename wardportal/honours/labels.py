"""The keys of an honour entry and the Vietnamese column labels a spreadsheet may use.

Officers keep honour rolls in Excel with headings such as "Tên mô hình" or "Cấp công nhận";
any of them, in any case, tone placement or spacing, names the same key as in docs/honours.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from wardportal.vntext import vocabulary_key


@dataclass(frozen=True)
class Key:
    """One key of an entry: its name in YAML, its main Vietnamese label and other headings."""

    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


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
BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
REQUIRED: tuple[str, ...] = tuple(key.name for key in KEYS if key.required)

_LOOKUP: dict[str, str] = {}
for _key in KEYS:
    for _spelling in (_key.name, _key.label, *_key.aliases):
        _LOOKUP[vocabulary_key(_spelling.replace("_", " "))] = _key.name


def key_for(spelled: object) -> str | None:
    """The key a heading or YAML key names ("Lĩnh vực", "lĩnh  vực", "field"), or None."""
    if spelled is None:
        return None
    return _LOOKUP.get(vocabulary_key(str(spelled).replace("_", " ")))


def described(name: str) -> str:
    """ "field (Lĩnh vực)": a key as both an officer and the YAML template know it."""
    return f"{name} ({BY_NAME[name].label})"


def nearest_key(spelled: str) -> str | None:
    """The key a mistyped name most likely meant ("feild" → field), to suggest as a fix."""
    wanted = vocabulary_key(spelled.replace("_", " "))
    close = difflib.get_close_matches(wanted, _LOOKUP, n=1, cutoff=0.6)
    return _LOOKUP[close[0]] if close else None
