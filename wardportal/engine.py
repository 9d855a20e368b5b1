"""The long-running build: one Pelican kept in memory, rebuilt on every change.

    engine = Engine(settings)      # read_settings(...) of the site
    engine.build()                 # the first build, like `pelican`
    engine.build()                 # after each change: only changed files are read again

A build started as a new `pelican` process pays, on every save, for the interpreter and
every library starting, every article being read again (Markdown from the disk cache, but
the text cleaned, checked and parsed again), and the old output folder being deleted before
the new one is served. The engine keeps the Pelican instance and what each article file
read into, keyed by the file's bytes:

- an article or page whose bytes did not change is not read again (`ReadMemo`): its HTML
  and header come from memory, and the photos it shows are published again from the image
  cache. Anything else a read depends on (which files exist, the size and time of every
  photo) is part of a stamp of the content folder; when that stamp changes, everything is
  read again. Errors are never kept: a broken file is read, and reported, on every build;
- everything after reading runs as in a full build (taxonomies, related news, every page
  rendered, the honour roll, the plan of addresses, the search index), into a staged folder
  swapped in whole (wardportal.atomic_output), so a reader never sees a half-updated site
  and the result is the full build's, byte for byte (tests/test_engine.py);
- the old site is removed after the swap, in the background, not before the build reports.

The settings file itself, plugins and Python code are not watched here: a change to them
needs a new Engine (the devserver makes one).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wardportal.images import is_raster

ENGINE_KEY = "_PORTAL_ENGINE"


@dataclass(frozen=True)
class Remembered:
    """What reading one file gave: its body, its header, the photos it shows."""

    digest: bytes
    content: str
    metadata: dict
    photos: tuple[str, ...]


class ReadMemo:
    """Articles and pages as read, by path, valid while their bytes and the folder's stamp hold."""

    def __init__(self) -> None:
        self._files: dict[str, Remembered] = {}
        self._stamp: tuple = ()
        self.reused = 0
        self.read = 0

    def begin_run(self, content_root: str, builds_own: str) -> None:
        """A new build: forget everything if anything an article's reading can see changed.

        builds_own: the folder of the files the build itself writes into the content folder
        (the address record), which no article reads.
        """
        stamp = folder_stamp(content_root, builds_own)
        if stamp != self._stamp:
            self._files.clear()
            self._stamp = stamp
        self.reused = self.read = 0

    def __len__(self) -> int:
        return len(self._files)

    def get(self, path: str, digest: bytes) -> Remembered | None:
        remembered = self._files.get(path)
        if remembered is None or remembered.digest != digest:
            return None
        self.reused += 1
        return remembered

    def put(self, path: str, remembered: Remembered) -> None:
        self.read += 1
        self._files[path] = remembered


def file_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def folder_stamp(content_root: str, builds_own: str) -> tuple:
    """What reading an article can see besides its own bytes: which files exist (a photo or
    a linked file must), and the size and time of every photo (its resized copies' names and
    sizes are written into the article's HTML)."""
    entries = []
    for folder, subfolders, files in os.walk(content_root):
        if os.path.abspath(folder) == builds_own:
            continue
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = os.stat(path) if is_raster(name) else None
            entries.append((path, info.st_size, info.st_mtime_ns) if info else (path,))
    return tuple(entries)


@dataclass
class BuildOutcome:
    """How one build went: the error shown to the officer (None when it succeeded)."""

    error: str | None
    seconds: float
    files_read: int
    files_reused: int


class Engine:
    """One Pelican kept in memory; build() runs it again, reading only what changed."""

    def __init__(self, settings: dict) -> None:
        from pelican import Pelican

        self.memo = ReadMemo()
        settings = {**settings, ENGINE_KEY: self}
        self.pelican = Pelican(settings)
        self.output = Path(self.pelican.output_path)
        self._cleanups: list[threading.Thread] = []

    def build(self) -> BuildOutcome:
        """One build; a failed one leaves the site as it was and says why."""
        from pelican.contents import Content

        from wardportal.build_errors import BuildFailed
        from wardportal.build_state import run_build

        started = time.perf_counter()
        # Pelican memoizes each item's HTML in a table on its class that keeps every item of
        # every run alive: a long-running build keeps only the current run's.
        for memoized in (Content.get_content, Content.get_summary):
            memoized.cache.clear()
        settings = self.pelican.settings
        record = Path(settings["PATH"], settings.get("PORTAL_URL_RECORD") or ".portal/x")
        self.memo.begin_run(settings["PATH"], str(record.parent.resolve()))
        try:
            run_build(self.pelican)
            error = None
        except BuildFailed as failure:
            error = str(failure)
        except Exception as failure:  # a template or plugin error must not stop the server
            error = f"Lỗi khi xây dựng trang: {failure}"
        seconds = time.perf_counter() - started
        return BuildOutcome(error, seconds, self.memo.read, self.memo.reused)

    def remove_later(self, folder: Path, remove: Callable[[Path], None]) -> None:
        """Remove an old site in the background: the new one is already served."""
        self._cleanups = [thread for thread in self._cleanups if thread.is_alive()]
        thread = threading.Thread(target=remove, args=(folder,), daemon=True)
        thread.start()
        self._cleanups.append(thread)

    def wait_for_cleanups(self) -> None:
        for thread in self._cleanups:
            thread.join()
        self._cleanups = []


def engine_of(settings: dict) -> Engine | None:
    """The engine running this build, if any (a plain `pelican` has none)."""
    return settings.get(ENGINE_KEY)
