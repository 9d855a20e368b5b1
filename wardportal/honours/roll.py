"""Load every data file of the roll, check it as a whole and group it for the pages."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.datafiles.files import data_files
from wardportal.datafiles.folder import read_data_files
from wardportal.datafiles.records import SourceData
from wardportal.honours.config import RollConfig
from wardportal.honours.entries import build_entry
from wardportal.honours.labels import SCHEMA
from wardportal.honours.model import Entry, Period
from wardportal.honours.periods import PeriodError, parse_period
from wardportal.honours.summary import CountTable, field_kind_table, status_level_table
from wardportal.vntext import clean, sort_key


@dataclass
class PeriodGroup:
    """The entries of one period, with its summary tables."""

    period: Period
    url: str
    entries: list[Entry]
    by_field: CountTable
    by_status: CountTable


@dataclass
class FieldGroup:
    """The entries of one field across all periods."""

    name: str
    slug: str
    url: str
    entries: list[Entry]


@dataclass
class Roll:
    """The whole honour roll: entries in Vietnamese order, grouped by period and by field."""

    entries: list[Entry] = field(default_factory=list)
    periods: list[PeriodGroup] = field(default_factory=list)
    fields: list[FieldGroup] = field(default_factory=list)


def recent_entries(entries: list[Entry], count: int) -> list[Entry]:
    """The latest honours by decision or stage date, for the home page, sidebar and feed.

    Entries without any date come after all dated ones, newest period first; entries of
    the same day are in Vietnamese order. Only those few are collated, not the whole roll.
    """
    if count <= 0 or not entries:
        return []

    def newness(entry: Entry) -> tuple[bool, dt.date]:
        return (entry.known_date is not None, entry.when)

    cutoff = newness(heapq.nlargest(count, entries, key=newness)[-1])
    candidates = sorted(
        (e for e in entries if newness(e) >= cutoff), key=lambda e: sort_key(e.title)
    )
    candidates.sort(key=newness, reverse=True)
    return candidates[:count]


def load_roll(config: RollConfig) -> tuple[list[Entry], list[ContentError]]:
    """Read the roll's folder: the good entries (in file order) and every defect found."""
    return load_files([(path, path) for path in data_files(config.folder)], config)


def load_files(
    files: list[tuple[Path, Path]], config: RollConfig
) -> tuple[list[Entry], list[ContentError]]:
    """Read these (name, source) files as one roll: each is named, and takes its period from
    its name, as `name`, but is read from `source` (the newsroom checks an upload this way
    before it has a place in the folder)."""
    entries: list[Entry] = []
    errors: list[ContentError] = []
    names = [name for name, _source in files]
    sources = dict(files)
    found = read_data_files(names, SCHEMA, config.shown, config.project_root, errors, sources)
    for path, data in found:
        period, campaign = file_defaults(data, path, errors)
        for record in data.records:
            entry, problems = build_entry(record, config, period, campaign)
            errors.extend(problems)
            if entry is not None:
                entries.append(entry)
    errors.extend(check_unique_slugs(entries))
    return entries, errors


def file_defaults(
    data: SourceData, path: Path, errors: list[ContentError]
) -> tuple[Period | None, str]:
    """The file's period (from `period:` or a file name such as 2016-2018.csv) and campaign."""
    defaults = data.defaults
    values = defaults.values if defaults else {}
    campaign = clean(str(values.get("campaign") or "")).strip()
    if defaults is not None and values.get("period"):
        try:
            return parse_period(values["period"]), campaign
        except PeriodError as error:
            errors.append(defaults.where("period").error(str(error)))
            return None, campaign
    try:
        return parse_period(path.stem), campaign
    except PeriodError:
        return None, campaign


def check_unique_slugs(entries: list[Entry]) -> list[ContentError]:
    """Two entries of one period at one URL would overwrite each other: name both places."""
    seen: dict[tuple[str, str], Entry] = {}
    errors = []
    for entry in entries:
        key = (entry.period.slug, entry.slug)
        first = seen.setdefault(key, entry)
        if first is not entry:
            errors.append(
                entry.place.error(
                    f"“{entry.title}” trùng đường dẫn /{entry.url} với “{first.title}”"
                    f" ở {first.place} (cùng giai đoạn {entry.period.label})",
                    "Hãy đổi tên một mục, hoặc ghi một slug khác cho một trong hai"
                    " (mục “slug”, cột “Slug”)",
                )
            )
    return errors


def group_roll(entries: list[Entry], config: RollConfig) -> Roll:
    """Entries sorted in Vietnamese order and grouped by period (newest first) and field."""
    ordered = sorted(entries, key=lambda e: (sort_key(e.title), e.period.newest_first))
    by_period: dict[Period, list[Entry]] = {}
    by_field: dict[str, list[Entry]] = {}
    for entry in ordered:
        by_period.setdefault(entry.period, []).append(entry)
        by_field.setdefault(entry.field, []).append(entry)
    periods = [
        PeriodGroup(
            period,
            config.period_url.format(period=period.slug),
            by_period[period],
            field_kind_table(by_period[period], config),
            status_level_table(by_period[period], config),
        )
        for period in sorted(by_period, key=lambda period: period.newest_first)
    ]
    fields = [
        FieldGroup(name, config.field_slugs[name], config.url_of_field(name), by_field[name])
        for name in config.fields
        if name in by_field
    ]
    return Roll(ordered, periods, fields)
