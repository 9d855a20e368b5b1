"""Where a value was written, so every error can send the officer to the right spot.

Text files (YAML, CSV) are addressed by line ("dòng"), spreadsheets by row ("hàng") and
cell ("ô C5"), the words Vietnamese editors use in their own programs.
"""

from __future__ import annotations

from dataclasses import dataclass

from wardportal.build_errors import ContentError


@dataclass(frozen=True)
class Place:
    """A file as the officer sees it, and optionally a line or row in it."""

    path: str
    line: int | None = None
    spreadsheet: bool = False
    cell: str = ""

    def at(self, line: int | None, cell: str = "") -> Place:
        # Called for every value read: plain construction, not dataclasses.replace (5× slower).
        return Place(self.path, line, self.spreadsheet, cell)

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        where = f"{self.path}, {'hàng' if self.spreadsheet else 'dòng'} {self.line}"
        return f"{where}, ô {self.cell}" if self.cell else where

    def error(self, problem: str, hint: str = "") -> ContentError:
        """A build error at this place; `problem` and `hint` are Vietnamese, no final stop."""
        if self.spreadsheet:
            return ContentError(str(self), problem, hint)
        return ContentError(self.path, problem, hint, self.line)
