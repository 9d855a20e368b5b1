"""Finding and opening the data files of a roll, with errors an officer can act on."""

from __future__ import annotations

from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.honours.places import Place

YAML_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx")
# Formats an officer may save by mistake; each gets a message instead of being skipped.
REFUSED_SUFFIXES = {
    ".xls": "Hãy mở tệp trong Excel và chọn Lưu thành → Sổ làm việc Excel (.xlsx)",
    ".ods": "Hãy mở tệp và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8",
    ".json": "Bảng vàng đọc tệp .yaml, .csv hoặc .xlsx; hãy chuyển dữ liệu sang một dạng đó",
}


def data_files(folder: Path) -> list[Path]:
    """Data files under folder, in a stable order; lock and hidden files are skipped."""
    if not folder.is_dir():
        return []
    wanted = (*YAML_SUFFIXES, *TABLE_SUFFIXES, *REFUSED_SUFFIXES)
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in wanted
        and not path.name.startswith((".", "~$"))
    )


def read_text(path: Path, place: Place) -> str:
    """The file as text (UTF-8, with or without BOM); ContentError naming the bad line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise place.error(f"không đọc được tệp ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise place.at(line).error(
            "tệp không được lưu theo bảng mã UTF-8 nên chữ tiếng Việt bị lỗi",
            "Hãy lưu lại tệp với bảng mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8)",
        ) from None


def empty_file(place: Place) -> ContentError:
    return place.error(
        "tệp không có mô hình, điển hình nào",
        "Hãy nhập danh sách theo mẫu trong docs/honours.md, hoặc xoá tệp này",
    )
