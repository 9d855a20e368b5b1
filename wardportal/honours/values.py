"""Reading one record's values: text, vocabulary words and dates, each error with its place.

Errors are collected, not raised, so one build reports every mistake of every entry.
"""

from __future__ import annotations

import datetime as dt

from wardportal.build_errors import ContentError
from wardportal.honours.records import Record
from wardportal.honours.vocabulary import Vocabulary
from wardportal.vndates import DateFormatError, parse_date
from wardportal.vntext import clean


class ValueReader:
    """Typed access to a record's values; problems go to `errors`."""

    def __init__(self, record: Record, errors: list[ContentError]) -> None:
        self.record = record
        self.errors = errors

    def has(self, key: str) -> bool:
        return self.record.values.get(key) not in (None, "", [])

    def text(self, key: str, required: bool = False) -> str:
        """The value as one clean line of text ("" when absent; see vntext.clean)."""
        value = self.record.values.get(key)
        if isinstance(value, list | Record):
            self.fail(key, f"{self.record.name(key)} phải là một dòng chữ", "Hãy ghi một giá trị")
            return ""
        text = "" if value is None else clean(str(value)).strip()
        if not text and required:
            self.missing(key)
        return text

    def choice(self, key: str, vocabulary: Vocabulary, required: bool = True) -> str:
        """A vocabulary value in the settings' spelling, whatever the spelling typed."""
        typed = self.text(key, required)
        if not typed:
            return ""
        canonical = vocabulary.canonical(typed)
        if canonical is None:
            self.fail(
                key,
                f"{self.record.name(key)} có giá trị “{typed}” không nằm trong danh sách",
                vocabulary.advice(typed),
            )
            return ""
        return canonical

    def date(self, key: str, required: bool = False) -> dt.date | None:
        """A date typed day first or ISO, or one Excel stored as a date."""
        value = self.record.values.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        typed = self.text(key, required)
        if not typed:
            return None
        try:
            return parse_date(typed).date()
        except DateFormatError as error:
            self.fail(key, f"{self.record.name(key)}: {error}")
            return None

    def missing(self, key: str) -> None:
        label = self.record.schema.label(key)
        if self.record.noun == "cột":
            self.fail(key, f"ô ở cột “{label}” còn trống", "Hãy điền ô này")
        else:
            self.errors.append(
                self.record.place.error(
                    f"thiếu mục “{key}” ({label})",
                    f"Hãy thêm một dòng “{key}: …” vào mục bắt đầu ở dòng {self.record.place.line}",
                )
            )

    def fail(self, key: str, problem: str, hint: str = "") -> None:
        self.errors.append(self.record.where(key).error(problem, hint))
