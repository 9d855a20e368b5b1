"""A quick add: a new article served by making again only the files that can show it.

A new article is the newsroom's commonest publication ("Duyệt và đăng"). The engine's
ordinary build (wardportal.engine) serves it right, but most of its cost is the same
whatever changed: every item of the site made again, ordered, linked and signed, and a
fresh folder of every page linked, about half a full build on 3,000 articles. Adding one
article changes little of what that work decides, and this module works out only that:

- since the last build, on the same day, only article files and photos came, and drafts
  changed or went (QuickEdits.came): in the newsroom, drafts and their photos are saved,
  sent for review and dropped between two approvals, and "Duyệt và đăng" takes a draft's
  Status line away, from a file that came since or one the last build had. A photo that
  came shows only in what names it (no item read before could name a missing file): the
  reader and the pages publish its copies;
- each is read as Pelican's generator reads it; at most one is published, and the others
  are drafts, which no page shows: they must show and have shown no photo in their text
  (the reader publishes its copies; an Image: header's is published by the pages showing
  it), link no file, not be named by the honour roll, with no item linking to another
  file (a link to a draft's file would change), must leave every published category
  shown as it was (the spelling most articles use, drafts included, and with its
  address kept by the record), and drafts must have no page (DRAFT_SAVE_AS). They take
  their place among the drafts (their tags as read: the next ordinary build makes them
  the site's); with none published, that is all;
- the article published must be in the language of the site, with the category of
  articles already published and their tags as written, or new tags: words no item has or
  had as a tag, whose ASCII slug no other word has or had (another spelling of a tag, or
  a word sharing its slug, changes how the other is shown; a new category is rare enough
  to leave to the ordinary build), a new author only while authors have no pages or
  feeds, no link to another file or item, no slug another article has (a translation), no
  honour entry named by it or naming it, at an address never published;
- it takes its place in the last build's lists (by date, then file, as
  content_rules.order_ties_by_file), its tags, category and authors, and its year's
  archives (the other years' kept: _period_archives); the neighbours, related news and
  boxes of every article are worked out again (content_rules.add_reading_aids, as the
  full build runs it);
- the pages that can show it go through the page memo (wardportal.page_memo: each reused,
  patched or rendered as its signature says): the lists (home, archives, its year's, its
  own tags' and category's; every year's, tag's and category's when their templates read
  what a new article changes besides their own articles), the feeds, the new article's
  page and those of the articles whose neighbours or related news changed. Every other
  page gets the boxes' new text ("Tin mới nhất": engine_titles.patch_boxes, from the bytes
  the memo keeps), written straight into the spare, shared with a forked child
  (wardportal.parallel: each side claims a page before patching it; the child's are read
  back into memory once the site is served, for the next add). Its searchable block goes to
  the recent search bundle; the sitemap, the page manifest and the address record take
  its address (engine_moves.plan_addresses, as a moved address); its share card is drawn;
- the new files are swapped in with the rest of the live site in one step, through the
  spare copy of the site (wardportal.spare_site): a reader never sees half of it. Where
  there is no spare (no renameat2: not Linux), the ordinary build serves the article.

Anything else, or anything unexpected on the way, goes to the ordinary build, which says
what it says (QuickEdits.declined says why, for the benchmark). tests/test_engine.py
compares the result with a clean full build, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wardportal.engine_edits import ContentDelta, QuickRun, place_search
from wardportal.engine_moves import Moved, change_manifest, plan_addresses, save_record
from wardportal.engine_titles import Decline, patch_boxes, show_boxes
from wardportal.images import is_raster
from wardportal.page_memo import PageMemo
from wardportal.parallel import Claims, ForkedResult
from wardportal.permalinks import TAG

if TYPE_CHECKING:
    from wardportal.build_state import BuildState
    from wardportal.engine import BuildOutcome, Engine
    from wardportal.permalinks import Moves


def publish_added(engine: Engine, delta: ContentDelta, stamps: tuple) -> BuildOutcome | None:
    """The article `delta` publishes (a file that came, or a draft now published) served,
    with the drafts that came, changed or went taken in; only those, when nothing is
    published. None when it is not a quick add (the caller builds as usual;
    engine.edits.declined says why)."""
    from wardportal import build_log
    from wardportal.build_errors import relative
    from wardportal.build_state import start_run, state_of
    from wardportal.engine import BuildOutcome

    quick = engine.edits
    generator = quick.articles
    engine.spare.wait()  # being made (a second or two): sooner than the ordinary build
    if generator is None or not engine.spare.ready():
        quick.declined = "no articles generator, or no spare site"
        return None
    started = time.perf_counter()
    pelican = engine.pelican
    settings = pelican.settings
    start_run(pelican)
    state = state_of(settings)
    made = 0
    with QuickRun(quick, state, pelican) as run:
        # The drafts that changed or went (QuickEdits.came) as they were, before reading
        # replaces what the memo remembers of them.
        left = {path: _draft_as_read(engine, generator, path) for path in delta.changed}
        left |= {path: _draft_as_read(engine, generator, path) for path in delta.went}
        # A photo that came shows only in what names it: the reader and the pages publish
        # its copies (a draft that shows one is declined below; no published item can
        # name a file that was not there).
        came = [path for path in delta.came if not is_raster(path)]
        if came:
            found = generator.get_files(
                settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
            )
            if any(os.path.relpath(path, generator.path) not in found for path in came):
                raise Decline("a file that came is not an article")
        read = {path: _read(generator, path) for path in [*came, *delta.changed]}
        if state.errors.errors:
            raise Decline("an error while reading")
        published = [path for path, item in read.items() if item.status == "published"]
        if len(published) > 1:
            raise Decline("more than one article published")
        drafts = {path: item for path, item in read.items() if path not in published}
        state.generators = quick.generators
        if drafts or left:
            _check_drafts(engine, state, drafts, left)
            _check_categories(engine, generator, state, left, read)
        run.applied = True  # the objects hold articles the live site does not show yet
        _take_drafts(generator, drafts, [draft.item for draft in left.values()])
        engine.memo.took_files(stamps[0])  # before a page is signed: photos are in each
        fresh = read[published[0]] if published else None
        if fresh is None:  # drafts only: the site shows none of them
            state.abandon()
            run.published = True
        else:
            _admit(engine, generator, fresh)
            shown, boxes = _place(generator, fresh, state.record.term_slugs(TAG))
            site = Path(pelican.output_path)
            add = _Addition(state, generator, fresh, shown, boxes, site)
            written, made, moves = _write(engine, add)
            state.fail_if_errors()
            save_record(settings, moves)  # last, as a full build saves it: then it publishes
            assert state.staged is not None
            engine.spare.swap_in(state.staged.release(), written, [])
            run.published = True
            # Its emptied folders (the next build may find them first: a leftover).
            engine.remove_later(site, partial(shutil.rmtree, ignore_errors=True))
    if not run.published:
        return None
    if fresh is not None:
        engine.pages.commit()
        engine.after_publishing(engine.pages.read_back)
    quick.added_items(read, delta.went, generator, stamps)
    quick.rendered = made
    seconds = time.perf_counter() - started
    shown_output = relative(state.final_output, state.project_root)
    build_log.say_updated(quick.rendered, shown_output, seconds)
    return BuildOutcome(None, seconds, len(read), 0, quick=True)


@dataclass(frozen=True)
class _Draft:
    """A draft that changed or went, as the last build had it: the live object, the photos
    in its text (None: not known) and its category as written."""

    item: Any
    photos: tuple[str, ...] | None
    category: str | None


def _draft_as_read(engine: Engine, generator: Any, path: str) -> _Draft:
    """A draft of the live site (QuickEdits.came said so) as it was read; Decline for a
    page's."""
    known = engine.edits.item_of(path)
    if known is None or known[0] is not generator:
        raise Decline("a page changed or went")
    attributes = engine.items.attributes(path) or {}
    category = attributes.get("category")
    written = str(category.name) if category is not None else None
    return _Draft(known[1], engine.memo.photos_of(path), written)


def _read(generator: Any, path: str) -> Any:
    """An article file read as the articles generator reads it (and remembered so, for the
    next ordinary build); Decline unless it is a valid article in the site's language,
    published or a draft."""
    from pelican import signals
    from pelican.contents import Article
    from pelican.readers import SkipStub

    settings = generator.settings
    name = os.path.relpath(path, generator.path)
    fresh = generator.readers.read_file(
        base_path=generator.path,
        path=name,
        content_class=Article,
        context=generator.context,
        preread_signal=signals.article_generator_preread,
        preread_sender=generator,
        context_signal=signals.article_generator_context,
        context_sender=generator,
    )
    if isinstance(fresh, SkipStub) or not fresh.is_valid():
        raise Decline("not a valid article")
    if fresh.status not in ("published", "draft"):
        raise Decline("neither published nor a draft")
    if getattr(fresh, "lang", settings["DEFAULT_LANG"]) != settings["DEFAULT_LANG"]:
        raise Decline("another language")
    generator.cache_data(name, fresh)  # engine.ItemMemo: the next build makes it from memory
    return fresh


def _check_drafts(
    engine: Engine, state: BuildState, drafts: dict[str, Any], left: dict[str, _Draft]
) -> None:
    """Decline unless the drafts read and those `left` (changed or gone, and the draft
    published) change nothing the site shows but the article published: drafts get no
    page, these show and showed no photo in their text and link no file (the reader
    publishes a photo's copies, a draft's too), are not named by the honour roll (it says
    when an entry names a draft), and no item links to another file ({filename}…: to a
    draft's, its link would change or break)."""
    from wardportal.content_rules import every_item
    from wardportal.page_memo import links_within

    if engine.pelican.settings.get("DRAFT_SAVE_AS"):
        raise Decline("drafts get a page of their own")
    if any(_shows_files(draft.item, draft.photos) for draft in left.values()):
        raise Decline("a draft showed photos or linked files")
    if any(_shows_files(draft, engine.memo.photos_of(path)) for path, draft in drafts.items()):
        raise Decline("a draft shows photos or links files")
    slugs = {draft.slug for draft in drafts.values()} | {d.item.slug for d in left.values()}
    for generator in state.generators:
        if slugs & getattr(generator, "article_names", set)():
            raise Decline("the honour roll names a draft")
        if any(links_within(item) for item in every_item(generator)):
            raise Decline("an item links to another file")


def _check_categories(
    engine: Engine, generator: Any, state: BuildState, left: dict[str, _Draft], read: dict
) -> None:
    """Decline unless every published category keeps its shown name and its address: a
    category is shown as the spelling most articles use, drafts included, counted from
    each one's category as written (content_rules.unify_taxonomies), so a draft can
    change it. left: the drafts that changed or went, as they were; read: the files read."""
    from collections import Counter

    from wardportal.permalinks import CATEGORY
    from wardportal.taxonomy import display_name
    from wardportal.vntext import match_key

    before: dict[str, str | None] = {}
    for item in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        category = (engine.items.attributes(item.source_path) or {}).get("category")
        before[item.source_path] = str(category.name) if category is not None else None
    before |= {path: draft.category for path, draft in left.items()}
    after = {path: name for path, name in before.items() if path not in left}
    after |= {path: str(item.category.name) for path, item in read.items()}
    if None in before.values():
        raise Decline("an article's category as written is not known")
    established = state.record.term_slugs(CATEGORY)
    for names in (before, after):
        by_key: dict[str, Counter] = {}
        for name, uses in Counter(map(str, names.values())).items():
            by_key.setdefault(match_key(name), Counter())[name] += uses
        for category, _articles in generator.categories:
            key = match_key(category.name)
            if key not in established or key not in by_key:
                raise Decline("a published category the address record does not keep")
            if display_name(by_key[key]) != category.name:
                raise Decline("the drafts change how a category is shown")


def _shows_files(item: Any, photos: tuple[str, ...] | None) -> bool:
    """Whether an item shows photos in its text (None: not known; the reader publishes
    their copies) or links files of the site (Pelican publishes them). An Image: header's
    photo is published only by the pages that show it."""
    return photos is None or bool(photos) or bool(item.get_static_links())


def _take_drafts(generator: Any, drafts: dict[str, Any], leaving: list[Any]) -> None:
    """The generator's drafts (the shared context holds the same list) without the objects
    `leaving` (their files changed or went) and with the drafts read, in Pelican's order.
    Their tags stay as read: no page shows a draft, and the next ordinary build makes
    them one with the site's (content_rules.unify_taxonomies)."""
    from pelican.utils import order_content

    gone = {id(draft) for draft in leaving}
    kept = [draft for draft in generator.drafts if id(draft) not in gone]
    for draft in leaving:  # a link to its file is an error again, as in a full build
        generator.context["generated_content"].pop(draft.get_relative_source_path(), None)
    for draft in drafts.values():
        generator.add_source_path(draft)
    by_file = sorted([*kept, *drafts.values()], key=attrgetter("source_path"))
    generator.drafts[:] = order_content(by_file, generator.settings["ARTICLE_ORDER_BY"])


def _admit(engine: Engine, generator: Any, fresh: Any) -> None:
    """Decline unless the article read can be placed by a quick add (see the module's
    docstring); then it is the generator's, as Pelican's generate_context makes it so."""
    from pelican.utils import process_translations

    from wardportal.content_rules import every_item
    from wardportal.page_memo import links_in, links_within

    settings = generator.settings
    if fresh.get_static_links():
        raise Decline("it links files")
    summary = str(fresh.metadata.get("summary") or "")
    if links_within(fresh) or links_in(summary) or "honours" in fresh.metadata:
        raise Decline("it links to other content or to the honour roll")
    if any(item.slug == fresh.slug for item in every_item(generator)):
        raise Decline("another article has its slug (a translation, or a clash)")
    process_translations([fresh], translation_id=settings["ARTICLE_TRANSLATION_ID"])
    generator.add_source_path(fresh)
    generator.add_static_links(fresh)
    fresh.refresh_metadata_intersite_links()


def _place(
    generator: Any, fresh: Any, established: dict[str, str]
) -> tuple[list[Any], dict[str, tuple[str, str]]]:
    """The article in the generator's lists, as the full build puts it there; the articles
    whose own page changes (it, and those whose neighbours or related news changed), in
    the order of the articles; the boxes every page shows that changed (old, new text).
    established: the tags' slugs the address record keeps (match key → slug)."""
    from pelican.utils import order_content

    from wardportal.content_rules import EVERY_PAGE_BOXES, Members, add_reading_aids

    settings = generator.settings
    if getattr(fresh, "tags", None):  # without tags it has none at all, as in Pelican
        fresh.tags = _tags(generator, fresh.tags, established)
    [fresh.category] = _terms([fresh.category], dict(generator.categories), "category")
    authors = getattr(fresh, "authors", None) or []
    new_authors = [author for author in authors if author not in dict(generator.authors)]
    if new_authors:  # an author has no page of their own here: only the list grows
        if any(settings.get(name) for name in ("AUTHOR_SAVE_AS", *_AUTHOR_FEEDS)):
            raise Decline("an author with no published article, who has a page")
        generator.authors = sorted([*generator.authors, *((a, []) for a in new_authors)])
    articles = generator.articles
    by_file = sorted([*articles, fresh], key=attrgetter("source_path"))
    articles[:] = order_content(by_file, settings["ARTICLE_ORDER_BY"])  # the context's list
    newest_first = generator.context["NEWEST_FIRST_ARCHIVES"]
    generator.dates[:] = sorted(articles, key=attrgetter("date"), reverse=newest_first)

    def with_fresh(terms: Any, chosen: list) -> Any:
        """Each term's articles, in the order of the articles, with the new one's terms'
        lists (Pelican's terms are equal by slug) taking it."""
        return [
            (term, Members([a for a in articles if a is fresh or a in listed]))
            if term in chosen
            else (term, listed)
            for term, listed in terms
        ]

    # In the order Pelican meets them in the articles (a new tag where the article is).
    met = dict.fromkeys(tag for article in articles for tag in getattr(article, "tags", []))
    listed_by_tag = {tag: generator.tags.get(tag, []) for tag in met}
    generator.tags = dict(with_fresh(listed_by_tag.items(), getattr(fresh, "tags", [])))
    generator.categories = with_fresh(generator.categories, [fresh.category])
    generator.authors = with_fresh(generator.authors, authors)
    generator.period_archives = _period_archives(generator, fresh)
    generator.context["period_archives"] = generator.period_archives
    before = {id(article): _shown_nearby(article) for article in articles}
    shown_boxes = {key: str(generator.context[key]) for key, _partial in EVERY_PAGE_BOXES}
    add_reading_aids(generator)
    boxes = {  # the new text as the context holds it (Markup: pages copy it as it is)
        key: (old, generator.context[key])
        for key, old in shown_boxes.items()
        if old != str(generator.context[key])
    }
    return [a for a in articles if a is fresh or before[id(a)] != _shown_nearby(a)], boxes


_AUTHOR_FEEDS = ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")


def _period_archives(generator: Any, fresh: Any) -> dict[str, list[dict]]:
    """Pelican's year, month and day archives with the new article: those of its year made
    again by Pelican, the others as they were. Made whole, they cost 0.1–0.2 s on 3,000
    articles (Pelican looks each article up in the list of its period's)."""
    year = fresh.date.year

    def of_year(items: list) -> list:
        return [item for item in items if item.date.year == year]

    made = generator._build_period_archives(
        of_year(generator.dates), of_year(generator.articles), generator.settings
    )
    archives = defaultdict(list)  # as Pelican's: a granularity with no archive has no key
    newest_first = generator.context["NEWEST_FIRST_ARCHIVES"]
    for granularity in ("year", "month", "day"):
        kept = generator.period_archives.get(granularity, [])
        both = [*(a for a in kept if a["period_num"][0] != year), *made.get(granularity, [])]
        if both:  # in the order of the dates, as Pelican groups them
            archives[granularity] = sorted(both, key=itemgetter("period_num"), reverse=newest_first)
    return archives


def _terms(terms: list, known: Any, kind: str) -> list:
    """The published terms (tags, a category) the new article names, by name."""
    by_name = {term.name: term for term in known}
    if any(term.name not in by_name for term in terms):
        raise Decline(f"a {kind} no published article has (or another spelling of one)")
    return [by_name[term.name] for term in terms]


def _tags(generator: Any, tags: list, established: dict[str, str]) -> list:
    """The new article's tags: the published ones by name, and each word no item of the
    site has as a tag nor ever had (the address record) as a new tag under its ASCII slug,
    when no other word has or had that slug: what content_rules.unify_taxonomies gives it
    then. Another spelling of a tag (its shown name may change), or a word sharing a slug
    (the other word's page names it), goes to the ordinary build."""
    from pelican.urlwrappers import Tag

    from wardportal.content_rules import every_item, new_term
    from wardportal.vntext import match_key, slugify

    by_name = {tag.name: tag for tag in generator.tags}
    new_names = dict.fromkeys(tag.name for tag in tags if tag.name not in by_name)
    if new_names:
        # A list: tags are equal by slug, and a set would keep one word of two.
        known = [tag for item in every_item(generator) for tag in getattr(item, "tags", [])]
        keys = {match_key(tag.name) for tag in known} | established.keys()
        slugs = {*established.values(), *(tag.slug for tag in known)}
        slugs |= {slugify(tag.name) or "khac" for tag in known}
        for name in new_names:
            key, slug = match_key(name), slugify(name) or "khac"
            if key in keys or slug in slugs:
                raise Decline("a new tag: another spelling of a tag, or another's slug")
            keys.add(key)
            slugs.add(slug)
            by_name[name] = new_term(Tag, name, slug, generator.settings)
    return [by_name[tag.name] for tag in tags]


def _shown_nearby(article: Any) -> tuple:
    """What an article's own page shows of other articles: its neighbours, related news."""
    related = tuple(map(id, getattr(article, "related_articles", ())))
    older, newer = getattr(article, "older_article", None), getattr(article, "newer_article", None)
    return related, id(older), id(newer)


@dataclass(frozen=True)
class _Addition:
    """One quick add's parts: the run, the articles generator, the article, the articles
    whose own page changes with it, the boxes' (old, new) text, the staged folder."""

    state: BuildState
    generator: Any
    fresh: Any
    shown: list
    boxes: dict[str, tuple[str, str]]
    site: Path


def _write(engine: Engine, add: _Addition) -> tuple[tuple[str, ...], int, Moves]:
    """Every file that can show the new article made into the staged folder through the
    page memo, every other page with the boxes' new text, the search bundles placed; the
    top folders to publish whole (the search bundles), how many pages were made (not
    reused), and the plan of addresses with its address. The forked child patching the
    boxes starts first: the plan, the share card, the sitemap and the manifest are worked
    out here meanwhile, and a failure waits for it (it writes into the spare)."""
    state, fresh = add.state, add.fresh
    settings = add.generator.settings
    parallel = add.boxes and settings["PORTAL_PARALLEL"]
    patching = _patch_in_child(engine, add.boxes) if parallel else None
    try:
        moves = plan_addresses(state, settings, [Moved(fresh, "", fresh.save_as, fresh.slug)])
        if state.cards is not None and not getattr(fresh, "image", None):
            fresh.share_card = state.cards.card(fresh.title)
            state.cards.make_all()
        top, count = _make_files(engine, add, patching)
    except BaseException:
        if patching is not None and not patching.joined:  # done with the spare first
            patching.written()
        raise
    return top, count, moves


def _make_files(
    engine: Engine, add: _Addition, patching: _Patching | None
) -> tuple[tuple[str, ...], int]:
    """_write's files: the pages, the feeds, the sitemap and the manifest (the child still
    patching), then this process's share of the patch; the search bundles placed."""
    from wardportal.content_rules import published_items
    from wardportal.output_staging import PortalWriter
    from wardportal.page_memo import link_table
    from wardportal.search_index import searchable_blocks

    state, generator, fresh, boxes, site = add.state, add.generator, add.fresh, add.boxes, add.site
    settings = generator.settings
    memo, quick = engine.pages, engine.edits
    if boxes:
        show_boxes(boxes, quick.generators, memo.replays.values())
    items = [item for g in state.generators for item in published_items(g)]
    memo.begin_partial(link_table(items), engine.memo.photos_digest())
    search = engine.search() if state.search is not None else None
    stable = search.stable if search is not None else None
    template = generator.get_template(fresh.template)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-search") as pool:
        if search is not None:
            pages = [(fresh.save_as, fresh)]
            blocks = dict(searchable_blocks(template, generator.context, "article", pages))
            indexed = pool.submit(search.update, blocks, [])
        quick.begin()  # the feeds noted anew
        writer = PortalWriter(str(site), settings=settings, memo=memo)
        made = _make_pages(generator, fresh, add.shown, writer)
        quick.feeds_written()
        new_pages = quick.sitemap_with(state.sitemap.page_queue, str(site))
        quick.write_sitemap(state, site, engine.pelican)
        change_manifest(engine.output, site, settings, (), new_pages)
        patched = _patched(engine, boxes, made, patching) if boxes else 0
        count = memo.rendered + memo.patched + patched
        if search is None:
            return (), count
        indexed.result()  # its failure, if any, raised here
    return place_search(search, stable, site, spare=True), count


def _make_pages(generator: Any, fresh: Any, shown: list, writer: Any) -> set[str]:
    """Every page that can show the new article, through the page memo (PortalWriter):
    the feeds, the pages of the articles `shown` (as generate_articles writes each), the
    lists; the files made, relative to the writer's folder."""
    generator.generate_feeds(writer)
    write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
    nothing: list = []
    hidden = {"translations": nothing, "hidden_translations": nothing, "hidden_articles": nothing}
    with _instead(generator, articles=shown, **hidden):  # the shared context keeps them all
        generator.generate_articles(write)
    with _own_periods_only(generator, fresh, writer.memo):
        generator.generate_period_archives(write)
    generator.generate_direct_templates(write)
    with _own_terms_only(generator, fresh, writer.memo):
        generator.generate_tags(write)
        generator.generate_categories(write)
    return {os.path.relpath(name, writer.output_path) for name in writer._written_files}


@contextmanager
def _instead(generator: Any, **values: Any) -> Iterator[None]:
    """Within: the generator's attributes named take these values (Pelican's page writers
    go through them; the context the pages render from is not changed)."""
    kept = {name: getattr(generator, name) for name in values}
    for name, value in values.items():
        setattr(generator, name, value)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(generator, name, value)


# What a quick add changes in the generator's shared context (wardportal.content_rules,
# Pelican's _update_context): a term's page reads its own articles and dates in their
# place; "Tin mới nhất" is a box, patched on every page.
CHANGED_NAMES = frozenset(
    {
        "articles",
        "dates",
        "all_articles",
        "tags",
        "categories",
        "authors",
        "period_archives",
        "latest_articles",
        "generated_content",
    }
)
_A_TERMS_OWN = frozenset({"articles", "dates"})


@contextmanager
def _own_terms_only(generator: Any, fresh: Any, memo: PageMemo) -> Iterator[None]:
    """Within: the generator's tags and categories are the new article's only, when the
    pages of the others cannot show it: their templates read none of the names a quick add
    changes but their own articles and dates (which did not change). Those pages then only
    get the boxes' new text, as every other page; else every term's pages are made again
    through the page memo. Pelican's term pages are written from these two attributes."""
    if not _read_own_only(generator, memo, "tag", "category"):
        yield
        return
    tags = {tag: generator.tags[tag] for tag in getattr(fresh, "tags", [])}
    categories = [pair for pair in generator.categories if pair[0] is fresh.category]
    with _instead(generator, tags=tags, categories=categories):
        yield


@contextmanager
def _own_periods_only(generator: Any, fresh: Any, memo: PageMemo) -> Iterator[None]:
    """Within: the generator's year, month and day archives are the new article's only,
    when the others' pages cannot show it (as _own_terms_only): each of the others, 300
    articles long on the benchmark, costs more to sign than its boxes cost to patch."""
    if not _read_own_only(generator, memo, "period_archives"):
        yield
        return
    own = {
        granularity: [period for period in periods if any(d is fresh for d in period["dates"])]
        for granularity, periods in generator.period_archives.items()
    }
    with _instead(generator, period_archives=own):
        yield


def _read_own_only(generator: Any, memo: PageMemo, *names: str) -> bool:
    """Whether the pages of these templates read none of the names a quick add changes
    but their own articles and dates (False: a template not found, or unknown reads)."""
    from pelican.generators import PelicanTemplateNotFound

    try:
        reads = [memo.reads(generator.get_template(name)) for name in names]
    except PelicanTemplateNotFound:
        return False
    return all(read is not None and not read & (CHANGED_NAMES - _A_TERMS_OWN) for read in reads)


@dataclass
class _Patching:
    """The boxes' patch of every page, shared with a forked child: each file is claimed by
    one side (wardportal.parallel.Claims), the child from the first, this process from the
    last once its own pages are made; the child sends back the files it wrote."""

    files: list[str]
    claims: Claims
    child: ForkedResult
    joined: bool = False  # its result taken: the child has ended

    def mine(self) -> Iterator[str]:
        """The files this process claims, from the last, as it goes (the child goes on)."""
        for position in range(len(self.files) - 1, -1, -1):
            if self.claims.claim(position, Claims.PARENT) == Claims.FREE:
                yield self.files[position]

    def written(self) -> list[str] | None:
        """The files the child wrote (None: it failed), once it ended."""
        self.joined = True
        return self.child.result()


def _patch_in_child(engine: Engine, boxes: dict[str, tuple[str, str]]) -> _Patching | None:
    """Every page of the live site with the boxes' new text, written straight into the
    spare (its folders are there), from a forked child while this process renders the
    pages that can show the article (wardportal.parallel): the bulk of a quick add is
    writing these 6,000 files. None: no child (this process patches them all)."""
    from wardportal.search_bundles import RECENT_BUNDLE
    from wardportal.search_index import BUNDLE

    files, spare, read = sorted(engine.spare.files()), engine.spare, engine.pages.live_data
    claims = Claims(len(files))
    spare.written_elsewhere()
    skipped = {BUNDLE, RECENT_BUNDLE}

    def patch() -> list[str]:
        claimed = (
            file
            for position, file in enumerate(files)
            if claims.claim(position, Claims.CHILD) == Claims.FREE
        )
        return list(patch_boxes(engine.output, boxes, skipped, spare.write, read, claimed))

    child = ForkedResult.start(patch)
    return _Patching(files, claims, child) if child is not None else None


def _patched(
    engine: Engine, boxes: dict[str, tuple[str, str]], made: set[str], shared: _Patching | None
) -> int:
    """How many pages had their boxes patched in the spare; those not made here (the
    staged ones replace them) kept by the page memo with their bytes. Here, the files the
    child has not claimed yet, or all of them when there is no child or it failed."""
    from wardportal.search_bundles import RECENT_BUNDLE
    from wardportal.search_index import BUNDLE

    spare, memo = engine.spare, engine.pages
    skipped = made | {BUNDLE, RECENT_BUNDLE}
    files = shared.mine() if shared is not None else sorted(spare.files())
    patched = patch_boxes(engine.output, boxes, skipped, spare.write, memo.live_data, files)
    written = shared.written() if shared is not None else []
    if written is None:  # the child failed: all here, over whatever it wrote
        files = sorted(spare.files())
        patched = patch_boxes(engine.output, boxes, skipped, spare.write, memo.live_data, files)
        written = []
    for file, data in patched.items():
        memo.kept_patched(file, data)
    spare.wrote(written)
    # The child's pages are read back once served (publish_added), not patched again here.
    elsewhere = set(written) - made
    memo.written_elsewhere(elsewhere)
    return len((patched.keys() | elsewhere) - made)
