"""A quick edit: a change to the text, summary, title or address of published articles or
pages, served by making again only the files that show it.

The engine's ordinary build (wardportal.engine) runs all of Pelican again and reuses what
did not change, but its cost grows with the site: every item is ordered, linked and
signed again, about half a full build on 3,000 articles. The officer's commonest changes
(correcting the text or the title of an article already published) change none of what
that work decides but, at most, one item's address: no date, tag or order. For those the
engine takes a shorter path:

- since the last build, only article or page files changed (by the size and time of every
  file in the content folder and the theme; none came or went), on the same day;
- each is read again as Pelican's generator reads it, and what it gives differs from the
  last read only in its body, summary, title and slug (QUICK: the HTML, the Summary
  header's, the title, the slug, and the file's time where the date comes from the file),
  shows the same photos and links the same static files;
- the last build's objects take the new values; every page, searchable block and feed that
  showed the item's own attributes (wardportal.page_memo.Replay: the pages are rendered
  again from the very context they were rendered from) is made again, and the sitemap
  (the file's time is its lastmod); what a title changes besides (the boxes on every page,
  its share card) is wardportal.engine_titles', and what it and a slug change in the
  addresses (a moved page, redirect pages, the address record) wardportal.engine_moves';
- the new files are swapped in with the rest of the live site in one step, through the
  spare copy of the site (wardportal.spare_site) or a folder made whole: a reader never
  sees half of it.

When anything else changed, or anything is unexpected on the way (an error; a title that
the honour roll's open data files show; an address taken), the ordinary build runs instead
and says what it says.
tests/test_engine.py compares the result with a clean full build, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelican.urlwrappers import URLWrapper

from wardportal.engine_moves import (
    Moved,
    change_manifest,
    linking,
    plan_addresses,
    save_record,
    write_redirects,
)
from wardportal.engine_titles import (
    Decline,
    changed_boxes,
    patch_boxes,
    renew_cards,
    show_boxes,
    write_into,
)
from wardportal.spare_site import link_tree

if TYPE_CHECKING:
    from wardportal.build_state import BuildState
    from wardportal.engine import BuildOutcome, Engine
    from wardportal.page_memo import Replay
    from wardportal.search_bundles import SearchBundles

# What reading an article can give differently when only its text, summary, title and slug
# changed: its HTML, a Summary header's HTML, the title (what else it changes is
# engine_titles'), the slug from the title or a Slug header (engine_moves'), and the file's
# time (DEFAULT_DATE = "fs": the modified date, in metadata and formatted).
QUICK = frozenset(
    {"_content", "_summary", "title", "slug", "modified", "locale_modified", "metadata"}
)
QUICK_METADATA = frozenset({"title", "summary", "modified", "slug"})
# A page without a Date header is dated by its file too; pages are not ordered by date.
PAGE_DATE = frozenset({"date", "locale_date"})
# Never read by a build, changed by every commit of the newsroom's.
_VERSION_CONTROL = frozenset({".git", ".hg", ".svn"})
# Stat of every file of a folder, by path: (size, time).
Stamp = dict[str, tuple[int, int]]


def stamp_of(folder: str, skipped: str = "") -> Stamp:
    """The size and time of every file under folder but the file `skipped` (the address
    record the build writes) and version control's folders (the newsroom commits)."""
    found: Stamp = {}
    skipped = os.path.abspath(skipped) if skipped else ""
    for parent, subfolders, files in os.walk(os.path.abspath(folder)):
        subfolders[:] = [name for name in subfolders if name not in _VERSION_CONTROL]
        for name in files:
            path = os.path.join(parent, name)
            if path != skipped:
                info = os.stat(path)
                found[path] = (info.st_size, info.st_mtime_ns)
    return found


@dataclass
class _Edit:
    generator: Any
    live: Any  # the last build's object, which takes the new values
    fresh: Any  # what reading the file gave now
    differ: frozenset[str]
    kind: str  # its kind of address (permalinks.ARTICLE or PAGE)


@dataclass(frozen=True)
class ContentDelta:
    """The content files that came, changed and went since the last build."""

    came: list[str]
    changed: list[str]
    went: list[str]


class QuickEdits:
    """What the last ordinary build leaves for a quick edit: its items by file, its feeds and
    sitemap, and the stamps of the content and theme it was built from."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[Any, Any]] = {}  # source file → (generator, object)
        self._feeds: list[tuple[tuple, dict]] = []
        self._sitemap: list[tuple[str, Any]] = []  # (file in the site, its item or None)
        self._next_feeds: list[tuple[tuple, dict]] = []
        self._next_sitemap: list[tuple[str, Any]] = []
        self._stamps: tuple[Stamp, Stamp] | None = None
        self._day: date | None = None
        self._articles: Any = None  # the articles generator: it renders the boxes
        self._generators: list = []
        self.rendered = 0  # files made again by the last quick edit
        self.declined = ""  # why the last build was not a quick edit (for the benchmark)

    # During an ordinary build.
    def begin(self) -> None:
        self._next_feeds, self._next_sitemap = [], []

    def note_feed(self, arguments: tuple, keywords: dict) -> None:
        """A feed Pelican's writer wrote (wardportal.output_staging.PortalWriter)."""
        self._next_feeds.append((arguments, keywords))

    def note_sitemap(self, queue: Iterable[tuple[str, Any]], site: str) -> None:
        """The sitemap's pages, just before it is written (output_staging.finish_build)."""
        self._next_sitemap = [(os.path.relpath(path, site), item) for path, item in queue]

    def remember(self, state: BuildState, stamps: tuple[Stamp, Stamp]) -> None:
        """The ordinary build just published: its objects are the live site's."""
        from pelican.generators import ArticlesGenerator

        from wardportal.content_rules import every_item

        self._items = {
            item.source_path: (generator, item)
            for generator in state.generators
            for item in every_item(generator)
        }
        found = [g for g in state.generators if isinstance(g, ArticlesGenerator)]
        self._articles = found[0] if found else None
        self._generators = list(state.generators)
        self._feeds, self._sitemap = self._next_feeds, self._next_sitemap
        self._stamps, self._day = stamps, state.started.date()

    @property
    def articles(self) -> Any:
        """The live site's articles generator (None before an ordinary build)."""
        return self._articles

    @property
    def generators(self) -> list:
        return self._generators

    def feeds_written(self) -> None:
        """The feeds a quick add wrote (noted as an ordinary build notes them) are the
        live site's."""
        self._feeds = self._next_feeds

    def sitemap_with(self, queue: Iterable[tuple[str, Any]], site: str) -> list[str]:
        """The live sitemap's pages with those of `queue` it did not have (files in the
        folder `site`, each with its item); those new files."""
        known = {file for file, _item in self._sitemap}
        new = [(os.path.relpath(path, site), item) for path, item in queue]
        added = [(file, item) for file, item in new if file not in known]
        self._sitemap = [*self._sitemap, *added]
        return [file for file, _item in added]

    def write_sitemap(self, state: BuildState, site: Path, pelican: Any) -> None:
        """The live sitemap's pages, as files of the staged `site`, written as the sitemap."""
        folder = str(site)  # os.path, not pathlib: 6,500 names
        queue = [(os.path.join(folder, file), item) for file, item in self._sitemap]
        state.sitemap.page_queue = queue
        state.sitemap.finalize(pelican)

    def added_items(
        self, items: dict[str, Any], went: Iterable[str], generator: Any, stamps: tuple
    ) -> None:
        """A quick add (wardportal.engine_adds) published an article, or took in drafts:
        the items read from these files (source file → object), those of `went` gone."""
        for path in went:
            del self._items[path]
        self._items |= {path: (generator, item) for path, item in items.items()}
        self._stamps, self.declined = stamps, ""

    def came(self, stamps: tuple[Stamp, Stamp], today: date) -> ContentDelta | None:
        """The files that came, changed and went since the last build, when those that
        changed or went were drafts (a published item's edit is publish()'s), on the same
        day, with the same theme."""
        if self._stamps is None or today != self._day or stamps[1] != self._stamps[1]:
            return None  # changed() said why
        content, last = stamps[0], self._stamps[0]
        changed = sorted(path for path, stat in content.items() if last.get(path, stat) != stat)
        came, went = sorted(content.keys() - last.keys()), sorted(last.keys() - content.keys())
        delta = ContentDelta(came, changed, went)
        if not (delta.came or delta.changed or delta.went):
            return None
        if not all(self._draft(path) for path in [*delta.changed, *delta.went]):
            if came or went:  # else publish() said why its edit was not quick
                self.declined = "a file came or went, and one other than a draft changed or went"
            return None
        return delta

    def _draft(self, path: str) -> bool:
        known = self._items.get(path)
        return known is not None and getattr(known[1], "status", "") == "draft"

    def item_of(self, path: str) -> tuple[Any, Any] | None:
        """The generator and the live object of an article or page file, if the site has it."""
        return self._items.get(path)

    def forget(self) -> None:
        """No quick edit until an ordinary build publishes again."""
        self._items, self._stamps, self._generators = {}, None, []

    def changed(self, stamps: tuple[Stamp, Stamp], today: date) -> list[str] | None:
        """The article and page files changed since the last build, if nothing else did."""
        content = stamps[0]
        last = self._stamps[0] if self._stamps is not None else {}
        changed = [path for path, stat in content.items() if last.get(path) != stat]
        if self._stamps is None:
            self.declined = "no ordinary build to start from"
        elif today != self._day:
            self.declined = "a new day"
        elif stamps[1] != self._stamps[1]:
            self.declined = "the theme changed"
        elif content.keys() != last.keys():
            self.declined = "a file came or went"
        elif not changed:
            self.declined = "nothing changed"
        elif any(path not in self._items for path in changed):
            self.declined = "a file other than an article or page changed"
        else:
            return changed
        return None

    def publish(
        self, engine: Engine, changed: list[str], stamps: tuple[Stamp, Stamp]
    ) -> BuildOutcome | None:
        """The edit served, or None when it is not a quick edit (the caller builds)."""
        from wardportal import build_log
        from wardportal.build_errors import relative
        from wardportal.build_state import start_run, state_of
        from wardportal.engine import BuildOutcome
        from wardportal.search_bundles import RECENT_BUNDLE
        from wardportal.search_index import BUNDLE

        started = time.perf_counter()
        pelican = engine.pelican
        start_run(pelican)
        state = state_of(pelican.settings)
        with QuickRun(self, state, pelican) as run:
            edits = [self._read_again(engine, path) for path in changed]
            declined = [edit for edit in edits if isinstance(edit, str)]
            if declined or state.errors.errors:
                raise Decline(declined[0] if declined else "an error while reading")
            quick = [edit for edit in edits if isinstance(edit, _Edit)]
            titled = [edit for edit in quick if "title" in edit.differ]
            named = [edit for edit in quick if edit.differ & {"title", "slug"}]
            if any(getattr(edit.live, "honour_entries", None) for edit in named):
                raise Decline("the honour roll's open data shows the title and address")
            run.applied = True  # the objects hold text the live site does not show yet
            live, moved = _apply(quick)
            state.generators = self._generators
            moves = plan_addresses(state, pelican.settings, moved) if named else None
            live |= self._move(engine, moved)
            removed = renew_cards(state, [edit.live for edit in titled], self._generators)
            boxes = changed_boxes(self._articles)
            if boxes:
                show_boxes(boxes, self._generators, engine.pages.replays.values())
            spare = engine.spare.ready()  # else a whole folder is linked and swapped in
            site = Path(pelican.output_path)
            redirects: list[str] = []
            if moves is not None:
                named_items = [(edit.live, edit.kind) for edit in named]
                redirects = write_redirects(state, pelican.settings, moves, site, named_items)
            if moved:
                new = [move.new for move in moved]
                old = [move.old for move in moved]
                change_manifest(engine.output, site, pelican.settings, old, new)
            made = self._make_files(engine, state, live, boxes, spare, moved, redirects)
            # A moved page's old file leaves, unless a redirect page took it (no record kept).
            removed += [move.old for move in moved if move.old not in redirects]
            state.fail_if_errors()
            if moves is not None:  # last, as a full build saves it: then it publishes
                save_record(pelican.settings, moves)
            assert state.staged is not None
            if spare:  # only the new files move; nothing is linked
                engine.spare.swap_in(state.staged.release(), made.whole, removed)
                run.published = True
                # Its emptied folders (the next build may find them first: a leftover).
                engine.remove_later(site, partial(shutil.rmtree, ignore_errors=True))
            else:
                skipped = (BUNDLE, RECENT_BUNDLE)
                link_tree(engine.output, site, skipped, set(removed))
                state.staged.publish(engine.remove_later)
                run.published = True
                engine.spare.refresh()
        if not run.published:
            return None
        engine.pages.rendered_again(
            made.pages, made.blocks, {k: new for k, (_, new) in boxes.items()}, live
        )
        self._stamps, self.declined = stamps, ""
        self.rendered = len(made.pages) + len(made.blocks) + len(made.patched)
        seconds = time.perf_counter() - started
        build_log.say_updated(
            self.rendered, relative(state.final_output, state.project_root), seconds
        )
        return BuildOutcome(None, seconds, len(changed), 0, quick=True)

    def _read_again(self, engine: Engine, path: str) -> _Edit | str:
        """The file read as its generator reads it, if only its body changed; else why not."""
        from pelican import signals
        from pelican.generators import ArticlesGenerator

        from wardportal.permalinks import ARTICLE, PAGE

        generator, live = self._items[path]
        before = engine.items.attributes(path)
        photos = engine.memo.photos_of(path)
        kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
        fresh = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(path, generator.path),
            content_class=type(live),
            context=generator.context,
            preread_signal=getattr(signals, f"{kind}_generator_preread"),
            preread_sender=generator,
            context_signal=getattr(signals, f"{kind}_generator_context"),
            context_sender=generator,
        )
        if before is None or photos is None or not fresh.is_valid():
            return "not read before, or not valid"
        generator.cache_data(os.path.relpath(path, generator.path), fresh)  # engine.ItemMemo
        differ = _changed_keys(before, fresh.__dict__) - {"_context"}
        header_differs = _changed_keys(before["metadata"], fresh.metadata)
        allowed, header_allowed = QUICK, QUICK_METADATA
        if kind == "page" and "date" not in str(generator.settings["PAGE_ORDER_BY"]):
            allowed, header_allowed = allowed | PAGE_DATE, header_allowed | {"date"}
        if not differ <= allowed or not header_differs <= header_allowed:
            shown = sorted(differ - allowed) or sorted(header_differs - header_allowed)
            return f"more than the text and title changed: {shown}"
        if engine.memo.photos_of(path) != photos:
            return "it shows other photos"
        if fresh.get_static_links() != live.get_static_links():
            return "it links other files"
        return _Edit(generator, live, fresh, differ, ARTICLE if kind == "article" else PAGE)

    def _move(self, engine: Engine, moved: list[Moved]) -> frozenset[int]:
        """The moved items' pages, searchable blocks and sitemap entries at their new files;
        the ids of the content that links to other content (it shows the new addresses)."""
        from wardportal.engine import forget_rendered_html

        if not moved:
            return frozenset()
        renamed = {move.old: move.new for move in moved}
        for move in moved:
            engine.pages.move(move.old, move.new, move.item.url)
        self._sitemap = [(renamed.get(file, file), item) for file, item in self._sitemap]
        read = (engine.items.attributes(path) for path in self._items)
        shown = linking((item for _generator, item in self._items.values()), read)
        for item in shown:
            _forget_shown(item)
        forget_rendered_html(shown)  # their HTML as converted links to the old address
        return frozenset(map(id, shown))

    def _make_files(
        self,
        engine: Engine,
        state: BuildState,
        live: frozenset[int],
        boxes: dict,
        spare: bool,
        moved: list[Moved],
        redirects: list[str],
    ) -> _Made:
        """Every file showing the edited items, made again into the staged folder (beside
        the redirect pages already there), and every other page with the boxes that
        changed; the searchable blocks indexed (Pagefind, in a thread) meanwhile."""
        from wardportal.published import write_text
        from wardportal.search_bundles import RECENT_BUNDLE
        from wardportal.search_index import BUNDLE

        site = Path(engine.pelican.output_path)
        pages = {f: r for f, r in engine.pages.replays.items() if r.shows(live)}
        blocks = {f: r for f, r in engine.pages.document_replays.items() if r.shows(live)}
        search = engine.search() if state.search is not None else None
        stable = search.stable if search is not None else None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-search") as pool:
            if search is not None:
                texts = {file: replay.make() for file, replay in blocks.items()}
                indexed = pool.submit(search.update, texts, [move.old for move in moved])
            for file, replay in pages.items():
                write_text(site / file, replay.make())
            made = set(pages) | {BUNDLE, RECENT_BUNDLE, *redirects}
            write, read = write_into(site), engine.pages.live_data
            files = engine.spare.files() if spare else None  # else its folders are walked
            patched: list[str] = []
            if boxes:
                patched = list(patch_boxes(engine.output, boxes, made, write, read, files))
            self._write_feeds(site, engine.pelican.settings, live)
            self.write_sitemap(state, site, engine.pelican)
            if search is None:
                return _Made(pages, blocks, patched, ())
            indexed.result()  # its failure, if any, raised here
        whole = place_search(search, stable, site, spare)
        return _Made(pages, blocks, patched, whole)

    def _write_feeds(self, site: Path, settings: dict, live: frozenset[int]) -> None:
        from pelican.writers import Writer

        writer = Writer(str(site), settings=settings)
        for arguments, keywords in self._feeds:
            elements = arguments[0] if arguments else keywords["elements"]
            elements = elements[: settings["FEED_MAX_ITEMS"]]
            if any(id(element) in live for element in elements):
                writer.write_feed(*arguments, **keywords)
            # else: linked from the live site with everything else


def place_search(search: SearchBundles, stable: Any, site: Path, spare: bool) -> tuple[str, ...]:
    """The search bundles placed in the staged `site` after a quick change (the stable one
    as it was before: `stable`); the top folders to publish whole. With the stable bundle
    unchanged, the spare site has it already."""
    from wardportal.search_bundles import RECENT_BUNDLE
    from wardportal.search_index import BUNDLE

    whole = (RECENT_BUNDLE,) if search.stable == stable else (BUNDLE, RECENT_BUNDLE)
    search.place(site, always_recent=True, stable=BUNDLE in whole or not spare)
    return whole


class QuickRun:
    """One quick change's run (an edit here, an added article: engine_adds), around its
    work: a Decline or any other failure is noted as why the ordinary build runs instead
    (which says what it is), and ends the run. Unless the run published, its staged folder
    goes, and once it applied the change to the live objects (`applied`), no quick change
    follows until an ordinary build publishes again."""

    def __init__(self, quick: QuickEdits, state: BuildState, pelican: Any) -> None:
        self.quick, self.state, self.pelican = quick, state, pelican
        self.applied = self.published = False

    def __enter__(self) -> QuickRun:
        return self

    def __exit__(self, kind: type | None, failure: BaseException | None, _trace: Any) -> bool:
        if isinstance(failure, Decline):
            self.quick.declined = str(failure)
        elif failure is not None:
            self.quick.declined = f"{type(failure).__name__}: {failure}"
        if not self.published:
            if self.applied:
                self.quick.forget()
            self.state.abandon()  # the staged folder, unless handed to the spare
        self.state.end(self.pelican)
        return isinstance(failure, Exception)  # the ordinary build runs instead


@dataclass(frozen=True)
class _Made:
    """What a quick edit made again: pages and searchable blocks (by file), and the top
    folders it made whole (the search bundles)."""

    pages: dict[str, Replay]
    blocks: dict[str, Replay]
    patched: list[str]  # pages whose boxes only changed
    whole: tuple[str, ...]


class _None:
    """An attribute one of two objects does not have."""


_NONE = _None()


def _changed_keys(before: dict, after: dict) -> frozenset[str]:
    """The names whose value differs between two mappings (or that one does not have)."""
    return frozenset(
        name
        for name in before.keys() | after.keys()
        if not _same(before.get(name, _NONE), after.get(name, _NONE))
    )


def _same(before: object, after: object) -> bool:
    """Equal, and spelt the same: Pelican's authors, tags and categories are equal by slug,
    but "nguyễn văn an" and "Nguyễn Văn An" are shown as written (the feeds, the lists)."""
    if isinstance(before, URLWrapper) and isinstance(after, URLWrapper):
        spelt = before.name, before.slug
        return type(before) is type(after) and spelt == (after.name, after.slug)
    if isinstance(before, URLWrapper) or isinstance(after, URLWrapper):
        return False  # a term for a text, or none: Pelican compares a text with the slug
    if isinstance(before, (list, tuple)) and type(before) is type(after):
        return len(before) == len(after) and all(map(_same, before, after))
    return bool(before == after)


def _apply(edits: list[_Edit]) -> tuple[frozenset[int], list[Moved]]:
    """The live objects take the new values (text, title, slug); the ids of those objects,
    and those whose address moved."""
    from wardportal.engine import forget_rendered_html

    moved = []
    for edit in edits:
        file, slug = edit.live.save_as, edit.live.slug
        for name in edit.differ:
            if name in vars(edit.fresh):
                setattr(edit.live, name, getattr(edit.fresh, name))
            else:  # a header removed (Summary)
                vars(edit.live).pop(name, None)
        if "slug" in edit.differ:
            _fix_address(edit.live, edit.fresh)
        if edit.live.save_as != file:
            moved.append(Moved(edit.live, file, edit.live.save_as, slug))
        # Read anew, its header's links are as written ({filename}…): resolved as the build
        # resolves them (Pelican's run, after reading).
        edit.live.refresh_metadata_intersite_links()
        _forget_shown(edit.live)
    forget_rendered_html([edit.live for edit in edits])  # and, when one moved: _move
    return frozenset(id(edit.live) for edit in edits), moved


def _fix_address(live: Any, fresh: Any) -> None:
    """The address the build fixed on an article once final (content_rules.add_reading_aids:
    override_url, override_save_as) fixed again from its new slug."""
    fixed = [f"override_{name}" for name in ("url", "save_as")]
    fixed = [name for name in fixed if name in vars(live) and name not in vars(fresh)]
    for name in fixed:
        delattr(live, name)
    for name in fixed:
        setattr(live, name, getattr(live, name.removeprefix("override_")))


def _forget_shown(item: Any) -> None:
    """An item's caches of what pages showed of it (page_memo: "_portal_" attributes)."""
    for name in [name for name in vars(item) if name.startswith("_portal_")]:
        delattr(item, name)
