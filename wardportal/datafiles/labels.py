"""The keys of one kind of data file, and the Vietnamese headings a spreadsheet may use.

Officers keep lists in Excel with headings of their own ("Tên mô hình", "Số ký hiệu"); any of
them, in any case, tone placement or spacing, names the same key. A Schema also says how the
files of its kind are talked about in messages (what one item is called, which guide to read).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from wardportal.vntext import vocabulary_key


@dataclass(frozen=True)
class Key:
    """One key of an item: its name in YAML, its main Vietnamese label and other headings."""

    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


class Schema:
    """The keys of one kind of data file and the words its messages use.

    `item` names what one row is ("mô hình, điển hình", "văn bản"), `what` the section that
    reads the files ("Bảng vàng"), `guide` the document with the file format, `file_keys` the
    keys a YAML file may set once at its top for all its items.
    """

    def __init__(
        self,
        keys: Sequence[Key],
        *,
        item: str,
        what: str,
        guide: str,
        file_keys: tuple[str, ...] = (),
    ) -> None:
        self.keys = tuple(keys)
        self.item = item
        self.what = what
        self.guide = guide
        self.file_keys = file_keys
        self.first = self.keys[0].name
        self.by_name: dict[str, Key] = {key.name: key for key in self.keys}
        self.required: tuple[str, ...] = tuple(key.name for key in self.keys if key.required)
        self._lookup: dict[str, str] = {}
        for key in self.keys:
            for spelling in (key.name, key.label, *key.aliases):
                self._lookup[vocabulary_key(spelling.replace("_", " "))] = key.name

    def key_for(self, spelled: object) -> str | None:
        """The key a heading or YAML key names ("Lĩnh vực", "lĩnh  vực", "field"), or None."""
        if spelled is None:
            return None
        return self._lookup.get(vocabulary_key(str(spelled).replace("_", " ")))

    def label(self, name: str) -> str:
        return self.by_name[name].label

    def nearest_key(self, spelled: str) -> str | None:
        """The key a mistyped name most likely meant ("feild" → field), to suggest as a fix."""
        wanted = vocabulary_key(spelled.replace("_", " "))
        close = difflib.get_close_matches(wanted, self._lookup, n=1, cutoff=0.6)
        return self._lookup[close[0]] if close else None
