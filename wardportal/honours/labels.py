"""The keys of a data file's entries and the Vietnamese column labels a spreadsheet may use.

Officers keep their lists in Excel with headings such as "Tên mô hình" or "Cấp công nhận";
any of them, in any case, tone placement or spacing, names the same key as in the docs. A
`Schema` says which keys one kind of list has (the honour roll's, the contact directory's) and
how its messages name an entry; the readers (yaml_source, table_source) take one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from wardportal.vntext import vocabulary_key


@dataclass(frozen=True)
class Key:
    """One key of an entry: its name in YAML, its main Vietnamese label and other headings."""

    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


def _spelling(spelled: object) -> str:
    return vocabulary_key(str(spelled).replace("_", " "))


@dataclass(frozen=True)
class Schema:
    """The keys of one kind of data file and the words its messages use.

    `name` names the list ("bảng vàng", "danh bạ"), `entry` one entry in messages ("mô hình,
    điển hình", "cán bộ"); `file_keys` are the keys a YAML file may set once at its top for
    all entries; `docs` is the page with the template the hints send the officer to.
    """

    keys: tuple[Key, ...]
    name: str
    entry: str
    docs: str
    file_keys: tuple[str, ...] = ()
    lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {}
        for key in self.keys:
            for spelling in (key.name, key.label, *key.aliases):
                lookup[_spelling(spelling)] = key.name
        object.__setattr__(self, "lookup", lookup)

    @property
    def first(self) -> str:
        """The key each YAML entry starts with in the template ("- title: …")."""
        return self.keys[0].name

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)

    def label(self, name: str) -> str:
        return next(key.label for key in self.keys if key.name == name)

    def key_for(self, spelled: object) -> str | None:
        """The key a heading or YAML key names ("Lĩnh vực", "lĩnh  vực", "field"), or None."""
        if spelled is None:
            return None
        return self.lookup.get(_spelling(spelled))

    def nearest_key(self, spelled: str) -> str | None:
        """The key a mistyped name most likely meant ("feild" → field), to suggest as a fix."""
        close = difflib.get_close_matches(_spelling(spelled), self.lookup, n=1, cutoff=0.6)
        return self.lookup[close[0]] if close else None


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
HONOURS = Schema(KEYS, "bảng vàng", "mô hình, điển hình", "docs/honours.md", ("campaign", "period"))
BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
REQUIRED: tuple[str, ...] = HONOURS.required
key_for = HONOURS.key_for
nearest_key = HONOURS.nearest_key


def described(name: str) -> str:
    """ "field (Lĩnh vực)": a key as both an officer and the YAML template know it."""
    return f"{name} ({BY_NAME[name].label})"
