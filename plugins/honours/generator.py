"""The honour roll's generator: reads the data, links it to the news, writes the pages.

Pelican runs generate_context for every generator before any writing, so the roll is read
and checked in time for the build to fail before a single page is written; its errors join
the portal's list (wardportal.build_state). On Linux (wardportal.parallel) the roll is read
by a child while Pelican reads the articles, and what only the roll's own pages need
(Vietnamese ordering and grouping, rendering) is done by a second child while Pelican
writes the news. All state lives on the instance, so a rebuild (autoreload) starts from
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from jinja2 import Template
from pelican import signals
from pelican.generators import Generator

from wardportal.build_state import STATE_KEY, markdown_cache_of, report_error, state_of
from wardportal.content_rules import render_once
from wardportal.honours.config import RollConfig
from wardportal.honours.export import to_csv, to_json
from wardportal.honours.feed import atom_feed
from wardportal.honours.links import article_names, link_news
from wardportal.honours.markup import SummaryRenderer, plain_text
from wardportal.honours.model import Entry
from wardportal.honours.roll import Roll, group_roll, load_roll, recent_entries
from wardportal.output_staging import live_pages
from wardportal.page_memo import PageMemo, WrittenPages
from wardportal.parallel import ForkedResult, ForkedTask
from wardportal.permalinks import HONOUR, HONOUR_FIELD, HONOUR_PERIOD, Address
from wardportal.published import file_of as save_as
from wardportal.search_index import Document, searchable_blocks
from wardportal.settings import apply_defaults

_PAGE_KINDS = ("index", "period", "field", "entry")


class HonoursGenerator(Generator):
    """Bảng vàng: the index, one page per period, field and entry, exports and a feed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        self.config = RollConfig.from_settings(self.settings)
        self.entries: list[Entry] = []
        self.background: ForkedTask | None = None  # the child writing the pages
        self.remembered: ForkedResult[WrittenPages] | None = None  # the engine's: its result
        # Templates do not change during a build: skip Jinja's file check on every include
        # (a stat per included template per page, thousands of pages).
        self.env.auto_reload = False
        # The roll does not depend on the news: read it while Pelican reads the articles.
        self.preloaded: ForkedResult[list[Entry]] | None = None
        if self.settings["PORTAL_PARALLEL"]:
            self.preloaded = ForkedResult.start(self._load_clean_roll)

    def _load_clean_roll(self) -> list[Entry] | None:
        """The roll with its summaries rendered, or None if it has defects (the generator then
        reads it again itself, to report them)."""
        self.entries, errors = load_roll(self.config)
        if errors:
            return None
        self._render_summaries()
        return self.entries

    def generate_context(self) -> None:
        preloaded = self.preloaded.result() if self.preloaded is not None else None
        if preloaded is None:
            self.entries, errors = load_roll(self.config)
            self._render_summaries()  # here, once: the pages and the search index show them
        else:
            self.entries, errors = preloaded, []
        context = self.context
        linkable = [*context.get("articles", []), *context.get("hidden_articles", [])]
        errors += link_news(
            self.entries,
            linkable,
            self.config,
            context.get("drafts", []),
            roll_incomplete=bool(errors),
        )
        for error in errors:
            report_error(self.settings, error)
        context["recent_honours"] = recent_entries(
            self.entries, self.settings["HONOUR_RECENT_COUNT"]
        )
        self._prepare_photos()
        # Pages show the box only when it has entries (and test the box, not the list: a
        # page that shows only the box's text does not change when an entry's news does).
        context["recent_honours_html"] = ""
        if context["recent_honours"]:
            render_once(self, "partials/recent_honours", "recent_honours_html")

    def _prepare_photos(self) -> None:
        """Resized copies of the photos, made by the portal's image pipeline, here and once.

        Pages only show what is ready, so whichever process writes them makes no image
        files; the originals are not published.
        """
        picture, absolute = self.env.filters["picture"], self.env.filters["absolute"]
        for entry in self.entries:
            if entry.photo:
                entry.picture = picture(entry.photo)
                entry.photo_url = absolute(entry.picture.largest.url)

    def share_entries(self) -> list[Entry]:
        """The entries without a photo: output_staging gives each a generated share card."""
        return [entry for entry in self.entries if not entry.photo]

    def start_writing(self) -> None:
        """Called when writing starts (wardportal.output_staging.PortalWriter): if all is
        well, the pages are written by a second process while Pelican writes the news.

        In the long-running engine the child also decides, page by page, whether the live
        page can be reused or patched (wardportal.page_memo); what it decided comes back
        (PageMemo.written) and this process keeps it (PageMemo.adopt).
        """
        failed = STATE_KEY in self.settings and state_of(self.settings).errors.errors
        if not self.settings["PORTAL_PARALLEL"] or failed:
            return
        for kind in _PAGE_KINDS:
            self.get_template(f"honours/{kind}")  # compile once, before the fork
        memo = live_pages(self.settings)
        if memo is None:
            self.background = ForkedTask.start(self._write_everything)
        else:
            self.remembered = ForkedResult.start(partial(self._write_remembering, memo))
            self.background = self.remembered.task if self.remembered is not None else None

    def generate_output(self, writer) -> None:
        if not self._written_by_child():
            self._write_everything()
        output = Path(self.output_path)
        for name in self._page_files():
            # What Pelican's writer would announce: the sitemap and search index listen.
            signals.content_written.send(str(output / name), context=self.context)

    def _written_by_child(self) -> bool:
        """Whether the child wrote every page, its decisions kept here in the engine. What a
        failed engine child wrote goes: a reused page there is a live file's second name."""
        memo = live_pages(self.settings)
        if self.remembered is None or memo is None:
            return self.background is not None and self.background.wait()
        written = self.remembered.result()
        if written is not None:
            memo.adopt(self._page_contexts(self._grouped()), written)
            return True
        for name, *_ in self.planned_files():
            (Path(self.output_path) / name).unlink(missing_ok=True)
        return False

    def _page_files(self) -> Iterator[str]:
        """The file of every page of the roll (no ordering needed to list them)."""
        yield from (name for name, *_ in self._page_owners())

    def _page_owners(self) -> Iterator[tuple[str, str, str]]:
        """(file, who it shows, its source file or "") for every page of the roll."""
        roll = f"Bảng vàng ({self.config.shown(self.config.folder)})"
        yield save_as(self.settings["HONOUR_URL"]), roll, ""
        yield from sorted({(save_as(entry.period_url), roll, "") for entry in self.entries})
        yield from sorted({(save_as(entry.field_url), roll, "") for entry in self.entries})
        # Two entries at one address are the roll's own error (check_unique_slugs): once here.
        seen = set()
        for entry in self.entries:
            if entry.url not in seen:
                seen.add(entry.url)
                yield save_as(entry.url), entry.place.path, entry.place.path

    def planned_files(self) -> Iterator[tuple[str, str, str]]:
        """Every file this generator will write, and who it comes from (output_staging checks
        that no two writers share one)."""
        yield from self._page_owners()
        for setting in ("HONOUR_JSON_SAVE_AS", "HONOUR_CSV_SAVE_AS", "HONOUR_FEED_ATOM"):
            if self.settings[setting]:
                yield self.settings[setting], "dữ liệu mở của Bảng vàng", ""

    def article_names(self) -> set[str]:
        """The names the roll's entries give articles (wardportal.honours.links): a quick edit
        that changes an article's slug to or from one goes through the ordinary build."""
        return article_names(self.entries)

    def published_addresses(self) -> tuple[list[Address], dict[str, Address]]:
        """The roll's addresses that must never break, and its index for groups that go."""
        index = Address("/" + self.settings["HONOUR_URL"], HONOUR, "")
        found = []
        for entry in self.entries:
            key = f"{entry.period.slug}/{entry.slug}"
            found.append(Address("/" + entry.url, HONOUR, key, entry.title))
        groups = {entry.period_url: (HONOUR_PERIOD, entry.period.label) for entry in self.entries}
        groups |= {entry.field_url: (HONOUR_FIELD, entry.field) for entry in self.entries}
        for url, (kind, title) in groups.items():
            found.append(Address("/" + url, kind, url, title))
        return found, {HONOUR: index}

    def _write_everything(self) -> None:
        """Render and write every page and data file (in the child, or here as a fallback).

        One template object per page kind, one Markdown converter for all summaries; each
        page is the shared context plus its variables, as Pelican's writer renders it.
        """
        roll = self._grouped()
        output = Path(self.output_path)
        memo = live_pages(self.settings)
        for name, template, context in self._page_contexts(roll):
            if memo is None:
                _write(output / name, template.render(context))
            else:
                memo.write(template, context, name, output, _write)
        self._write_data(roll)

    def _write_remembering(self, memo: PageMemo) -> WrittenPages:
        """_write_everything in the engine's child: what the memo decided for each page."""
        return memo.written(self._write_everything, [name for name, *_ in self._page_owners()])

    def _grouped(self) -> Roll:
        """The roll grouped for its pages, which show it as `honour_roll`."""
        roll = group_roll(self.entries, self.config)
        self.context["honour_roll"] = roll
        return roll

    def _page_contexts(self, roll: Roll) -> Iterator[tuple[str, Template, dict]]:
        """Every page of the roll: its file, its template and its context."""
        for name, kind, variables in _pages(roll, self.settings["HONOUR_URL"]):
            template = self.get_template(f"honours/{kind}")
            yield name, template, {**self.context, **variables, "output_file": name}

    def _render_summaries(self) -> None:
        """Each entry's Markdown summary as HTML and as plain text (for the description)."""
        render = SummaryRenderer(self.settings["MARKDOWN"], markdown_cache_of(self.settings))
        for entry in self.entries:
            entry.summary_html = render(entry.summary)
            entry.description = plain_text(entry.summary_html)
        render.remember()

    def searchable_documents(self) -> Iterator[Document]:
        """Each entry's searchable block, for the portal's search index (wardportal.site_search)."""
        pages = [(save_as(entry.url), entry) for entry in self.entries]
        yield from searchable_blocks(
            self.get_template("honours/entry"), self.context, "entry", pages
        )

    def _write_data(self, roll: Roll) -> None:
        """The open-data files and the feed, written as they are (no template)."""
        settings = self.settings
        site_url = settings["SITEURL"]
        feed_domain = settings.get("FEED_DOMAIN") or site_url
        title = f"Bảng vàng “{settings['HONOUR_CAMPAIGN']}” – {settings['SITENAME']}"
        files = {
            settings["HONOUR_JSON_SAVE_AS"]: to_json(roll.entries, site_url, title),
            settings["HONOUR_CSV_SAVE_AS"]: to_csv(roll.entries, site_url),
            settings["HONOUR_FEED_ATOM"]: atom_feed(
                recent_entries(roll.entries, settings["HONOUR_FEED_MAX_ITEMS"]),
                site_url,
                f"{feed_domain}/{settings['HONOUR_FEED_ATOM']}",
                title,
            ),
        }
        for name, text in files.items():
            if name:
                _write(Path(self.output_path) / name, text)


def _pages(roll: Roll, index_url: str) -> Iterator[tuple[str, str, dict]]:
    """Every page of the roll: (file to write, template, its variables)."""
    yield save_as(index_url), "index", {}
    for group in roll.periods:
        yield save_as(group.url), "period", {"group": group}
    for group in roll.fields:
        yield save_as(group.url), "field", {"group": group}
    for entry in roll.entries:
        yield save_as(entry.url), "entry", {"entry": entry}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(text)
