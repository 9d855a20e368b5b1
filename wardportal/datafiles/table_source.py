"""Read lists kept as spreadsheets: CSV (as Excel saves it) and XLSX.

One row per item under a header row of keys or Vietnamese labels ("Tên", "Số ký hiệu", …).
Columns the schema does not know (a "Ghi chú" column, say) are left alone; a missing required
column is one error at the header, not one per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from wardportal.build_errors import ContentError
from wardportal.datafiles.files import check_size, empty_file, read_text
from wardportal.datafiles.labels import Schema
from wardportal.datafiles.places import Place
from wardportal.datafiles.records import Record, SourceData
from wardportal.datafiles.spreadsheet import text_from_spreadsheet
from wardportal.vntext import clean

if TYPE_CHECKING:
    from _csv import Reader

# A numbered row of cells: (row or line number, cells).
Rows = Iterable[tuple[int, Sequence[object]]]
# What a workbook may hold. A list has a few thousand rows and twenty columns; a workbook
# beyond these is a mistake or a "zip bomb" (a small file that unpacks to gigabytes).
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 50_000_000


def read_csv(path: Path, place: Place, schema: Schema) -> SourceData:
    """Records of a CSV file, comma or semicolon separated, UTF-8 with or without BOM."""
    try:
        text = read_text(path, place)
    except ContentError as error:
        return SourceData(place, errors=[error])
    reader = csv_rows(text)

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1  # a quoted cell may span lines

    try:
        return read_rows(rows(), place, schema)
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


def csv_rows(text: str) -> Reader:
    """A csv reader of the text, comma or semicolon separated (whichever the header uses
    more: Excel in Vietnamese saves with ";")."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_xlsx(path: Path, place: Place, schema: Schema) -> SourceData:
    """Records of the first sheet of an Excel workbook."""
    # openpyxl takes a third of a second to import: only pay for it when a workbook exists.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    place = Place(place.path, spreadsheet=True)
    try:
        check_size(path, place)
        _check_unpacked_size(path, place)
    except ContentError as error:
        return SourceData(place, errors=[error])
    unreadable = SourceData(
        place,
        errors=[
            place.error(
                "không mở được tệp Excel (tệp hỏng hoặc không phải định dạng .xlsx)",
                "Hãy mở tệp bằng Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx)",
            )
        ],
    )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError):
        return unreadable
    try:
        sheet = workbook.worksheets[0]
        numbered = enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        return read_rows(_bounded(numbered, place), place, schema)
    except ContentError as error:
        return SourceData(place, errors=[error])
    except ParseError:  # broken XML inside, or an entity bomb expat refused
        return unreadable
    finally:
        workbook.close()


def _check_unpacked_size(path: Path, place: Place) -> None:
    """Refuse a workbook that unpacks to far more than any list, before unpacking it."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # load_workbook says the file is broken, in the officer's words
    if unpacked > MAX_UNPACKED_BYTES:
        raise place.error(
            f"tệp Excel chứa quá nhiều dữ liệu (giải nén ra {unpacked // 1_000_000} MB)",
            "Hãy chép danh sách sang một tệp Excel mới chỉ gồm trang tính dữ liệu",
        )


def _bounded(numbered: Iterable[tuple[int, Sequence[object]]], place: Place) -> Rows:
    """The rows, stopping with an error past MAX_ROWS (empty rows count: a sheet can claim
    a million of them)."""
    for number, cells in numbered:
        if number > MAX_ROWS:
            raise place.at(number).error(
                f"trang tính có quá nhiều hàng (hơn {MAX_ROWS:,} hàng)".replace(",", "."),
                "Hãy xoá các hàng thừa ở cuối trang tính, hoặc chia danh sách thành nhiều tệp",
            )
        yield number, cells


def read_rows(rows: Rows, place: Place, schema: Schema) -> SourceData:
    """Records from numbered rows: the first non-empty row is the header."""
    data = SourceData(place)
    header: dict[int, tuple[str, str]] = {}
    for number, cells in rows:
        values = [_cell(cell) for cell in cells]
        if not any(value not in (None, "") for value in values):
            continue
        if data.columns is None:
            header = _header(values, place.at(number), data, schema)
            data.columns = {key for key, _spelled in header.values()}
            data.place = place.at(number)
        else:
            data.records.append(_row(values, header, place, number, schema))
    if data.columns is None or not data.records:
        data.errors.append(empty_file(data.place, schema))
    return data


def _header(
    cells: list[object], place: Place, data: SourceData, schema: Schema
) -> dict[int, tuple[str, str]]:
    """Column index → (key, heading as written); reports duplicated and missing columns."""
    header: dict[int, tuple[str, str]] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        key = schema.key_for(cell)
        keys = {known for known, _spelled in header.values()}
        if key is None:
            if cell not in (None, ""):
                unknown.append(str(cell))
        elif key in keys:
            data.errors.append(
                _column_place(place, index).error(
                    f"cột “{cell}” trùng với một cột khác ({schema.label(key)})",
                    "Hãy xoá hoặc đổi tên một trong hai cột",
                )
            )
        else:
            header[index] = (key, str(cell))
    keys = {known for known, _spelled in header.values()}
    for key in schema.required:
        if key not in keys:
            guesses = [name for name in unknown if schema.nearest_key(name) == key]
            hint = f"Hãy thêm cột “{schema.label(key)}” (hoặc “{key}”) vào dòng tiêu đề"
            if guesses:
                hint += f", hoặc sửa tên cột “{guesses[0]}” nếu đó là cột này"
            data.errors.append(place.error(f"thiếu cột “{schema.label(key)}”", hint))
    return header


def _row(
    cells: list[object],
    header: dict[int, tuple[str, str]],
    place: Place,
    number: int,
    schema: Schema,
) -> Record:
    record = Record(place.at(number), schema, noun="cột")
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
        return text_from_spreadsheet(clean(value).strip())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date) or value is None:
        return value
    return str(value)
