"""Links gate: crawl the served site from its home page; every internal URL must resolve.

Pages, images, stylesheets, scripts, fonts in CSS, feeds and the sitemap (found through
robots.txt) are all fetched; `#fragment` links must name an id on their page. A resource from
another origin fails too: the design allows no third-party requests.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
import lxml.html

from .core import GateResult
from .fetch import Response, get

#: (tag, attribute) holding one URL; "resource" ones are loaded by the page itself.
NAVIGATION = {("a", "href"), ("area", "href"), ("form", "action")}
RESOURCE = {
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("input", "src"),
}
#: <link rel=…> kinds the browser loads by itself (others, like canonical, are only links).
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}
#: Open Graph and Dublin Core meta tags that carry URLs of this site.
URL_META = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")


@dataclass
class Crawl:
    """What the crawl saw: each URL's status, where it was referenced, the ids of each page."""

    origin: str
    status: dict[str, int] = field(default_factory=dict)
    referrers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ids: dict[str, set[str]] = field(default_factory=dict)
    fragments: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    third_party: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    external: set[str] = field(default_factory=set)
    pages: int = 0


def crawl(base: str) -> Crawl:
    """Fetch everything reachable from `base`/ and `base`/robots.txt on the same origin."""
    parts = urlsplit(base)
    state = Crawl(origin=f"{parts.scheme}://{parts.netloc}")
    queue = [base.rstrip("/") + "/", base.rstrip("/") + "/robots.txt"]
    for url in queue:
        state.referrers.setdefault(url, [])
    while queue:
        url = queue.pop(0)
        response = get(url)
        state.status[url] = response.status
        if response.status != 200:
            continue
        for target, loaded in _references(response, state):
            target, fragment = urldefrag(target)
            if fragment:
                state.fragments[(target, fragment)].append(url)
            if urlsplit(target).scheme not in ("http", "https"):
                continue
            if not target.startswith(state.origin + "/"):
                if loaded:
                    state.third_party[target].append(url)
                else:
                    state.external.add(target)
                continue
            if target not in state.referrers:
                queue.append(target)
            state.referrers[target].append(url)
    return state


def _references(response: Response, state: Crawl) -> list[tuple[str, bool]]:
    """(absolute URL, loaded by the page itself?) for every reference in one answer."""
    kind = response.content_type
    url = response.url
    if kind in ("text/html", "application/xhtml+xml"):
        state.pages += 1
        return _html_references(response, state)
    if kind == "text/css":
        text = response.body.decode("utf-8", "replace")
        found = [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]
        return [(urljoin(url, ref.strip()), True) for ref in found if not _skipped(ref)]
    if url.endswith("/robots.txt") or kind == "text/plain":
        lines = response.body.decode("utf-8", "replace").splitlines()
        found = [
            line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")
        ]
        return [(urljoin(url, ref), False) for ref in found]
    if "xml" in kind or url.endswith(".xml"):
        return [(urljoin(url, ref), False) for ref in _xml_references(response.body)]
    return []


def _skipped(reference: str) -> bool:
    reference = reference.strip()
    return not reference or reference.lower().startswith(SKIPPED_SCHEMES)


def _html_references(response: Response, state: Crawl) -> list[tuple[str, bool]]:
    document = lxml.html.document_fromstring(response.body)
    page = response.url
    state.ids[urldefrag(page)[0]] = set(document.xpath("//@id")) | set(document.xpath("//a/@name"))
    base = document.xpath("//base/@href")
    base_url = urljoin(page, base[0]) if base else page
    found: list[tuple[str, bool]] = []
    for element in document.iter(lxml.etree.Element):
        tag = element.tag if isinstance(element.tag, str) else ""
        for attribute, value in element.attrib.items():
            reference = _reference(tag, attribute, element)
            if reference is not None and not _skipped(value):
                found.append((urljoin(base_url, value.strip()), reference))
        for candidate in _srcset(element):
            found.append((urljoin(base_url, candidate), True))
        if tag == "meta" and (element.get("property") or element.get("name")) in URL_META:
            found.append((urljoin(base_url, element.get("content", "")), False))
        if tag == "style" and element.text:
            found += [
                (urljoin(base_url, m.group(2) or m.group(4)), True)
                for m in CSS_URL.finditer(element.text)
            ]
    return found


def _reference(tag: str, attribute: str, element: lxml.html.HtmlElement) -> bool | None:
    """True for a URL the page loads, False for a link to follow, None for no URL."""
    if (tag, attribute) in RESOURCE:
        return True
    if (tag, attribute) in NAVIGATION:
        return False
    if tag == "link" and attribute == "href":
        rels = set(element.get("rel", "").lower().split())
        return bool(rels & LOADED_LINK_RELS)
    return None


def _srcset(element: lxml.html.HtmlElement) -> list[str]:
    value = element.get("srcset") or element.get("imagesrcset") or ""
    return [item.split()[0] for item in value.split(",") if item.strip()]


def _xml_references(body: bytes) -> list[str]:
    """Links of a feed (Atom link/@href, RSS link and permalink guid) or a sitemap (loc)."""
    try:
        root = lxml.etree.fromstring(body)
    except lxml.etree.XMLSyntaxError:
        return []  # the feeds gate reports a broken feed; here there is nothing to follow
    found = []
    for element in root.iter(lxml.etree.Element):
        name = lxml.etree.QName(element).localname
        if name == "link" and element.get("href"):
            found.append(element.get("href"))
            continue
        permalink = name == "guid" and element.get("isPermaLink", "true") == "true"
        if (name in ("loc", "link") or permalink) and (element.text or "").strip():
            found.append(element.text.strip())
    return found


def check_links(base: str) -> GateResult:
    """The gate: 0 broken internal URLs, 0 missing fragments, 0 third-party resources."""
    state = crawl(base)
    problems = []
    broken = sorted(url for url, status in state.status.items() if status != 200)
    for url in broken:
        status = state.status[url] or "no answer"
        problems.append(f"{status} {_short(url, state)} ← {_where(state.referrers[url], state)}")
    missing = []
    for (target, fragment), pages in sorted(state.fragments.items()):
        ids = state.ids.get(target)
        if ids is not None and fragment not in ids:
            missing.append(target)
            problems.append(
                f"no id “{fragment}” on {_short(target, state)} ← {_where(pages, state)}"
            )
    for url, pages in sorted(state.third_party.items()):
        problems.append(f"third-party request {url} ← {_where(pages, state)}")
    bad = len(broken) + len(missing) + len(state.third_party)
    figure = (
        f"{len(broken)} broken, {len(missing)} missing anchors,"
        f" {len(state.third_party)} third-party of {len(state.status)} URLs"
        f" ({state.pages} pages crawled, {len(state.external)} external links not followed)"
    )
    return GateResult(
        "links", passed=bad == 0 and state.pages > 0, figure=figure, problems=problems
    )


def _short(url: str, state: Crawl) -> str:
    return url.removeprefix(state.origin) or "/"


def _where(pages: list[str], state: Crawl) -> str:
    unique = sorted(set(pages))
    if not unique:
        return "the crawl's start"
    first = _short(unique[0], state)
    return first if len(unique) == 1 else f"{first} and {len(unique) - 1} more pages"
