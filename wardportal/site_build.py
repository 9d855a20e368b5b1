"""What the portal adds to a Pelican build, as plain functions on Pelican's objects.

The plugin in plugins/portal only connects these to signals. The state of one build lives
on a BuildState kept in the build's settings, not in module globals, so repeated builds in
one process (autoreload, tests) never see each other's data.
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlparse

from jinja2 import Environment, pass_environment
from jinja2.filters import do_truncate
from markupsafe import Markup
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins.sitemap.sitemap import SitemapGenerator
from pelican.urlwrappers import Category, Tag

from wardportal import build_log, csp, permalinks, published, vndates
from wardportal.atomic_output import StagedOutput
from wardportal.build_errors import (
    BuildFailed,
    ContentError,
    ErrorCollector,
    relative,
    show_plain_messages,
)
from wardportal.emc import Emc
from wardportal.forked import ForkedTask
from wardportal.images import ImageVariants, is_raster, picture_html
from wardportal.markdown_cache import MarkdownCache, converter_fingerprint
from wardportal.permalinks import CATEGORY, TAG, Lists, Moves, Record
from wardportal.prefetch import MarkdownPrefetch
from wardportal.safe_html import inline_html
from wardportal.search_index import Document, SearchIndexer, searchable_blocks
from wardportal.settings import apply_defaults
from wardportal.share_cards import FontMissing, ShareCards, find_font
from wardportal.taxonomy import TermPlan, plan_terms
from wardportal.vntext import match_key, slugify, sort_key

STATE_KEY = "_PORTAL_BUILD"
MANIFEST_PATH = "_portal/pages.json"
_PELICAN_LOGGER = logging.getLogger("pelican")


class BuildState:
    """Everything one run of the build keeps between Pelican's signals."""

    def __init__(self, pelican) -> None:
        self.project_root = os.path.dirname(os.path.abspath(pelican.settings["PATH"]))
        self.errors = ErrorCollector(self.project_root, pelican.settings["PATH"])
        self.sitemap = SitemapGenerator()
        self.sitemap.init(pelican)
        self.final_output = pelican.output_path
        self.staged: StagedOutput | None = None
        self.written_pages: list[str] = []
        self.started = datetime.now(vndates.VIETNAM)
        self.search: SearchIndexer | None = None
        self.generators: list = []
        self.images: ImageVariants | None = None
        self.cards: ShareCards | None = None
        self.cards_task: ForkedTask | None = None
        self.markdown_prefetch: MarkdownPrefetch | None = None
        self.record = Record()  # the addresses earlier builds published (permalinks)
        self.moves: Moves | None = None
        self.markdown_cache: MarkdownCache | None = None

    def image_variants(self) -> ImageVariants:
        """The image pipeline, set up when the run starts, before any page is written."""
        if self.images is None:
            raise RuntimeError("the image pipeline is used before the build set it up")
        return self.images

    def fail_if_errors(self) -> None:
        if self.errors.errors:
            self.abandon()
            raise BuildFailed(self.errors.errors, relative(self.final_output, self.project_root))

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


def abandon_run(settings: dict) -> None:
    """After an unforeseen failure: stop this run's helpers and drop its staged folder."""
    holder = settings.get(STATE_KEY)
    if holder is not None and holder.current is not None:
        holder.current.abandon()


def report_error(settings: dict, error: ContentError) -> None:
    """A content error found by a generator joins this run's list (or the log, outside a
    portal build: a generator used alone in a test)."""
    if STATE_KEY in settings:
        state_of(settings).errors.record(error)
    else:
        _PELICAN_LOGGER.error("%s", error)


def configure(pelican) -> None:
    """Once per Pelican instance: check the settings, add filters, autoescape everything."""
    settings = pelican.settings
    apply_defaults(settings)
    Emc.from_settings(settings)  # a bad EMC address stops the build before anything is read
    settings[STATE_KEY] = BuildHolder(pelican.output_path)
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "autoescape": True}
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "long_date": vndates.long_date,
        "short_date": vndates.short_date,
        "iso_date": vndates.iso_datetime,
        "clock": vndates.clock,
        "picture": lambda path: state_of(settings).image_variants().picture(path),
        "absolute": lambda url: urljoin(settings.get("SITEURL", "") + "/", url),
        "description": description,
        "inline_html": lambda html: Markup(inline_html(str(html))),
    }
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "picture_html": picture_html}
    settings["SITE_ROOT"] = urlparse(settings.get("SITEURL", "")).path.rstrip("/")


@pass_environment
def description(environment: Environment, content) -> str:
    """The plain-text description of an article or page (its summary, at most 300 characters).

    A page shows it three times (description, Open Graph, Dublin Core): made once per item.
    """
    cached = content.__dict__.get("_portal_description")
    if cached is None:
        summary = Markup(content.metadata.get("summary") or content.summary).striptags()
        cached = content._portal_description = do_truncate(environment, summary, 300)
    return cached


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
    if settings["PORTAL_SEARCH"]:
        state.search = SearchIndexer(Path(pelican.output_path).resolve())
    if settings["PORTAL_MARKDOWN_CACHE"]:
        state.markdown_cache = MarkdownCache(
            Path(state.project_root, settings["PORTAL_MARKDOWN_CACHE"], "markdown.sqlite3"),
            converter_fingerprint(settings["MARKDOWN"]),
        )
    path, shown = _content_file(settings, "PORTAL_URL_RECORD")
    try:
        state.record = permalinks.load_record(path, shown) if path else Record()
    except ContentError as error:
        state.errors.record(error)


def _content_file(settings: dict, name: str) -> tuple[Path | None, str]:
    """A portal file inside the content folder named by a setting (None when the setting is
    empty: that file is not used), and how the officer sees it."""
    if not settings[name]:
        return None, ""
    path = Path(settings["PATH"], settings[name])
    project = os.path.dirname(os.path.abspath(settings["PATH"]))
    return path, relative(os.path.abspath(path), project)


def prefetch_articles(generator) -> None:
    """Before Pelican reads the articles, let a second core convert their Markdown too."""
    settings = generator.settings
    markdown = generator.readers.readers.get("md")
    if not settings["PORTAL_PARALLEL"] or not hasattr(markdown, "convert_ahead"):
        return
    extensions = tuple(f".{extension}" for extension in markdown.file_extensions)
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
        )
        if name.endswith(extensions)
    ]
    prefetch = MarkdownPrefetch(paths, markdown.convert_ahead)
    if prefetch.running:
        state_of(settings).markdown_prefetch = prefetch


def end_prefetch(generator) -> None:
    """The articles are read: the converting child has finished."""
    state = state_of(generator.settings)
    if state.markdown_prefetch is not None:
        state.markdown_prefetch.close()
        state.markdown_prefetch = None


def give_slug(generator, metadata: dict) -> None:
    """Slug every article and page with python-slugify ("Đảng" → dang), even a typed one."""
    source = metadata.get("slug") or metadata.get("title")
    if source:
        metadata["slug"] = slugify(str(source))


def hold_future_days(generator, metadata: dict) -> None:
    """With PORTAL_HOLD_FUTURE, an article waits for its day, not for its hour.

    Publishing runs once a day just after midnight: an article dated 05/12 07:00 must be
    on the site on 05/12, so only articles dated a later day (in Vietnam) are held back.
    """
    moment = metadata.get("date")
    if not generator.settings["PORTAL_HOLD_FUTURE"] or not isinstance(moment, datetime):
        return
    # The build's own start, read once: every article of one build is judged on one day.
    if waits_for_its_day(moment, state_of(generator.settings).started.date()):
        metadata["status"] = "draft"


def waits_for_its_day(moment: datetime, today: date) -> bool:
    """Whether an article dated `moment` is dated a day after `today`, in Vietnam."""
    local = vndates.to_vietnam(moment)
    return (local.date() if isinstance(local, datetime) else local) > today


def unify_taxonomies(generator) -> None:
    """One Tag object per word, one Category object per name, before Pelican groups them.

    Terms published before keep their address (the record); new ones are slugged oldest
    article first, so a later typo never takes an address.
    """
    public = [*generator.articles, *generator.hidden_articles]
    everything = public + list(generator.drafts)
    record = state_of(generator.settings).record
    tag_names = [tag.name for article in public for tag in getattr(article, "tags", [])]
    plan = plan_terms(tag_names, record.term_slugs(TAG), _first_used(public, "tags"))
    plan = _with_draft_tags(plan, everything)
    tags = _term_objects(plan, Tag, generator.settings)
    categories_plan = plan_terms(
        (article.category.name for article in everything),
        record.term_slugs(CATEGORY),
        _first_used(everything, "category"),
    )
    categories = _term_objects(categories_plan, Category, generator.settings)
    for article in everything:
        if getattr(article, "tags", None):
            article.tags = [tags[plan.slug(tag.name)] for tag in article.tags]
        article.category = categories[categories_plan.slug(article.category.name)]


def _first_used(articles, attribute: str) -> dict[str, datetime]:
    """When each term (by match key) was first used: on a tie, the older term keeps a slug."""
    first: dict[str, datetime] = {}
    for article in articles:
        terms = getattr(article, attribute, None) or []
        for term in terms if isinstance(terms, list) else [terms]:
            key = match_key(term.name)
            if key not in first or article.date < first[key]:
                first[key] = article.date
    return first


def _with_draft_tags(plan: TermPlan, articles) -> TermPlan:
    """Drafts may use a tag nobody published yet: slug it without letting it move others."""
    extra = [
        tag.name
        for article in articles
        for tag in getattr(article, "tags", [])
        if tag.name and match_key(tag.name) not in plan.slugs
    ]
    if extra:
        draft_plan = plan_terms(extra, {**plan.slugs})
        plan.names.update(draft_plan.names)
        plan.slugs.update(draft_plan.slugs)
    return plan


def _term_objects(plan: TermPlan, cls, settings: dict) -> dict:
    """One object per term; each knows the other words that share its ASCII slug."""
    objects = {}
    for key, name in plan.names.items():
        term = cls(name, settings)
        term.slug = plan.slugs[key]
        term.homographs = []
        objects[term.slug] = term
    for keys in plan.shared_slugs.values():
        group = [objects[plan.slugs[key]] for key in keys]
        for term in group:
            term.homographs = [other for other in group if other is not term]
    return objects


def add_reading_aids(generator) -> None:
    """Vietnamese-ordered taxonomies, the latest-news list, neighbours and related news."""
    settings = generator.settings
    articles = generator.articles
    for article in articles:
        # Pelican recomputes a URL from settings at every use; pages show each article's
        # URL many times (lists, sidebar, neighbours), so fix it once it is final.
        article.override_url = article.url
    generator.context["BUILD_TIME"] = state_of(settings).started
    generator.context["latest_articles"] = articles[: settings["PORTAL_LATEST_COUNT"]]
    generator.context["tags"] = sorted(generator.tags.items(), key=lambda p: sort_key(p[0].name))
    generator.context["categories"] = sorted(
        generator.categories, key=lambda pair: sort_key(pair[0].name)
    )
    for newer, older in zip(articles, articles[1:], strict=False):
        newer.older_article = older
        older.newer_article = newer
    _link_related(articles, generator.tags, settings["PORTAL_RELATED_COUNT"])
    render_once(generator, "partials/latest", "latest_html")
    render_once(generator, "partials/footer", "footer_html")


def render_once(generator, partial: str, key: str) -> None:
    """A box that is the same on every page, rendered once per build into context[key].

    The partial shows context[key] when it is set, so pages only copy the text: thousands
    of pages no longer format the same dates and links again.
    """
    generator.context[key] = ""
    generator.context[key] = Markup(generator.get_template(partial).render(generator.context))


def _link_related(articles, tags: dict, count: int) -> None:
    """Related news: articles sharing the most tags, newest first.

    Only the newest few of each tag are considered, which keeps this linear in the
    number of articles however large a tag grows.
    """
    window = count * 4
    position = {id(article): index for index, article in enumerate(articles)}
    for article in articles:
        scores: dict[int, int] = defaultdict(int)
        for tag in getattr(article, "tags", []):
            for other in tags.get(tag, [])[:window]:
                if other is not article:
                    scores[id(other)] += 1
        ranked = sorted(scores, key=lambda key: (-scores[key], position[key]))[:count]
        article.related_articles = [articles[position[key]] for key in ranked]


def publish_photos_as_variants(generator) -> None:
    """Photos reach readers only as resized copies without EXIF, never as the original."""
    # In place: Pelican's context holds the same list and copies from it.
    generator.staticfiles[:] = [
        static for static in generator.staticfiles if not is_raster(static.source_path)
    ]


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
            state.moves = _plan_moves(state, settings, {path for path, *_ in planned})
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
        for item in _published(generator):
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
        for item in _published(generator):
            if getattr(item, "image", None):
                state.image_variants().picture(item.image)
    share = settings.get("SITE_SHARE_IMAGE")
    if share and is_raster(share) and Path(settings["PATH"], share).is_file():
        state.image_variants().picture(share)


def _plan_moves(state: BuildState, settings: dict, planned: set[str]) -> Moves:
    """Compare what this build publishes with the record (wardportal.permalinks)."""
    lists = Lists()
    found = []
    for name, pairs in (("PORTAL_GONE_LIST", False), ("PORTAL_REDIRECT_LIST", True)):
        path, shown = _content_file(settings, name)
        entries, errors = permalinks.read_url_list(path, shown, pairs=pairs) if path else ({}, [])
        found.append((entries, shown))
        for error in errors:
            state.errors.record(error)
    (lists.gone, lists.gone_file), (lists.redirects, lists.redirects_file) = found
    current, withheld, list_pages = published.addresses(state.generators, settings)
    occupied = {published.url_of(path) for path in planned}
    return permalinks.plan_moves(state.record, current, withheld, lists, list_pages, occupied)


def start_writing(pelican) -> None:
    """Pelican is about to write (every link in the content is final): start the search index.

    Sent as get_writer, the last signal before writing; no writer of our own is returned.
    """
    state = state_of(pelican.settings)
    if state.search is not None:
        generators = state.generators
        state.search.start(
            lambda: searchable_documents(generators), pelican.settings["PORTAL_PARALLEL"]
        )


def _published(generator) -> list:
    """The articles or pages a generator publishes: listed or hidden, never drafts."""
    if isinstance(generator, ArticlesGenerator):
        listed, hidden = generator.articles, generator.hidden_articles
    elif isinstance(generator, PagesGenerator):
        listed, hidden = generator.pages, generator.hidden_pages
    else:
        return []
    return [*listed, *generator.translations, *hidden, *generator.hidden_translations]


def searchable_documents(generators) -> Iterator[Document]:
    """The searchable block of every published article and page, and other generators' own.

    Hidden articles and pages are published (only not listed), so they are searchable;
    drafts never are. Any other generator may offer searchable_documents() of its own.
    """
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            yield from getattr(generator, "searchable_documents", tuple)()
            continue
        kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
        # save_as is worked out from the settings at every use: once per item here.
        pages = [(file, item) for item in _published(generator) if (file := item.save_as)]
        for template_name in sorted({item.template for _, item in pages}):
            template = generator.get_template(template_name)
            with_template = [page for page in pages if page[1].template == template_name]
            yield from searchable_blocks(template, generator.context, kind, with_template)


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
        renderer = next(g for g in state.generators if isinstance(g, ArticlesGenerator))
        published.write_moves(
            state.moves,
            Path(pelican.output_path),
            lambda name, **variables: renderer.get_template(name).render(
                {**renderer.context, **variables}
            ),
            pelican.settings["SITE_ROOT"],
        )
    state.sitemap.finalize(pelican)
    _make_share_cards(state)
    write_manifest(Path(pelican.output_path), state.written_pages, pelican.settings)
    write_security_policy(Path(pelican.output_path), pelican.settings)
    if state.search is not None:
        try:
            state.search.finish()
        except ContentError as error:
            state.errors.record(error)
    path, shown = _content_file(pelican.settings, "PORTAL_URL_RECORD")
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
        state.markdown_cache.close()
    _PELICAN_LOGGER.removeHandler(state.errors)
    if state.staged is not None:
        state.staged.publish()
        pelican.output_path = state.final_output
    seconds = (datetime.now(vndates.VIETNAM) - state.started).total_seconds()
    shown = relative(state.final_output, state.project_root)
    build_log.say_built(len(state.written_pages), shown, seconds)


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
    paths = set()
    for page in written:
        relative_path = Path(os.path.relpath(page, output)).as_posix()
        if relative_path.endswith(".html") and relative_path != "404.html":
            paths.add("/" + relative_path.removesuffix("index.html"))
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
