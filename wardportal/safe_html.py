"""What officers' HTML may carry: no script links anywhere, inline formatting in summaries.

A body may hold raw HTML the officer wrote on purpose (a table, an embedded map), so bodies
are only refused links that run code or smuggle content (`javascript:`, `vbscript:`,
`data:`). Summaries appear on every list page and in the feeds: they keep inline
formatting (bold, italic, links, code) and nothing else. Image paths that only exist on the
officer's computer (`D:\\Anh\\a.jpg`, `file:///…`) are recognised here too.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import nh3

REFUSED_SCHEMES = ("javascript", "vbscript", "data")
# Attributes whose value a browser follows or loads as a URL.
_URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "ping",
}
# Browsers ignore these inside a URL's scheme ("java\tscript:" runs).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+")
_GAP = r"[\x00-\x20]*"
# A cheap first look, on the lower-cased text: only text that might hide a refused scheme is
# parsed as HTML.
_MAYBE_REFUSED = re.compile(
    "|".join(_GAP.join(word) + _GAP + ":" for word in ("script", "data"))
    + r"|&(?!amp;|lt;|gt;|quot;)[#\w]"
)
_WINDOWS_PATH = re.compile(r"^(?:[a-z]:(?:[\\/]|$)|\\\\)", re.IGNORECASE)

INLINE_TAGS = {"a", "b", "strong", "i", "em", "code", "br", "sub", "sup", "s", "del", "mark"}
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|div|blockquote|pre|t[dhr]|d[dt]|ul|ol|table|figure|figcaption)\s*>",
    re.IGNORECASE,
)
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def refused_scheme(url: str) -> str | None:
    """The scheme when a URL would run code or inline content ("javascript"…), else None.

    Sees through entities ("&#106;avascript:"), case and the spaces and control characters
    browsers drop from a URL.
    """
    plain = _IGNORED_IN_URL.sub("", html.unescape(url)).lower()
    scheme, colon, _rest = plain.partition(":")
    return scheme if colon and scheme in REFUSED_SCHEMES else None


class _UrlCollector(HTMLParser):
    """Every URL-valued attribute of a piece of HTML, entities already decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _URL_ATTRIBUTES and value:
                parts = value.split(",") if name == "srcset" else [value]
                self.urls += [part.strip().split(" ")[0] for part in parts]

    handle_startendtag = handle_starttag


def may_hide_refused_link(text: str) -> bool:
    """Cheap first look: False when text surely holds no refused link (most text)."""
    return _MAYBE_REFUSED.search(text.lower()) is not None


def refused_links(html_text: str) -> list[str]:
    """The URLs in html_text with a refused scheme, as the browser would read them."""
    if not may_hide_refused_link(html_text):
        return []
    collector = _UrlCollector()
    collector.feed(html_text)
    collector.close()
    return [url for url in collector.urls if refused_scheme(url)]


def line_of_url(path: str | Path, url: str) -> int | None:
    """The line of a source file where url is written (entities and spaces seen through)."""
    wanted = _IGNORED_IN_URL.sub("", html.unescape(url)).lower()[:24]
    try:
        lines = Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if wanted in _IGNORED_IN_URL.sub("", html.unescape(line)).lower():
            return number
    return None


def shortened(url: str, limit: int = 60) -> str:
    """A URL short enough to quote in a message (a data: URL can be a whole photo)."""
    return url if len(url) <= limit else url[: limit - 1] + "…"


def computer_path(src: str) -> bool:
    """True for a path that only exists on the officer's computer: D:\\…, \\\\server, file:."""
    src = src.strip()
    return bool(_WINDOWS_PATH.match(src)) or "\\" in src or src.lower().startswith("file:")


def safe_links_html(html_text: str) -> str:
    """HTML made by Markdown, with only web, mail and phone links and no script or style."""
    return nh3.clean(html_text, url_schemes=SAFE_SCHEMES, link_rel=None)


def inline_html(summary_html: str) -> str:
    """A summary reduced to inline formatting: paragraphs, headings, lists, images, scripts
    and styles go (their text stays, with a space between blocks); links keep only web,
    mail and phone addresses."""
    spaced = _BLOCK_END.sub(lambda match: match.group(0) + " ", summary_html)
    kept = nh3.clean(
        spaced,
        tags=INLINE_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=SAFE_SCHEMES,
        link_rel=None,
    )
    return " ".join(kept.split())
