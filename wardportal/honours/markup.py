"""Entry summaries: Markdown to HTML through one reused converter, with raw HTML shown as text.

Summaries often come from spreadsheets where "<" and "&" are ordinary characters
("Tổ <An toàn> & Sạch"); they must read as typed, never become tags. Building a Markdown
instance loads every extension, so one instance is reset and reused for all entries, and
a summary converted before comes from the build's Markdown cache (as an article's text
does). The cache keeps what Markdown made; the links are made safe every time.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markupsafe import Markup

from wardportal.markdown_cache import MarkdownCache
from wardportal.safe_html import safe_links_html

# The cache's name for what this converter makes; raise the number when the converter
# changes what it does (the steps it removes below).
CACHE_KIND = "roll-summary-1"


class SummaryRenderer:
    """Callable turning one summary's Markdown into HTML."""

    def __init__(
        self, markdown_settings: dict[str, Any] | None = None, cache: MarkdownCache | None = None
    ) -> None:
        self._cache = cache
        self._converted: list[tuple[str, str]] = []  # for the cache (remember())
        settings = dict(markdown_settings or {})
        configs = settings.get("extension_configs", {})
        extensions = list(settings.get("extensions", []))
        extensions += [name for name in configs if name not in extensions]
        settings["extensions"] = extensions
        self._markdown = Markdown(**settings)
        # Without these, Markdown copies "<b>" through as a tag (and "{: onclick=…}" into an
        # attribute); without them, it shows the characters as typed.
        for registry, name in (
            (self._markdown.preprocessors, "html_block"),
            (self._markdown.inlinePatterns, "html"),
            (self._markdown.treeprocessors, "attr_list"),
        ):
            if name in registry:
                registry.deregister(name)

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        cached = self._cache.get(CACHE_KIND, text) if self._cache is not None else None
        if cached is not None:
            html = cached[0]
        else:
            html = self._markdown.reset().convert(text)
            self._converted.append((text, html))
        # Entries refuse script links (entries.py); this keeps any that slipped through away.
        return safe_links_html(html)

    def remember(self) -> None:
        """Put what was converted since the last call into the cache, all in one write, and
        mark what was found there as used today."""
        if self._cache is not None:
            self._cache.put_many(CACHE_KIND, self._converted)
            self._cache.flush()  # the summaries found there marked used (a child: no close)
        self._converted = []


def plain_text(html: str, limit: int = 300) -> str:
    """HTML as one line of plain text, cut at a word within `limit` characters (with "…")."""
    text = " ".join(Markup(html).striptags().split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
