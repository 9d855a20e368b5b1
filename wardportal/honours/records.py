"""Records: what a data file says, key by key, with the place of each value.

Every reader (YAML, CSV, XLSX) produces the same shape, so checking and building entries is
written once whatever format the officer chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wardportal.build_errors import ContentError
from wardportal.honours.labels import HONOURS, Schema
from wardportal.honours.places import Place


@dataclass
class Record:
    """One entry, or one stage of an entry's history, as written and before any checking.

    `values` is keyed by the canonical key names of the file's schema (labels.Schema);
    `spelled` keeps the name the officer wrote, so messages quote their own words back to them.
    """

    place: Place
    noun: str = "mục"  # "mục" for a YAML key, "cột" for a spreadsheet column
    values: dict[str, object] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)
    schema: Schema = HONOURS

    def where(self, key: str) -> Place:
        return self.places.get(key, self.place)

    def name(self, key: str) -> str:
        """ "mục “field”" or "cột “Lĩnh vực”": a key as the officer wrote it."""
        written = self.spelled.get(key) or (key if self.noun == "mục" else self.schema.label(key))
        return f"{self.noun} “{written}”"


@dataclass
class SourceData:
    """One data file: its records, its shared defaults and the problems found reading it."""

    place: Place
    records: list[Record] = field(default_factory=list)
    defaults: Record | None = None
    columns: set[str] | None = None  # keys that have a column (spreadsheets only)
    errors: list[ContentError] = field(default_factory=list)
