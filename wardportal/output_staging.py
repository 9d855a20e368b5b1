"""Before and after writing: the plan checked, the manifest and sitemap, the swap.

Nothing is written while reading found errors, two things share an address or a published
address would vanish; at the end the redirect pages, the sitemap, the page manifest, the
search index and the address record are added and the staged folder is swapped in whole.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from wardportal import build_log, csp, permalinks, published, vndates
from wardportal.build_errors import ContentError, relative
from wardportal.build_state import STATE_KEY, BuildState, content_file, state_of
from wardportal.content_rules import published_items
from wardportal.emc import Emc
from wardportal.engine import engine_of
from wardportal.images import is_raster
from wardportal.page_memo import PageMemo, link_table
from wardportal.parallel import ForkedTask
from wardportal.permalinks import Lists, Moves
from wardportal.share_cards import ShareCards
from wardportal.site_search import start_search

MANIFEST_PATH = "_portal/pages.json"


class PortalWriter(Writer):
    """Pelican's writer, made when writing starts: the moment the search index can start.

    Pelican asks get_writer for a writer class once per run, after every generator read its
    content and before any writes: its creation is the signal that writing starts, for the
    search index and for the generators that write their own pages (start_writing).

    In the long-running engine, a page whose inputs are the ones its live copy was rendered
    from is not rendered: the staged site gets a second name for the live file
    (wardportal.page_memo). A file with such a name is never written through: it is removed
    first, so the live site never changes under its readers.
    """

    def __init__(self, output_path, settings=None, memo: PageMemo | None = None) -> None:
        """memo: a quick add's (wardportal.engine_adds), begun: writing has started."""
        super().__init__(output_path, settings=settings)
        self.memo = memo
        self._made: Path | bytes | None = None  # the live file, or a patched page's bytes
        self._linked: set[str] = set()
        if memo is None and settings is not None and STATE_KEY in settings:
            self.memo = live_pages(settings)
            if self.memo is not None:  # first: the search reuses unchanged items' text
                engine, state = engine_of(settings), state_of(settings)
                assert engine is not None  # live_pages found it
                items = [item for g in state.generators for item in published_items(g)]
                self.memo.begin(engine.output, link_table(items), engine.memo.photos_digest())
            for generator in state_of(settings).generators:
                if hasattr(generator, "start_writing"):  # it writes its own pages (the roll)
                    generator.start_writing()
            start_search(settings)

    def write_file(self, name, template, context, *args, **kwargs) -> None:
        if self.memo is not None and name:
            template = _RememberedTemplate(template, self)
        super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *arguments, **keywords):
        if self.memo is not None:  # a quick edit writes it again (engine_edits)
            engine = engine_of(self.settings)
            assert engine is not None
            engine.edits.note_feed(arguments, keywords)
        return super().write_feed(*arguments, **keywords)

    def _open_w(self, filename, encoding, override=False):
        made, self._made = self._made, None
        if filename in self._linked and filename not in self._overridden_files:
            os.unlink(filename)  # written again in this build: a file of its own
            self._linked.discard(filename)
        if made is None:
            return super()._open_w(filename, encoding, override)
        if filename in self._written_files or filename in self._overridden_files:
            opened = super()._open_w(filename, encoding, override)  # Pelican's rules
            opened.close()
            if opened.name == os.devnull:  # not written again: nothing to do
                return io.StringIO()
            os.unlink(filename)
        else:  # what Pelican's _open_w records of a first write
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
        if isinstance(made, Path):
            os.link(made, filename)  # the live file under a second name
            self._linked.add(filename)
        else:
            with open(filename, "wb") as file:
                file.write(made)
        return io.StringIO()  # the empty text "rendered" for it goes nowhere


class _RememberedTemplate:
    """A page's template, asked first whether the live page can be reused (PageMemo.make)."""

    def __init__(self, template, writer: PortalWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, context: dict) -> str:
        assert self.writer.memo is not None
        found = self.writer.memo.make(self.template, context, context["output_file"])
        if isinstance(found, str):  # rendered: written as Pelican writes text
            return found
        self.writer._made = found  # _open_w names the live file, or writes the bytes
        return ""


def live_pages(settings: dict) -> PageMemo | None:
    """The pages of the live site a long-running build may reuse; None in a full build
    (or one that writes straight into the served folder: nothing there can be reused)."""
    engine = engine_of(settings)
    if engine is None or STATE_KEY not in settings or state_of(settings).staged is None:
        return None
    return engine.pages


def writer_class(pelican) -> type[Writer]:
    """For Pelican's get_writer signal: the portal's writer."""
    return PortalWriter


def check_before_writing(generators) -> None:
    """Stop before writing anything when reading found errors, two things share an address,
    or an address published before would disappear."""
    for generator in generators:
        if hasattr(generator, "settings") and STATE_KEY in generator.settings:
            state = state_of(generator.settings)
            state.generators = list(generators)
            settings = generator.settings
            planned = list(published.planned_files(generators, settings, state.project_root))
            if state.cards is not None:
                _plan_share_cards(state.cards, generators, settings)
                planned += published.share_card_files(state.cards.cards)
            for error in published.collisions(planned):
                state.errors.record(error)
            state.moves = plan_moves(state, settings, {path for path, *_ in planned})
            for error in state.moves.errors:
                state.errors.record(error)
            state.fail_if_errors()
            _make_photos_shown_everywhere(state, settings)
            if state.cards is not None and settings["PORTAL_PARALLEL"]:
                state.cards_task = ForkedTask.start(partial(state.cards.make_all, 0, 2))
            return


def _plan_share_cards(cards: ShareCards, generators, settings: dict) -> None:
    """A share card for every article, page and honour entry without a photo, and one for
    the site (the lists, and every page when SITE_SHARE_IMAGE is not set); drawn later."""
    site_card = cards.card(settings["SITENAME"])
    for generator in generators:
        if hasattr(generator, "context"):
            generator.context["SITE_SHARE_CARD"] = site_card
        for item in published_items(generator):
            if not getattr(item, "image", None):
                item.share_card = cards.card(item.title)
        for entry in getattr(generator, "share_entries", tuple)():
            entry.share_card = cards.card(entry.title)


def _make_share_cards(state: BuildState) -> None:
    """The cards: every other one drawn by the helper started before writing, the rest here
    (the pages are written: nothing else to do while waiting), or all here without a helper."""
    if state.cards is not None:
        task, state.cards_task = state.cards_task, None
        if task is not None:
            state.cards.make_all(1, 2)
        if task is None or not task.wait():
            state.cards.make_all()  # what the helper made is in the cache: only the rest


def _make_photos_shown_everywhere(state: BuildState, settings: dict) -> None:
    """Banner photos and the site's share picture, made here once, before any helper process
    forks (the honour roll's writer, the search indexer): pages written in several processes
    then only read them, and no two processes make the same files."""
    for generator in state.generators:
        for item in published_items(generator):
            if getattr(item, "image", None):
                state.image_variants().picture(item.image)
    share = settings.get("SITE_SHARE_IMAGE")
    if share and is_raster(share) and Path(settings["PATH"], share).is_file():
        state.image_variants().picture(share)


def plan_moves(state: BuildState, settings: dict, planned: set[str]) -> Moves:
    """Compare what this build publishes (state.generators' items, and the files
    `planned`) with the record (wardportal.permalinks)."""
    lists = Lists()
    found = []
    for name, pairs in (("PORTAL_GONE_LIST", False), ("PORTAL_REDIRECT_LIST", True)):
        path, shown = content_file(settings, name)
        entries, errors = permalinks.read_url_list(path, shown, pairs=pairs) if path else ({}, [])
        found.append((entries, shown))
        for error in errors:
            state.errors.record(error)
    (lists.gone, lists.gone_file), (lists.redirects, lists.redirects_file) = found
    current, withheld, list_pages = published.addresses(state.generators, settings)
    occupied = {published.url_of(path) for path in planned}
    return permalinks.plan_moves(state.record, current, withheld, lists, list_pages, occupied)


def note_written_page(path: str, context: dict) -> None:
    """Every page Pelican writes goes to the sitemap queue (and the counter's manifest)."""
    if STATE_KEY in context:
        state = state_of(context)
        state.written_pages.append(path)
        state.sitemap.queue_page(path, context)


def finish_build(pelican) -> None:
    """Sitemap, page manifest, then publish the staged folder, unless anything failed."""
    state = state_of(pelican.settings)
    state.fail_if_errors()
    if state.moves is not None:
        published.write_moves(
            state.moves,
            Path(pelican.output_path),
            theme_page(state.generators),
            pelican.settings["SITE_ROOT"],
        )
    engine = engine_of(pelican.settings)
    if engine is not None and live_pages(pelican.settings) is not None:
        engine.edits.note_sitemap(state.sitemap.page_queue, pelican.output_path)
    state.sitemap.finalize(pelican)
    _make_share_cards(state)
    write_manifest(Path(pelican.output_path), state.written_pages, pelican.settings)
    write_security_policy(Path(pelican.output_path), pelican.settings)
    if state.search is not None:
        try:
            state.search.finish()
        except ContentError as error:
            state.errors.record(error)
    path, shown = content_file(pelican.settings, "PORTAL_URL_RECORD")
    if state.moves is not None and path and pelican.settings["PORTAL_WRITE_URL_RECORD"]:
        try:
            permalinks.save_record(state.moves.record, path)
        except OSError as error:
            state.errors.record(
                ContentError(shown, f"không ghi được sổ địa chỉ ({error.strerror})")
            )
    state.fail_if_errors()
    if state.markdown_cache is not None:
        state.markdown_cache.prune()
    state.end(pelican)
    if state.staged is not None:
        state.staged.publish(engine.remove_later if engine is not None else None)
    seconds = (datetime.now(vndates.VIETNAM) - state.started).total_seconds()
    shown = relative(state.final_output, state.project_root)
    build_log.say_built(len(state.written_pages), shown, seconds)


def theme_page(generators) -> Callable[..., str]:
    """render(name, **variables): a page of the theme that no generator writes (a redirect,
    a gone page), from the articles generator's context."""
    renderer = next(g for g in generators if isinstance(g, ArticlesGenerator))
    return lambda name, **variables: renderer.get_template(name).render(
        {**renderer.context, **variables}
    )


def write_security_policy(output: Path, settings: dict) -> None:
    """The site's Content-Security-Policy for nginx and the preview (see wardportal.csp)."""
    policy = Emc.from_settings(settings).policy()
    path = output / csp.MAP_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csp.nginx_map(policy), encoding="utf-8")


def write_manifest(output: Path, written: list[str], settings: dict) -> None:
    """List every published page's URL path, for the visit counter to accept.

    `written` is what the build announced writing (so no second walk of the output). The
    manifest also says which address the site was built for and whether it is a development
    build, so `make deploy` can refuse to upload a preview.
    """
    files = (Path(os.path.relpath(page, output)).as_posix() for page in written)
    write_manifest_paths(
        output, {path for file in files if (path := manifest_path(file))}, settings
    )


def manifest_path(file: str) -> str | None:
    """The URL path the manifest lists for a file the build wrote (None: not a page)."""
    if file.endswith(".html") and file != "404.html":
        return "/" + file.removesuffix("index.html")
    return None


def write_manifest_paths(output: Path, paths: set[str], settings: dict) -> None:
    """The manifest of the pages at `paths` (write_manifest)."""
    manifest = output / MANIFEST_PATH
    manifest.parent.mkdir(parents=True, exist_ok=True)
    generated = datetime.now(vndates.VIETNAM).isoformat(timespec="seconds")
    manifest.write_text(
        json.dumps(
            {
                "generated": generated,
                "siteurl": settings.get("SITEURL", ""),
                "development": settings["PORTAL_DEV_RELOAD"],
                "paths": sorted(paths),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
