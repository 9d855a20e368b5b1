"""Summary tables of a period: counts by field × kind and by status × level, with totals.

Rows and columns follow the settings' order and include zero counts, so every period's
table has the same shape and a reader can compare them at a glance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wardportal.honours.config import RollConfig
    from wardportal.honours.model import Entry


@dataclass(frozen=True)
class CountRow:
    label: str
    heading: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class CountTable:
    """A two-way count with row and column totals, ready for an accessible HTML table."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[CountRow, ...]
    column_totals: tuple[int, ...]
    total: int

    def row(self, label: str) -> CountRow:
        return next(row for row in self.rows if row.label == label)


def count_table(
    entries: Sequence[Entry],
    rows: Sequence[str],
    columns: Sequence[str],
    row_of: Callable[[Entry], str],
    column_of: Callable[[Entry], str],
    caption: str,
    corner: str,
    row_heading: Callable[[str], str] = str,
    column_heading: Callable[[str], str] = str,
) -> CountTable:
    """Count entries into rows × columns (values in the given order, shown by the headings)."""
    counts = Counter((row_of(entry), column_of(entry)) for entry in entries)
    table_rows = []
    for label in rows:
        cells = tuple(counts[(label, column)] for column in columns)
        table_rows.append(CountRow(label, row_heading(label), cells, sum(cells)))
    column_totals = tuple(sum(row.counts[i] for row in table_rows) for i in range(len(columns)))
    return CountTable(
        caption,
        corner,
        tuple(columns),
        tuple(column_heading(column) for column in columns),
        tuple(table_rows),
        column_totals,
        sum(column_totals),
    )


def capfirst(text: str) -> str:
    """ "mô hình" → "Mô hình" (Jinja's capitalize would also lower the rest)."""
    return text[:1].upper() + text[1:]


def field_kind_table(entries: Sequence[Entry], config: RollConfig) -> CountTable:
    return count_table(
        entries,
        list(config.fields),
        list(config.kinds),
        lambda entry: entry.field,
        lambda entry: entry.kind,
        "Số mô hình, điển hình theo lĩnh vực",
        "Lĩnh vực",
        column_heading=capfirst,
    )


def status_level_table(entries: Sequence[Entry], config: RollConfig) -> CountTable:
    return count_table(
        entries,
        list(config.statuses),
        list(config.levels),
        lambda entry: entry.status,
        lambda entry: entry.level,
        "Số mô hình, điển hình theo trạng thái và cấp",
        "Trạng thái",
        row_heading=capfirst,
        column_heading=lambda level: f"Cấp {level}",
    )
