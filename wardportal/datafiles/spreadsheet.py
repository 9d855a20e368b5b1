"""Cells of exported CSV files that a spreadsheet shows as text, never runs as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is run as a formula by Excel and LibreOffice
# (=HYPERLINK(…) in a downloaded open-data file): OWASP's "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A cell a spreadsheet shows as the text it is: a leading formula character gets a ' first.

    Excel hides that apostrophe and keeps the text; the data readers remove it again
    (text_from_spreadsheet), so an exported file can be put back in content/ as it is.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def text_from_spreadsheet(value: str) -> str:
    """The text spreadsheet_text protected, as it was."""
    return value[1:] if value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS else value


def csv_with_bom(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text (comma, CRLF) starting with a BOM, so Excel reads it as UTF-8; every cell
    protected by spreadsheet_text. Write it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow([spreadsheet_text(cell) for cell in cells])
    return "\ufeff" + buffer.getvalue()
