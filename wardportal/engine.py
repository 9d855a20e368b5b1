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
  cache. Anything else a read depends on is part of a stamp of the content folder: when a
  photo changes, comes or goes, everything is read again; when another file comes or goes,
  the articles that link into the site. Errors are never kept: a broken file is read, and
  reported, on every build;
- everything after reading runs as in a full build (taxonomies, related news, the honour
  roll, the plan of addresses, the search index), into a staged folder swapped in whole
  (wardportal.atomic_output), so a reader never sees a half-updated site and the result is
  the full build's, byte for byte (tests/test_engine.py);
- except rendering: a page whose template and every value it reads are what the live page
  was rendered from is the live file under a second name in the staged folder, and a page
  whose only change is a box shown on every page ("Tin mới nhất") is the live page with the
  box replaced (`PageMemo`, wardportal.page_memo). When the served folder is not the one
  this engine published (the daily full build replaced it), every page is rendered again;
- the old site is removed after the swap, in the background, not before the build reports.

The settings file itself, plugins and Python code are not watched here: a change to them
needs a new Engine (the devserver makes one).
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache

from wardportal.engine_adds import publish_added
from wardportal.engine_edits import QuickEdits, Stamp, stamp_of
from wardportal.images import is_raster
from wardportal.page_memo import PageMemo
from wardportal.search_cache import SearchCache
from wardportal.spare_site import SpareSite
from wardportal.vndates import VIETNAM

if TYPE_CHECKING:
    from wardportal.search_bundles import SearchBundles

ENGINE_KEY = "_PORTAL_ENGINE"
# A file written this long before the content folder's stamp was taken is known unchanged
# while its size and time are (ReadMemo.settled_stat).
SETTLED_NS = 2_000_000_000
# A link or picture in an article's HTML that points into the site, not out of it.
_LOCAL_LINK = re.compile(r"""(?:href|src|srcset)=["']?(?!https?:|mailto:|tel:|#)""")


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
        self._photos: tuple = ()
        self._others: frozenset[str] = frozenset()
        self.reused = 0
        self.read = 0
        self._read_now: set[str] = set()  # read during this build (counted once, as read)
        self._stamp: Stamp = {}
        self._stamped_at = 0

    def begin_run(self, stamp: Stamp, stamped_at: int) -> None:
        """A new build: forget what anything an article's reading can see changed.

        A photo's size or time, or a photo coming or going, changes what every article that
        shows it says: everything is read again. Another file coming or going (an article
        added or deleted) only matters to an article that links to a file of the site.

        stamp: every file of the content folder but the build's own (the address record,
        which no article reads), by path: its size and time (engine_edits.stamp_of), taken
        at stamped_at (time.time_ns()).
        """
        photos = tuple(sorted((path, *stat) for path, stat in stamp.items() if is_raster(path)))
        others = frozenset(path for path in stamp if not is_raster(path))
        if photos != self._photos:
            self._files.clear()
        elif others != self._others:
            self._files = {
                path: remembered
                for path, remembered in self._files.items()
                if not _LOCAL_LINK.search(remembered.content)
            }
        self._photos, self._others = photos, others
        self._stamp, self._stamped_at = stamp, stamped_at

    def took_files(self, stamp: Stamp) -> None:
        """Files came or went with a quick add (wardportal.engine_adds: photos, articles,
        drafts), which read what it publishes. What is remembered holds with them: an item
        read before could not name a file that was not there (the build would have
        failed), and none names a file that went (the quick add declines while any item
        links to a file). `stamp`: the content folder's, as begin_run takes it."""
        self._photos = tuple(
            sorted((path, *stat) for path, stat in stamp.items() if is_raster(path))
        )
        self._others = frozenset(path for path in stamp if not is_raster(path))

    def settled_stat(self, path: str) -> tuple[int, int] | None:
        """A file's size and time in this build's stamp, if they tell any later write: the
        file was last written well before the stamp was taken. A write in the same tick of
        the kernel's clock as an earlier one could leave its time as it was (git's "racily
        clean" files)."""
        stat = self._stamp.get(path)
        if stat is None or stat[1] > self._stamped_at - SETTLED_NS:
            return None
        return stat

    def stat_of(self, path: str) -> tuple[int, int] | None:
        """A file's size and time in this build's stamp."""
        return self._stamp.get(path)

    def count_anew(self) -> None:
        """Files read and reused are counted per build (a quick edit's and a full one)."""
        self.reused = self.read = 0
        self._read_now = set()

    def __len__(self) -> int:
        return len(self._files)

    def photos_digest(self) -> bytes:
        """The photos' stamp, short: any page may show a photo, in sizes made from it."""
        return hashlib.blake2b(repr(self._photos).encode(), digest_size=16).digest()

    def get(self, path: str, digest: bytes) -> Remembered | None:
        remembered = self._files.get(path)
        if remembered is None or remembered.digest != digest:
            return None
        if path not in self._read_now:
            self.reused += 1
        return remembered

    def photos_of(self, path: str) -> tuple[str, ...] | None:
        """The photos a remembered file shows."""
        remembered = self._files.get(path)
        return remembered.photos if remembered is not None else None

    def digest_of(self, path: str) -> bytes | None:
        """The hash of the bytes a file was last read from, if it is remembered."""
        remembered = self._files.get(path)
        return remembered.digest if remembered is not None else None

    def put(self, path: str, remembered: Remembered) -> None:
        self.read += 1
        self._read_now.add(path)
        self._files[path] = remembered


def file_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class ReadItem:
    """An article or page as Pelican made it from one file, before the build changed it."""

    digest: bytes
    day: date  # an article dated a later day waits (hold_future_days): valid for one day
    kind: type
    attributes: dict
    stat: tuple[int, int] | None  # the file's size and time, if they tell a later write


class ItemMemo:
    """Pelican's objects for unchanged files, made again from what the last read left.

    Making an article (its URL settings, slug, dates, Pelican's and the portal's signals)
    costs more than reading its Markdown from memory; an unchanged file gives the same object
    as long as the ReadMemo still vouches for the file and the day is the same. A file whose
    size and time are what they were when it was read, long enough before (settled_stat), is
    not read again to check its bytes (3,000 files: about a third of a second, the kernel's
    file cache cold). Every object handed out is new (the build changes its tags,
    neighbours, related news): only the attributes as they were right after reading are kept.
    """

    def __init__(self, reads: ReadMemo) -> None:
        self._reads = reads
        self._items: dict[str, ReadItem] = {}

    def install(self, generator, today: date) -> None:
        """Let a Pelican articles or pages generator ask here before reading a file."""
        generator.get_cached_data = lambda name, default=None: self._get(
            generator, name, today, default
        )
        generator.cache_data = lambda name, item: self._keep(generator, name, item, today)

    def attributes(self, path: str) -> dict | None:
        """An item's attributes as they were right after its file was last read."""
        kept = self._items.get(path)
        return kept.attributes if kept is not None else None

    def _get(self, generator, name: str, today: date, default):
        path = os.path.abspath(os.path.join(generator.path, name))
        kept = self._items.get(path)
        if kept is None or kept.day != today:
            return default
        if kept.stat is not None and kept.stat == self._reads.stat_of(path):
            digest = kept.digest  # unchanged since it was read: not read again
        else:
            try:
                digest = file_digest(Path(path).read_bytes())
            except OSError:
                return default
        remembered = self._reads.get(path, digest) if digest == kept.digest else None
        if remembered is None:
            return default
        publish_photos(generator.settings, remembered)
        item: Any = object.__new__(kept.kind)
        item.__dict__.update(kept.attributes)
        item.metadata = dict(kept.attributes["metadata"])
        item._context = generator.context
        return item

    def _keep(self, generator, name: str, item, today: date) -> None:
        path = os.path.abspath(os.path.join(generator.path, name))
        digest = self._reads.digest_of(path)  # the bytes the reader has just read
        if digest is None:
            return
        attributes = dict(item.__dict__)
        attributes["metadata"] = dict(item.metadata)
        stat = self._reads.settled_stat(path)
        self._items[path] = ReadItem(digest, today, type(item), attributes, stat)


def publish_photos(settings: dict, remembered: Remembered) -> None:
    """The photos a remembered file shows, published into this build's folder again."""
    from wardportal.build_state import STATE_KEY

    state = settings[STATE_KEY].current
    if state.images is not None:
        for photo in remembered.photos:
            state.images.picture(photo)


def reuse_items(generator) -> None:
    """For Pelican's article and page generators' init signals: in the engine, objects of
    unchanged files are made again from memory (ItemMemo)."""
    from wardportal.build_state import state_of

    engine = engine_of(generator.settings)
    if engine is not None:
        engine.items.install(generator, state_of(generator.settings).started.date())


@dataclass
class BuildOutcome:
    """How one build went: the error shown to the officer (None when it succeeded)."""

    error: str | None
    seconds: float
    files_read: int
    files_reused: int
    quick: bool = False  # a quick edit (engine_edits): only the files showing it made again


class Engine:
    """One Pelican kept in memory; build() runs it again, reading only what changed."""

    def __init__(self, settings: dict) -> None:
        from pelican import Pelican

        self.memo = ReadMemo()
        self.items = ItemMemo(self.memo)
        self.pages = PageMemo()
        self.edits = QuickEdits()
        self.compiled_templates = CompiledTemplates()
        settings = {**settings, ENGINE_KEY: self}
        self.pelican = Pelican(settings)
        self.output = Path(self.pelican.output_path)
        self.spare = SpareSite(self.output)
        self._cleanups: list[threading.Thread] = []
        self._follow_up: threading.Thread | None = None  # after_publishing's
        self._published: int | None = None
        self._search: SearchBundles | None = None

    def build(self) -> BuildOutcome:
        """One build; a failed one leaves the site as it was and says why."""
        from wardportal.build_errors import BuildFailed
        from wardportal.build_state import run_build, state_of

        started = time.perf_counter()
        self._join_follow_up()
        settings = self.pelican.settings
        record = Path(settings["PATH"], settings.get("PORTAL_URL_RECORD") or ".portal/x")
        stamped_at = time.time_ns()
        stamps = (
            stamp_of(settings["PATH"], str(record)),
            stamp_of(settings["THEME"]),
        )
        if self._folder_identity() != self._published:
            self.pages.forget()  # another build (the daily `portal publish`) replaced the site
            self.edits.forget()
        self.memo.count_anew()
        today = datetime.now(VIETNAM).date()
        quick = None
        if (changed := self.edits.changed(stamps, today)) is not None:
            quick = self.edits.publish(self, changed, stamps)
        # A new article, a draft published, drafts saved or dropped: a quick add's.
        if quick is None and (delta := self.edits.came(stamps, today)) is not None:
            quick = publish_added(self, delta, stamps)
        if quick is not None:
            self._published = self._folder_identity()
            return quick
        forget_rendered_html()
        gc.unfreeze()  # the last build's objects (_freeze_the_site) may go now
        self.memo.begin_run(stamps[0], stamped_at)
        self.pages.active = False  # until writing starts into a staged folder
        self.edits.begin()
        try:
            run_build(self.pelican)
            self.pages.commit()  # the site these pages were rendered for is the live one now
            self._published = self._folder_identity()
            if self.pages.active:  # a staged build: the pages were recorded
                self.edits.remember(state_of(settings), stamps)
                self.spare.refresh()
                self.after_publishing(_freeze_the_site)
            else:
                self.edits.forget()
            error = None
        except BuildFailed as failure:
            error = str(failure)
        except Exception as failure:  # a template or plugin error must not stop the server
            error = f"Lỗi khi xây dựng trang: {failure}"
        if error is not None:
            self.edits.forget()
        seconds = time.perf_counter() - started
        return BuildOutcome(error, seconds, self.memo.read, self.memo.reused)

    def search(self) -> SearchBundles:
        """The site's search, kept between builds beside the served folder (hardlinks)."""
        from wardportal.search_bundles import SearchBundles  # it reads pages: no cycle

        if self._search is None:
            self._search = SearchBundles(
                self.output.with_name(f".{self.output.name}.search"),
                kept=SearchCache.of(self.pelican.settings),
            )
        return self._search

    def _folder_identity(self) -> int | None:
        """The served folder's inode: every build swaps in a folder of its own."""
        try:
            return self.output.stat().st_ino
        except OSError:
            return None

    def remove_later(self, folder: Path, remove: Callable[[Path], None]) -> None:
        """Remove an old site in the background: the new one is already served."""
        self._cleanups = [thread for thread in self._cleanups if thread.is_alive()]
        thread = threading.Thread(target=remove, args=(folder,), daemon=True)
        thread.start()
        self._cleanups.append(thread)

    def after_publishing(self, work: Callable[[], None]) -> None:
        """Work on what this process keeps of the site, done once it is served (nobody
        waits for it); the next build waits for it first."""
        self._join_follow_up()
        self._follow_up = threading.Thread(target=work, name="portal-follow-up", daemon=True)
        self._follow_up.start()

    def _join_follow_up(self) -> None:
        if self._follow_up is not None:
            self._follow_up.join()
            self._follow_up = None

    def wait_for_cleanups(self) -> None:
        self._join_follow_up()
        self.spare.wait()
        for thread in self._cleanups:
            thread.join()
        self._cleanups = []


def _freeze_the_site() -> None:
    """The objects of the site just served kept out of the cyclic collector's way
    (gc.freeze) until the next ordinary build: a quick edit or add then collects only what
    it made (collections going through the whole site took 0.3–0.4 s of every new article
    on the benchmark), and a forked child's collections copy none of that memory. The
    last build's objects, cycles with the site's context, are collected first, or they
    would stay until then."""
    gc.collect()
    gc.freeze()


def forget_rendered_html(items: Iterable[object] | None = None) -> None:
    """Empty Pelican's memo of each item's HTML and summary: a table on its class that
    keeps every item of every run alive (a long-running build keeps only the current
    run's), and that would give an edited item's old text. With `items`, only theirs go
    (a quick edit: the others' text, and the addresses their links resolve to, are the
    same; a quick add that follows converts none of them again)."""
    from pelican.contents import Content

    ids = None if items is None else {id(item) for item in items}
    for memoized in (Content.get_content, Content.get_summary):
        if ids is None:
            memoized.cache.clear()
            continue
        for key in [key for key in memoized.cache if id(key[0]) in ids]:
            del memoized.cache[key]


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for all of the engine's runs (Pelican makes new Jinja
    environments at every run). Jinja keys each by its name and checks its source's hash:
    an edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def engine_of(settings: dict) -> Engine | None:
    """The engine running this build, if any (a plain `pelican` has none)."""
    return settings.get(ENGINE_KEY)
