"""Read honour rolls kept as spreadsheets: CSV (as Excel saves it) and XLSX.

One row per entry under a header row of keys or Vietnamese labels ("Tên", "Lĩnh vực", …).
Columns the roll does not know (a "Ghi chú" column, say) are left alone; a missing required
column is one error at the header, not one per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.honours.export import text_from_spreadsheet
from wardportal.honours.files import empty_file, read_text
from wardportal.honours.labels import BY_NAME, REQUIRED, key_for, nearest_key
from wardportal.honours.places import Place
from wardportal.honours.records import Record, SourceData

# A numbered row of cells: (row or line number, cells).
Rows = Iterable[tuple[int, Sequence[object]]]


def read_csv(path: Path, place: Place) -> SourceData:
    """Records of a CSV file, comma or semicolon separated, UTF-8 with or without BOM."""
    try:
        text = read_text(path, place)
    except ContentError as error:
        return SourceData(place, errors=[error])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows():
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1  # a quoted cell may span lines

    try:
        return read_rows(rows(), place)
    except csv.Error as error:
        return SourceData(
            place,
            errors=[
                place.at(reader.line_num).error(
                    f"dòng CSV không đọc được ({error})",
                    "Hãy kiểm tra dấu ngoặc kép trong ô; ô có dấu phẩy phải đặt trong ngoặc kép",
                )
            ],
        )


def read_xlsx(path: Path, place: Place) -> SourceData:
    """Records of the first sheet of an Excel workbook."""
    # openpyxl takes a third of a second to import: only pay for it when a workbook exists.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    place = Place(place.path, spreadsheet=True)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return SourceData(
            place,
            errors=[
                place.error(
                    "không mở được tệp Excel (tệp hỏng hoặc không phải định dạng .xlsx)",
                    "Hãy mở tệp bằng Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx)",
                )
            ],
        )
    try:
        sheet = workbook.worksheets[0]
        numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
        return read_rows(((number, cells) for number, cells in numbered), place)
    finally:
        workbook.close()


def read_rows(rows: Rows, place: Place) -> SourceData:
    """Records from numbered rows: the first non-empty row is the header."""
    data = SourceData(place)
    header: dict[int, tuple[str, str]] = {}
    for number, cells in rows:
        values = [_cell(cell) for cell in cells]
        if not any(value not in (None, "") for value in values):
            continue
        if data.columns is None:
            header = _header(values, place.at(number), data)
            data.columns = {key for key, _spelled in header.values()}
            data.place = place.at(number)
        else:
            data.records.append(_row(values, header, place, number))
    if data.columns is None or not data.records:
        data.errors.append(empty_file(data.place))
    return data


def _header(cells: list[object], place: Place, data: SourceData) -> dict[int, tuple[str, str]]:
    """Column index → (key, heading as written); reports duplicated and missing columns."""
    header: dict[int, tuple[str, str]] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        key = key_for(cell)
        keys = {known for known, _spelled in header.values()}
        if key is None:
            if cell not in (None, ""):
                unknown.append(str(cell))
        elif key in keys:
            data.errors.append(
                _column_place(place, index).error(
                    f"cột “{cell}” trùng với một cột khác ({BY_NAME[key].label})",
                    "Hãy xoá hoặc đổi tên một trong hai cột",
                )
            )
        else:
            header[index] = (key, str(cell))
    keys = {known for known, _spelled in header.values()}
    for key in REQUIRED:
        if key not in keys:
            guesses = [name for name in unknown if nearest_key(name) == key]
            hint = f"Hãy thêm cột “{BY_NAME[key].label}” (hoặc “{key}”) vào dòng tiêu đề"
            if guesses:
                hint += f", hoặc sửa tên cột “{guesses[0]}” nếu đó là cột này"
            data.errors.append(place.error(f"thiếu cột “{BY_NAME[key].label}”", hint))
    return header


def _row(
    cells: list[object], header: dict[int, tuple[str, str]], place: Place, number: int
) -> Record:
    record = Record(place.at(number), noun="cột")
    for index, (key, spelled) in header.items():
        value = cells[index] if index < len(cells) else None
        if value not in (None, ""):
            record.values[key] = value
        record.places[key] = _column_place(place.at(number), index)
        record.spelled[key] = spelled
    return record


def _column_place(place: Place, index: int) -> Place:
    if place.spreadsheet:
        return place.at(place.line, f"{_column_letter(index)}{place.line}")
    return place


def _column_letter(index: int) -> str:
    """Excel's name of a 0-based column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(value: object) -> object:
    """A cell as text, or a date when Excel stored one; whole numbers lose their ".0"."""
    if isinstance(value, str):
        return text_from_spreadsheet(value.strip())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date) or value is None:
        return value
    return str(value)
