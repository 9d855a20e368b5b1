"""Small honour-roll data folders for the tests, in the three formats officers use."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

LABELS = (
    "Tên",
    "Loại",
    "Đơn vị/Cá nhân",
    "Chức vụ",
    "Lĩnh vực",
    "Giai đoạn",
    "Trạng thái",
    "Cấp",
    "Số quyết định",
    "Ngày",
)


def yaml_roll(entries: str, period: str = "2016-2018") -> str:
    """A YAML file with shared defaults; `entries` is the indented list, as written."""
    return f"campaign: Dân vận khéo\nperiod: {period}\nentries:\n{entries}"


def entry_yaml(title: str, **values: str) -> str:
    """One YAML entry with sensible defaults, every value quoted as written."""
    fields = {
        "kind": "mô hình",
        "holder": "Hội Phụ nữ phường",
        "field": "văn hoá - xã hội",
        "status": "đăng ký",
        "level": "phường",
        **values,
    }
    lines = [f'  - title: "{title}"'] + [f'    {key}: "{value}"' for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def csv_text(rows: Sequence[Sequence[object]], header=LABELS, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], header=LABELS) -> Path:
    """A real workbook, as Excel would save it: first sheet, header row, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def row(title: str, **values: object) -> list[object]:
    """One CSV/XLSX row in LABELS order, with the same defaults as entry_yaml."""
    fields = {
        "kind": "mô hình",
        "holder": "Hội Phụ nữ phường",
        "role": "",
        "field": "Văn hoá - xã hội",
        "period": "2019-2020",
        "status": "đăng ký",
        "level": "phường",
        "decision": "",
        "date": "",
        **values,
    }
    return [title, *fields.values()]
