"""The honour roll's data files as the newsroom sees them: read, checked whole, written, committed.

A file is named by its path under the honour folder; a name a browser sends is only looked
up among the files found, never joined to a path. Every change is checked as the build
checks the whole roll, with the changed file in place, before a byte is written.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.counter.clock import Clock
from wardportal.datafiles.files import data_files
from wardportal.datafiles.places import Place
from wardportal.datafiles.records import Record
from wardportal.datafiles.yaml_source import read_yaml
from wardportal.honours.config import RollConfig
from wardportal.honours.labels import SCHEMA
from wardportal.honours.model import Entry
from wardportal.honours.periods import PeriodError, parse_period
from wardportal.honours.roll import file_defaults, group_roll, load_files
from wardportal.settings import apply_defaults

from .articles import version_of
from .atomic_file import write_bytes_atomically
from .forms import Refused
from .history import ContentHistory

YAML = (".yaml", ".yml")
STALE = (
    "Tệp này vừa được người khác sửa sau khi bạn mở nó, nên thay đổi của bạn chưa được lưu."
    " Những gì bạn nhập vẫn còn trong ô dưới đây; hãy xem lại rồi bấm lưu lần nữa."
)


@dataclass(frozen=True)
class Listed:
    """One entry as the roll pages show it: the entry, its file and whether the form edits it."""

    entry: Entry
    file: str
    line: int | None
    editable: bool


@dataclass(frozen=True)
class Change:
    """A file's new bytes (`data`, None to remove it), checked and ready to be written."""

    path: Path
    data: bytes | None


def roll_config(site: dict, content: Path) -> RollConfig:
    """The roll's settings from the site's Pelican settings, over the newsroom's content."""
    return RollConfig.from_settings({**apply_defaults(dict(site)), "PATH": str(content)})


class HonourRoll:
    """Reads and writes the roll's files; every write is one commit by the account."""

    def __init__(self, config: RollConfig, history: ContentHistory, clock: Clock) -> None:
        self.config = config
        self.folder = config.folder.resolve()
        self.history = history
        self.clock = clock
        self.lock = threading.Lock()  # check-then-write is one step

    # --- reading ---------------------------------------------------------------------------

    def files(self) -> dict[str, Path]:
        """The data files by name (their path under the honour folder)."""
        found = {}
        for path in data_files(self.folder):
            if path.is_symlink() or not path.resolve().is_relative_to(self.folder):
                continue
            found[path.relative_to(self.folder).as_posix()] = path
        return found

    def file(self, name: object) -> Path:
        path = self.files().get(name) if isinstance(name, str) else None
        if path is None:
            raise Refused(404, "Không tìm thấy tệp bảng vàng này.")
        return path

    def version(self, path: Path) -> str:
        return version_of(path.read_bytes()) if path.is_file() else ""

    def check(self, changes: Sequence[Change] = ()) -> tuple[list[Entry], list[ContentError]]:
        """The whole roll as it would be with `changes`: its entries and every error."""
        with tempfile.TemporaryDirectory(prefix="bang-vang-") as scratch:
            sources = {path: path for path in data_files(self.folder)}
            for number, change in enumerate(changes):
                sources.pop(change.path, None)
                if change.data is not None:
                    source = Path(scratch) / f"{number}{change.path.suffix.lower()}"
                    source.write_bytes(change.data)
                    sources[change.path] = source
            return load_files(sorted(sources.items()), self.config)

    def listing(self) -> tuple[list, list[ContentError], dict[str, str]]:
        """The roll grouped by period (newest first) with each entry's file, the errors of
        the files as they are, and the name of each shown path."""
        entries, errors = self.check()
        names = {self.config.shown(path): name for name, path in self.files().items()}
        groups = group_roll(entries, self.config).periods
        listed = [
            (
                group,
                [
                    Listed(
                        entry,
                        names.get(entry.place.path, ""),
                        entry.place.line,
                        entry.place.path.endswith(YAML) and entry.place.line is not None,
                    )
                    for entry in group.entries
                ],
            )
            for group in groups
        ]
        return listed, errors, names

    def record(self, path: Path, line: int) -> Record:
        """The record (the values as typed) of the YAML entry starting at `line`."""
        data = read_yaml(path, Place(self.config.shown(path)), SCHEMA)
        for record in data.records:
            if record.place.line == line:
                return record
        raise Refused(404, "Không tìm thấy mục này trong tệp (tệp vừa được sửa?).")

    def yaml_for(self, period: str) -> tuple[Path, bool]:
        """The YAML file new entries of `period` go to, and whether it names the period
        itself (else each entry must say it): a file of that period, or `{period}.yaml`."""
        wanted = parse_period(period)
        for path in self.files().values():
            if path.suffix.lower() in YAML:
                data = read_yaml(path, Place(self.config.shown(path)), SCHEMA)
                own, _campaign = file_defaults(data, path, [])
                if own == wanted:
                    return path, True
        path = self.folder / f"{wanted.slug}.yaml"
        return path, False

    def spreadsheets_of(self, period: str) -> list[Path]:
        """The CSV and Excel files named after this period (an upload replaces them)."""
        wanted = parse_period(period)
        found = []
        for path in self.files().values():
            if path.suffix.lower() in (".csv", ".xlsx"):
                try:
                    if parse_period(path.stem) == wanted:
                        found.append(path)
                except PeriodError:
                    continue
        return found

    # --- writing ---------------------------------------------------------------------------

    def write(self, changes: list[Change], author: str, message: str) -> str:
        """Write every change atomically, then commit them all as one version by `author`."""
        for change in changes:
            if change.data is None:
                change.path.unlink(missing_ok=True)
            else:
                write_bytes_atomically(change.path, change.data)
        first, *others = [change.path for change in changes]
        return self.history.commit(first, author, message, self.clock(), tuple(others))
