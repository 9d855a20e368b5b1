"""The state of one build run, kept between Pelican's signals.

The state lives on a BuildState kept in the build's settings, not in module globals, so
repeated builds in one process (the devserver, the engine, tests) never see each other's data.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from pelican.plugins.sitemap.sitemap import SitemapGenerator

from wardportal import permalinks, sitemap_dates, vndates
from wardportal.atomic_output import StagedOutput
from wardportal.build_errors import (
    BuildFailed,
    ContentError,
    ErrorCollector,
    relative,
    show_plain_messages,
)
from wardportal.engine import engine_of
from wardportal.engine_search import EngineSearch
from wardportal.images import ImageVariants
from wardportal.markdown_cache import MarkdownCache, converter_fingerprint
from wardportal.parallel import ForkedTask
from wardportal.permalinks import Moves, Record
from wardportal.prefetch import MarkdownPrefetch
from wardportal.search_cache import SearchCache
from wardportal.search_index import SearchIndexer
from wardportal.settings import project_folder
from wardportal.share_cards import FontMissing, ShareCards, find_font

STATE_KEY = "_PORTAL_BUILD"
_PELICAN_LOGGER = logging.getLogger("pelican")


class BuildState:
    """Everything one run of the build keeps between Pelican's signals."""

    def __init__(self, pelican) -> None:
        self.project_root = project_folder(pelican.settings)
        self.errors = ErrorCollector(self.project_root, pelican.settings["PATH"])
        sitemap_dates.install()
        self.sitemap = SitemapGenerator()
        self.sitemap.init(pelican)
        self.final_output = pelican.output_path
        self.staged: StagedOutput | None = None
        self.written_pages: list[str] = []
        self.started = datetime.now(vndates.VIETNAM)
        self.search: SearchIndexer | EngineSearch | None = None
        self.generators: list = []
        self.images: ImageVariants | None = None
        self.cards: ShareCards | None = None
        self.cards_task: ForkedTask | None = None
        self.markdown_prefetch: MarkdownPrefetch | None = None
        self.record = Record()  # the addresses earlier builds published (permalinks)
        self.moves: Moves | None = None
        self.markdown_cache: MarkdownCache | None = None
        # Slugs the prefetching child already made, by their text: python-slugify is slow
        # enough that slugging every title again shows in the build time.
        self.known_slugs: dict[str, str] = {}

    def image_variants(self) -> ImageVariants:
        """The image pipeline, set up when the run starts, before any page is written."""
        if self.images is None:
            raise RuntimeError("the image pipeline is used before the build set it up")
        return self.images

    def fail_if_errors(self) -> None:
        if self.errors.errors:
            self.abandon()
            raise BuildFailed(self.errors.errors, relative(self.final_output, self.project_root))

    def end(self, pelican) -> None:
        """The run is over: its Markdown cache closed, its error collector no longer
        listening, Pelican pointed at the served folder again."""
        if self.markdown_cache is not None:
            self.markdown_cache.close()
        _PELICAN_LOGGER.removeHandler(self.errors)
        pelican.output_path = self.final_output

    def abandon(self) -> None:
        """The run stops early: every helper process is stopped before the staged folder
        goes, so none is left writing into a folder being removed."""
        if self.search is not None:
            self.search.close()  # stops a child still indexing
        if self.markdown_prefetch is not None:
            self.markdown_prefetch.close()
        if self.cards_task is not None:
            self.cards_task.stop()
        for generator in self.generators:
            writer = getattr(generator, "background", None)  # the honour roll's writer
            if writer is not None:
                writer.stop()
        if self.markdown_cache is not None:
            self.markdown_cache.close()
        if self.staged is not None:
            self.staged.discard()


class BuildHolder:
    """Holds the current run's BuildState.

    Pelican copies the settings into the template context once per run, before any
    per-run signal; a holder shared by both lets every signal reach the current run.
    """

    current: BuildState | None = None

    def __init__(self, output_path: str) -> None:
        self.output_path = output_path


def state_of(settings: dict) -> BuildState:
    return settings[STATE_KEY].current


def markdown_cache_of(settings: dict) -> MarkdownCache | None:
    """The running build's Markdown cache (wardportal.markdown_cache), if it has one."""
    state = settings[STATE_KEY].current if STATE_KEY in settings else None
    return state.markdown_cache if state is not None else None


def run_build(pelican) -> None:
    """Pelican's run, for callers that live on after it (portal check, the engine): after an
    unforeseen failure the run's helpers are stopped and its staged folder dropped at once,
    not when the process ends (a plain `pelican` leaves that to atexit)."""
    try:
        pelican.run()
    except BuildFailed:
        raise  # fail_if_errors has already let everything go
    except Exception:
        holder = pelican.settings.get(STATE_KEY)
        if holder is not None and holder.current is not None:
            holder.current.abandon()
        raise


def report_error(settings: dict, error: ContentError) -> None:
    """A content error found by a generator joins this run's list (or the log, outside a
    portal build: a generator used alone in a test)."""
    if STATE_KEY in settings:
        state_of(settings).errors.record(error)
    else:
        _PELICAN_LOGGER.error("%s", error)


def start_run(pelican) -> None:
    """At the start of every run (autoreload runs many): catch errors, stage the output."""
    for handler in list(_PELICAN_LOGGER.handlers):
        if isinstance(handler, ErrorCollector):
            _PELICAN_LOGGER.removeHandler(handler)
    holder = pelican.settings[STATE_KEY]
    pelican.output_path = holder.output_path
    state = BuildState(pelican)
    holder.current = state
    # `pelican -q` sets the root level to CRITICAL: Pelican's errors ("Could not process …")
    # would then never be made, and a broken file would be dropped with exit 0.
    if _PELICAN_LOGGER.getEffectiveLevel() > logging.WARNING:
        _PELICAN_LOGGER.setLevel(logging.WARNING)
    _PELICAN_LOGGER.addHandler(state.errors)
    show_plain_messages()
    if pelican.settings["PORTAL_ATOMIC_OUTPUT"]:
        state.staged = StagedOutput(pelican.output_path)
        pelican.output_path = str(state.staged.staging)
    settings = pelican.settings
    state.images = ImageVariants(
        content_root=Path(settings["PATH"]),
        output=Path(pelican.output_path),
        cache=Path(state.project_root, settings["PORTAL_IMAGE_CACHE"]),
        site_root=settings["SITE_ROOT"],
        widths=tuple(settings["PORTAL_IMAGE_WIDTHS"]),
    )
    if settings["PORTAL_SHARE_CARDS"]:
        try:
            font = find_font(settings["PORTAL_SHARE_CARD_FONT"])
        except FontMissing as error:
            state.errors.record(ContentError("", str(error)))
        else:
            state.cards = ShareCards(
                output=Path(pelican.output_path),
                # Beside the photos' copies (.cache/images → .cache/share-cards).
                cache=Path(state.project_root, settings["PORTAL_IMAGE_CACHE"]).parent
                / "share-cards",
                site_root=settings["SITE_ROOT"],
                ward=settings["WARD_NAME"],
                font=font,
            )
    engine = engine_of(settings)
    if settings["PORTAL_SEARCH"] and engine is not None and state.staged is not None:
        state.search = EngineSearch(engine.search(), Path(pelican.output_path).resolve())
    elif settings["PORTAL_SEARCH"]:
        state.search = SearchIndexer(Path(pelican.output_path).resolve(), SearchCache.of(settings))
    if settings["PORTAL_MARKDOWN_CACHE"]:
        state.markdown_cache = MarkdownCache(
            Path(state.project_root, settings["PORTAL_MARKDOWN_CACHE"], "markdown.sqlite3"),
            converter_fingerprint(settings["MARKDOWN"]),
        )
    path, shown = content_file(settings, "PORTAL_URL_RECORD")
    try:
        state.record = permalinks.load_record(path, shown) if path else Record()
    except ContentError as error:
        state.errors.record(error)


def content_file(settings: dict, name: str) -> tuple[Path | None, str]:
    """A portal file inside the content folder named by a setting (None when the setting is
    empty: that file is not used), and how the officer sees it."""
    if not settings[name]:
        return None, ""
    path = Path(settings["PATH"], settings[name])
    return path, relative(os.path.abspath(path), project_folder(settings))
