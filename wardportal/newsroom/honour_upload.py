"""A spreadsheet uploaded for one period: taken in, checked cell by cell, kept until confirmed.

Only the bytes of the file part are used. Its name tells CSV from Excel and is otherwise
checked for signs of a crafted request (a browser sends a bare name), never used as a path:
the file is kept under a random name the server chose until "Lưu và đăng", then written as
`{period}.csv` or `{period}.xlsx` in the honour folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from starlette.datastructures import FormData, UploadFile

from wardportal.build_errors import ContentError
from wardportal.datafiles.files import MAX_DATA_BYTES
from wardportal.datafiles.places import Place
from wardportal.datafiles.table_source import MAX_UNPACKED_BYTES, csv_rows

from .forms import Refused
from .photos import NOT_A_FILE

SUFFIXES = (".csv", ".xlsx")
NOT_A_SPREADSHEET = "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv). Hãy chọn lại tệp."
NO_FILE = "Hãy chọn tệp Excel hoặc CSV để tải lên."
BAD_NAME = "Tên tệp gửi lên không hợp lệ. Hãy chọn lại tệp từ máy."
TOO_LARGE = f"Tệp quá lớn (tối đa {MAX_DATA_BYTES // 1_000_000} MB)."
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
KEEP = 20


async def spreadsheet_of(form: FormData, field: str) -> tuple[bytes, str]:
    """The file's bytes and its kind (".csv" or ".xlsx"), or a Vietnamese refusal."""
    value = form.get(field)
    if value is None or value == "":
        raise Refused(400, NO_FILE)
    if not isinstance(value, UploadFile):
        raise Refused(400, NOT_A_FILE)
    name = value.filename or ""
    if any(mark in name for mark in ("/", "\\", "\x00")) or name.startswith("."):
        raise Refused(400, BAD_NAME)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Refused(400, NOT_A_SPREADSHEET)
    data = await value.read(MAX_DATA_BYTES + 1)
    if not data:
        raise Refused(400, NO_FILE)
    if len(data) > MAX_DATA_BYTES:
        raise Refused(413, TOO_LARGE)
    if suffix == ".xlsx" and not zipfile.is_zipfile(io.BytesIO(data)):
        raise Refused(400, NOT_A_SPREADSHEET + " Tệp này không phải tệp Excel (.xlsx) thật.")
    return data, suffix


def formula_cells(data: bytes, suffix: str, shown: str) -> list[ContentError]:
    """Cells holding a formula: the roll keeps values, and a formula in a kept file would
    run in the next officer's Excel (or hide a value the build never sees)."""
    if suffix == ".xlsx":
        return _xlsx_formulas(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []  # the reader says the file is not UTF-8, naming the line
    reader = csv_rows(text)
    errors = []
    try:
        for cells in reader:
            if any(cell.lstrip().startswith("=") for cell in cells):
                errors.append(
                    Place(shown, reader.line_num).error(
                        "có ô bắt đầu bằng dấu “=”, Excel sẽ chạy nó như một công thức",
                        "Hãy xoá dấu “=” ở đầu ô (bảng vàng chỉ nhận chữ và số)",
                    )
                )
    except csv.Error:
        pass  # the reader names the broken line
    return errors


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part holding the workbook's first sheet (the one the roll reads)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = book.find(f"{_MAIN}sheets/{_MAIN}sheet")
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(_PACKAGE):
        if first is not None and relation.get("Id") == first.get(_RELATIONS):
            target = relation.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _xlsx_formulas(data: bytes, shown: str) -> list[ContentError]:
    """Formula cells of the first sheet, read from its XML (`<c r="C5"><f>…</f>`): one
    quick pass, where opening the workbook a second time would double a long upload's wait."""
    errors: list[ContentError] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                return []  # the roll's reader refuses it, saying why
            sheet = _first_sheet(archive)
            if sheet is None:
                return []
            with archive.open(sheet) as part:
                for _event, element in ElementTree.iterparse(part):
                    if element.tag == f"{_MAIN}c":
                        if element.find(f"{_MAIN}f") is not None:
                            errors.append(_formula_at(shown, element.get("r", "")))
                        element.clear()
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return errors  # a broken workbook is reported by the roll's reader
    return errors


def _formula_at(shown: str, cell: str) -> ContentError:
    row = int("".join(filter(str.isdigit, cell)) or 0) or None
    return Place(shown, row, spreadsheet=True, cell=cell).error(
        "ô có công thức, bảng vàng chỉ nhận giá trị",
        "Hãy chép các ô rồi dán lại bằng “Dán đặc biệt → Chỉ giá trị”, hoặc gõ thẳng giá trị vào ô",
    )


@dataclass(frozen=True)
class Staged:
    """An upload waiting for "Lưu và đăng": who sent it, for which period, and its bytes."""

    token: str
    account: str
    period: str
    suffix: str
    data: bytes


class UploadShelf:
    """Checked uploads kept (outside the content folder) until their sender confirms them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._emptied = False  # not at start: `portal user` makes a Newsroom while one serves

    def put(self, account: str, period: str, suffix: str, data: bytes) -> str:
        """Keep the upload; the token that names it (only its sender can use it)."""
        if not self._emptied:
            shutil.rmtree(self.folder, ignore_errors=True)  # a previous run's leftovers
            self._emptied = True
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(16)
        (self.folder / f"{token}.data").write_bytes(data)
        about = {"account": account, "period": period, "suffix": suffix}
        (self.folder / f"{token}.json").write_text(json.dumps(about), encoding="utf-8")
        kept = sorted(self.folder.glob("*.json"), key=lambda path: path.stat().st_mtime)
        for old in kept[:-KEEP]:
            self.drop(old.stem)
        return token

    def get(self, token: object, account: str) -> Staged:
        """The upload `account` sent under `token`; anyone else's, or none, is a 404."""
        gone = Refused(404, "Không còn tệp đã kiểm tra này. Hãy tải tệp lên lại.")
        if not isinstance(token, str) or not _TOKEN.match(token):
            raise gone
        try:
            about = json.loads((self.folder / f"{token}.json").read_text(encoding="utf-8"))
            data = (self.folder / f"{token}.data").read_bytes()
        except (OSError, ValueError):
            raise gone from None
        if about.get("account") != account:
            raise gone
        return Staged(token, account, about["period"], about["suffix"], data)

    def drop(self, token: str) -> None:
        for suffix in (".data", ".json"):
            (self.folder / f"{token}{suffix}").unlink(missing_ok=True)
