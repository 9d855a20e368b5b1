"""Weight gate: HTML + CSS + JS + fonts of the home page and an article, gzipped, ≤ 30 KB each.

Residents read on cheap phones over slow mobile data; images are aside (they have their own
sizes in the templates). Each file is gzipped at level 6, what a web server commonly sends,
and 1 KB is 1,000 bytes, the stricter reading of the bar.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from .core import GateResult
from .fetch import get
from .links import CSS_URL

LIMIT_BYTES = 30_000
#: What a preload may fetch that counts here (`as` absent means a script for modulepreload).
PRELOADED = (None, "style", "script", "font")
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)$", re.IGNORECASE)


def gzipped(body: bytes) -> int:
    """Bytes on the wire for `body` gzipped at level 6."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def page_weight(url: str) -> tuple[int, list[tuple[str, int]]]:
    """(total gzipped bytes, [(file, gzipped bytes)]) of a page's HTML, CSS, JS and fonts."""
    html = get(url)
    if html.status != 200:
        raise RuntimeError(f"{url}: HTTP {html.status}")
    parts = [(url, gzipped(html.body))]
    seen = {url}
    document = lxml.html.document_fromstring(html.body)
    queue = [urljoin(url, href) for href in _html_files(document)]
    while queue:
        file = urldefrag(queue.pop(0))[0]
        if file in seen:
            continue
        seen.add(file)
        response = get(file)
        if response.status != 200:
            raise RuntimeError(f"{file}: HTTP {response.status} (the links gate says where)")
        parts.append((file, gzipped(response.body)))
        if response.content_type == "text/css":
            text = response.body.decode("utf-8", "replace")
            for match in CSS_URL.finditer(text):
                ref = (match.group(2) or match.group(4)).strip()
                if match.group(4) or FONT.search(ref.split("?")[0]):
                    queue.append(urljoin(file, ref))
    return sum(size for _, size in parts), parts


def _html_files(document: lxml.html.HtmlElement) -> list[str]:
    """Stylesheets, scripts and preloaded fonts/scripts/styles a page loads (no images)."""
    found = document.xpath("//script/@src")
    for link in document.xpath("//link[@href]"):
        rels = set(link.get("rel", "").lower().split())
        preloaded = bool(rels & {"preload", "modulepreload"}) and link.get("as") in PRELOADED
        if "stylesheet" in rels or preloaded:
            found.append(link.get("href"))
    return found


def check_weight(pages: dict[str, str]) -> GateResult:
    """pages: name → URL. Every page within LIMIT_BYTES passes; the figure is each total."""
    problems = []
    figures = []
    for name, url in pages.items():
        total, parts = page_weight(url)
        figures.append(f"{name} {total / 1000:.1f} KB")
        if total > LIMIT_BYTES:
            heaviest = sorted(parts, key=lambda part: -part[1])[:4]
            files = ", ".join(
                f"{urlsplit(file).path} {size / 1000:.1f} KB" for file, size in heaviest
            )
            problems.append(
                f"{name} ({url}) weighs {total / 1000:.1f} KB"
                f" > {LIMIT_BYTES / 1000:.0f} KB: {files}"
            )
    figure = (
        ", ".join(figures) + f" gzipped (HTML+CSS+JS+fonts; limit {LIMIT_BYTES / 1000:.0f} KB each)"
    )
    return GateResult(
        "weight", passed=not problems and bool(pages), figure=figure, problems=problems
    )
