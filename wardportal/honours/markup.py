"""Entry summaries: Markdown to HTML through one reused converter, with raw HTML shown as text.

Summaries often come from spreadsheets where "<" and "&" are ordinary characters
("Tổ <An toàn> & Sạch"); they must read as typed, never become tags. Building a Markdown
instance loads every extension, so one instance is reset and reused for all entries.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markupsafe import Markup

from wardportal.safe_html import safe_links_html


class SummaryRenderer:
    """Callable turning one summary's Markdown into HTML."""

    def __init__(self, markdown_settings: dict[str, Any] | None = None) -> None:
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
        self._markdown.reset()
        # Entries refuse script links (entries.py); this keeps any that slipped through away.
        return safe_links_html(self._markdown.convert(text))


def plain_text(html: str, limit: int = 300) -> str:
    """HTML as one line of plain text, cut at a word within `limit` characters (with "…")."""
    text = " ".join(Markup(html).striptags().split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
