"""Load the contact directory: every official checked, grouped by unit in the file's order.

The order is the officer's: officials are listed by rank, which no alphabet knows, so units
appear in the order of their first official and officials in the order written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wardportal.build_errors import ContentError, relative
from wardportal.contacts.labels import CONTACTS
from wardportal.contacts.reach import EMAIL_HINT, PHONE_HINT, ReachError, checked_email, tel_link
from wardportal.datafiles.files import data_files
from wardportal.datafiles.folder import read_data_files
from wardportal.datafiles.places import Place
from wardportal.datafiles.records import Record
from wardportal.datafiles.values import ValueReader


@dataclass(frozen=True)
class Official:
    """One official as the directory shows them; `tel` and `email` are ready for links."""

    name: str
    position: str
    unit: str
    place: Place
    phone: str = ""  # as typed, for reading
    tel: str = ""  # "tel:+84912345678", for tapping
    email: str = ""
    position_en: str = ""
    unit_en: str = ""


@dataclass
class Unit:
    """The officials of one unit (Đảng ủy, Ủy ban nhân dân, Công an phường…)."""

    name: str
    name_en: str
    officials: list[Official] = field(default_factory=list)


def load_directory(folder: Path, project_root: Path) -> tuple[list[Official], list[ContentError]]:
    """Every official of the data files under folder (file order) and every defect found."""
    officials: list[Official] = []
    errors: list[ContentError] = []

    def shown(path: Path) -> str:
        return Path(relative(str(path), project_root)).as_posix()

    paths = data_files(folder)
    for _path, data in read_data_files(paths, CONTACTS, shown, project_root, errors):
        for record in data.records:
            official, problems = build_official(record)
            errors.extend(problems)
            if official is not None:
                officials.append(official)
    return officials, errors


def build_official(record: Record) -> tuple[Official | None, list[ContentError]]:
    """The official a record describes, or None and everything wrong with it."""
    errors: list[ContentError] = []
    values = ValueReader(record, errors)
    name = values.text("name", required=True)
    position = values.text("position", required=True)
    unit = values.text("unit", required=True)
    phone, email = values.text("phone"), values.text("email")
    tel = _checked(values, "phone", phone, tel_link, PHONE_HINT)
    email = _checked(values, "email", email, checked_email, EMAIL_HINT)
    if not phone and not email and name:
        errors.append(
            record.place.error(
                f"cán bộ “{name}” chưa có điện thoại hay thư điện tử",
                "Hãy ghi ít nhất một trong hai: số điện thoại công vụ hoặc thư điện tử",
            )
        )
    if errors:
        return None, errors
    official = Official(
        name=name,
        position=position,
        unit=unit,
        place=record.place,
        phone=phone,
        tel=tel,
        email=email,
        position_en=values.text("position_en"),
        unit_en=values.text("unit_en"),
    )
    return official, errors


def _checked(values: ValueReader, key: str, typed: str, check, hint: str) -> str:
    if not typed:
        return ""
    try:
        return check(typed)
    except ReachError as error:
        values.fail(key, f"{values.record.name(key)}: {error}", hint)
        return ""


def group_by_unit(officials: list[Official]) -> list[Unit]:
    """Units in the order of their first official; a unit's English name is the first given."""
    units: dict[str, Unit] = {}
    for official in officials:
        unit = units.setdefault(official.unit, Unit(official.unit, official.unit_en))
        unit.name_en = unit.name_en or official.unit_en
        unit.officials.append(official)
    return list(units.values())
