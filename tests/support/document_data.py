"""Small documents folders for the tests: YAML and XLSX data, and real little PDF files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from tests.support.honour_data import write_xlsx as write_workbook

HEADINGS = (
    "STT",
    "Số ký hiệu",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Lĩnh vực",
    "Tệp",
)


def write_pdf(path: Path, title: str = "") -> Path:
    """A one-page PDF (a blank A6 page), with `title` in its metadata when given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {"title": title} if title else {}
    Image.new("1", (298, 420), 1).save(path, resolution=72, **extra)
    return path


def document_yaml(number: str, **values: str) -> str:
    """One YAML document with sensible defaults, every value quoted as written (single
    quotes, so double quotes in a value stay as they are)."""
    fields = {
        "type": "Quyết định",
        "issued": "2026-03-02",
        "summary": f"Trích yếu của văn bản {number}",
        "signer": "Nguyễn Văn Hùng",
        "file": "qd.pdf",
        **values,
    }
    lines = [f"  - number: {quoted(number)}"]
    lines += [f"    {key}: {quoted(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def documents_yaml(entries: str, issuer: str = "Ủy ban nhân dân phường Phúc Thành") -> str:
    return f"issuer: {issuer}\nentries:\n{entries}"


def xlsx_row(number: str, **values: object) -> list[object]:
    """One spreadsheet row in HEADINGS order, with the same defaults as document_yaml."""
    fields = {
        "type": "Kế hoạch",
        "issuer": "Ủy ban nhân dân phường Phúc Thành",
        "issued": dt.datetime(2025, 11, 3),
        "summary": f"Trích yếu của văn bản {number}",
        "signer": "Trần Thị Lan",
        "field": "",
        "file": "kh.pdf",
        **values,
    }
    return [1, number, *fields.values()]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], header=HEADINGS) -> Path:
    """A workbook of documents, with the documents' headings unless told otherwise."""
    return write_workbook(path, rows, header)
