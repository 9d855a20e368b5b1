"""The portal's rules for content once read: slugs, held-back days, one term per word,
Vietnamese ordering, latest and related news, photos published only as variants.

Plain functions on Pelican's generators, connected to signals by plugins/portal.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date, datetime

from markupsafe import Markup
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import Category, Tag
from pelican.utils import order_content

from wardportal import vndates
from wardportal.build_state import state_of
from wardportal.engine import engine_of
from wardportal.images import is_raster
from wardportal.permalinks import CATEGORY, TAG
from wardportal.prefetch import MarkdownPrefetch
from wardportal.taxonomy import TermPlan, plan_terms
from wardportal.vntext import match_key, slugify, sort_key


def prefetch_articles(generator) -> None:
    """Before Pelican reads the articles, let a second core convert their Markdown too."""
    settings = generator.settings
    markdown = generator.readers.readers.get("md")
    if not settings["PORTAL_PARALLEL"] or not hasattr(markdown, "convert_ahead"):
        return
    engine = engine_of(settings)
    if engine is not None and len(engine.memo):
        return  # the engine keeps what it read: only changed files are read, here
    extensions = tuple(f".{extension}" for extension in markdown.file_extensions)
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
        )
        if name.endswith(extensions)
    ]
    prefetch = MarkdownPrefetch(paths, markdown.convert_ahead, markdown.finish_ahead)
    if prefetch.running:
        state_of(settings).markdown_prefetch = prefetch


def end_prefetch(generator) -> None:
    """The articles are read: the converting child has finished."""
    state = state_of(generator.settings)
    if state.markdown_prefetch is not None:
        state.markdown_prefetch.close()
        state.markdown_prefetch = None


def order_ties_by_file(generator) -> None:
    """Articles of the same date in the order of their files, whatever order they were read in.

    Pelican reads the files in the order of a set of names, which changes from one process
    to the next; its sort keeps that order between articles of one date, so the home page
    could list two such articles either way round. Sorting by file first fixes the order.
    """
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "hidden_articles", "drafts"):
        items = sorted(getattr(generator, name), key=lambda item: item.source_path)
        setattr(generator, name, order_content(items, order_by))


def give_slug(generator, metadata: dict) -> None:
    """Slug every article and page with python-slugify ("Đảng" → dang), even a typed one."""
    source = metadata.get("slug") or metadata.get("title")
    if source:
        known = state_of(generator.settings).known_slugs.get(str(source))
        metadata["slug"] = known or slugify(str(source))


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


def new_term(cls, name: str, slug: str, settings: dict):
    """One term as unify_taxonomies makes it, sharing its slug with no other word (the
    engine's quick add makes a new tag so: wardportal.engine_adds)."""
    term = cls(name, settings)
    term.slug = slug
    term.homographs = []
    return term


def _term_objects(plan: TermPlan, cls, settings: dict) -> dict:
    """One object per term; each knows the other words that share its ASCII slug."""
    objects = {}
    for key, name in plan.names.items():
        term = new_term(cls, name, plan.slugs[key], settings)
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
        # URL many times (lists, sidebar, neighbours), and its file is asked for by the
        # plan, the writer, the search index and the sitemap: fix both once final.
        article.override_url = article.url
        article.override_save_as = article.save_as
    # "Cập nhật lần cuối" in the footer and the date of the lists: the day, not the second,
    # so a long-running build's pages stay what they were until the day changes
    # (wardportal.page_memo reuses a page only while everything it shows is unchanged).
    generator.context["BUILD_DAY"] = state_of(settings).started.date()
    generator.context["latest_articles"] = articles[: settings["PORTAL_LATEST_COUNT"]]
    for tag, tagged in generator.tags.items():
        generator.tags[tag] = Members(tagged)
    generator.categories = [(category, Members(filed)) for category, filed in generator.categories]
    # Author pages are not published (AUTHOR_SAVE_AS), but Pelican looks up every article
    # in each author's list all the same.
    generator.authors = [(author, Members(written)) for author, written in generator.authors]
    generator.context["authors"] = generator.authors
    generator.context["tags"] = sorted(generator.tags.items(), key=lambda p: sort_key(p[0].name))
    generator.context["categories"] = sorted(
        generator.categories, key=lambda pair: sort_key(pair[0].name)
    )
    for newer, older in zip(articles, articles[1:], strict=False):
        newer.older_article = older
        older.newer_article = newer
    _link_related(articles, generator.tags, settings["PORTAL_RELATED_COUNT"])
    for key, partial in EVERY_PAGE_BOXES:
        render_once(generator, partial, key)


# The boxes every page shows, the same on each: the name pages copy the text from, and the
# partial rendering it once per build (render_once; a quick edit checks them, engine_titles).
EVERY_PAGE_BOXES = (
    ("latest_html", "partials/latest"),
    ("footer_html", "partials/footer"),
    ("counter_html", "partials/counter"),
)


class Members(list):
    """The articles of one tag, category or author, answering `article in …` in constant time.

    Pelican writes each term's page after looking up every article of the site in the
    term's list (`if article in articles`): quadratic, about a second for 3,000 articles
    and 30 terms. Articles compare by identity (Pelican's Content has no __eq__), so a
    set of ids gives the same answer. The lists are final once the generator is.
    """

    def __init__(self, articles) -> None:
        super().__init__(articles)
        self._ids = {id(article) for article in articles}

    def __contains__(self, item) -> bool:
        return id(item) in self._ids


def render_once(generator, partial: str, key: str) -> None:
    """A box that is the same on every page, rendered once per build into context[key].

    The partial shows context[key] when it is set, so pages only copy the text: thousands
    of pages no longer format the same dates and links again.
    """
    generator.context[key] = box_text(generator, partial, key)


def box_text(generator, partial: str, key: str) -> Markup:
    """The box as its partial renders it from the other names (context[key] not set)."""
    return Markup(generator.get_template(partial).render({**generator.context, key: ""}))


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


def every_item(generator) -> list:
    """The articles or pages a generator read: published, hidden and drafts."""
    drafts = []
    if isinstance(generator, ArticlesGenerator):
        drafts = [*generator.drafts, *generator.drafts_translations]
    elif isinstance(generator, PagesGenerator):
        drafts = [*generator.draft_pages, *generator.draft_translations]
    return [*published_items(generator), *drafts]


def published_items(generator) -> list:
    """The articles or pages a generator publishes: listed or hidden, never drafts."""
    if isinstance(generator, ArticlesGenerator):
        listed, hidden = generator.articles, generator.hidden_articles
    elif isinstance(generator, PagesGenerator):
        listed, hidden = generator.pages, generator.hidden_pages
    else:
        return []
    return [*listed, *generator.translations, *hidden, *generator.hidden_translations]
