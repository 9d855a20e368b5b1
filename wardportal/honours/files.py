"""Finding and opening data files (honour roll, contacts), with errors an officer can act on."""

from __future__ import annotations

import os
from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.honours.labels import HONOURS, Schema
from wardportal.honours.places import Place
from wardportal.vntext import clean

# Far beyond any real roll (ten thousand entries fit in 5 MB); bigger is a mistake or an attack.
MAX_DATA_BYTES = 10_000_000
YAML_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx")
# Formats an officer may save by mistake; each gets a message instead of being skipped.
REFUSED_SUFFIXES = {
    ".xls": "Hãy mở tệp trong Excel và chọn Lưu thành → Sổ làm việc Excel (.xlsx)",
    ".ods": "Hãy mở tệp và lưu lại dưới dạng Excel (.xlsx) hoặc CSV UTF-8",
    ".json": "Chỉ đọc tệp .yaml, .csv hoặc .xlsx; hãy chuyển dữ liệu sang một dạng đó",
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


def shown_path(path: str | os.PathLike, project_root: Path) -> str:
    """A path as the officer sees it: from the project folder when it is inside."""
    try:
        return Path(path).resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_size(path: Path, place: Place) -> None:
    """Refuse a data file too large to be a roll before anything reads it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise place.error(f"không đọc được tệp ({error.strerror})") from None
    if size > MAX_DATA_BYTES:
        raise place.error(
            f"tệp quá lớn ({size // 1_000_000} MB, tối đa {MAX_DATA_BYTES // 1_000_000} MB)",
            "Hãy kiểm tra đây có đúng là tệp dữ liệu không; danh sách rất dài thì chia"
            " thành nhiều tệp (bảng vàng: theo giai đoạn)",
        )


def read_text(path: Path, place: Place) -> str:
    """The file as clean text (UTF-8, with or without BOM; see vntext.clean); ContentError
    naming the bad line."""
    check_size(path, place)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise place.error(f"không đọc được tệp ({error.strerror})") from None
    try:
        return clean(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise place.at(line).error(
            "tệp không được lưu theo bảng mã UTF-8 nên chữ tiếng Việt bị lỗi",
            "Hãy lưu lại tệp với bảng mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8)",
        ) from None


def empty_file(place: Place, schema: Schema = HONOURS) -> ContentError:
    return place.error(
        f"tệp không có {schema.entry} nào",
        f"Hãy nhập danh sách theo mẫu trong {schema.docs}, hoặc xoá tệp này",
    )
