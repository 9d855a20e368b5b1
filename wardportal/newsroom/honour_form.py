"""The honour entry form ("Thêm mục", "Sửa mục"): its fields, read and checked.

Choices (Loại, Lĩnh vực, Trạng thái, Cấp) come from the site's vocabularies; a value sent
outside them is refused whatever the page offered. The rest of the checking is the build's
own, run on the file as it would be written.
"""

from __future__ import annotations

from starlette.datastructures import FormData

from wardportal.datafiles.records import Record
from wardportal.honours.config import RollConfig
from wardportal.honours.periods import PeriodError, parse_period
from wardportal.vntext import nfc

from .forms import Refused

#: Form field → entry key, in the form's order.
FIELDS = {
    "ten": "title",
    "loai": "kind",
    "don_vi": "holder",
    "chuc_vu": "holder_role",
    "linh_vuc": "field",
    "giai_doan": "period",
    "trang_thai": "status",
    "cap": "level",
    "so_quyet_dinh": "decision",
    "ngay": "date",
    "tom_tat": "summary",
}
CHOICES = {"kind": "kinds", "field": "fields", "status": "statuses", "level": "levels"}
MAX_LENGTH = {"summary": 5000}


def vocabularies(config: RollConfig) -> dict[str, list[str]]:
    """The choices of each select, as the settings spell them."""
    return {key: list(getattr(config, name)) for key, name in CHOICES.items()}


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise Refused(400, "Biểu mẫu gửi lên không đọc được.")
    return nfc(value)


def read_entry_form(form: FormData, config: RollConfig) -> dict[str, str]:
    """The entry's values by key; a newline is kept only in the summary."""
    values: dict[str, str] = {}
    for name, key in FIELDS.items():
        text = _text(form, name)
        if key == "summary":
            text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
            text = text.strip("\n")
        else:
            text = " ".join(text.split())
        if len(text) > MAX_LENGTH.get(key, 500):
            raise Refused(413, "Một ô của biểu mẫu dài quá mức cho phép.")
        values[key] = text
    for key, name in CHOICES.items():
        vocabulary = getattr(config, name)
        if values[key] and vocabulary.canonical(values[key]) is None:
            raise Refused(400, f"Giá trị “{values[key]}” không có trong danh sách để chọn.")
    if values["period"]:
        try:
            values["period"] = parse_period(values["period"]).slug
        except PeriodError as error:
            raise Refused(400, f"Giai đoạn: {error}.") from None
    return values


def values_of_record(record: Record, config: RollConfig) -> dict[str, str]:
    """The form's values from an entry as it is written (a choice in the settings' spelling)."""
    values = {}
    for key in FIELDS.values():
        raw = record.values.get(key)
        text = "" if raw is None or isinstance(raw, list | Record) else str(raw)
        if key in CHOICES:
            text = getattr(config, CHOICES[key]).canonical(text) or text
        values[key] = text.rstrip("\n")
    return values
