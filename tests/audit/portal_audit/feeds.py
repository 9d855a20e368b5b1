"""Feeds and sitemap gate: feeds parse cleanly, the sitemap is valid and lists what was published.

The feeds are the ones the home page announces (`<link rel="alternate">`); the sitemap is the one
robots.txt names. The sitemap must validate against the sitemap 0.9 schema (bundled: CI has no
network), list every page of the build exactly once, and list no draft of the content folder.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from .core import AUDIT_DIR, GateResult
from .fetch import get
from .site import built_pages

SITEMAP_XSD = AUDIT_DIR / "sitemap.xsd"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED_TYPES = {"application/atom+xml", "application/rss+xml"}
HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


def check_feeds(base: str, site: Path, content: Path) -> GateResult:
    """The gate: every problem of the feeds and of the sitemap is one error; 0 pass."""
    feeds, feed_problems, entries = _check_feeds(base)
    listed, sitemap_problems = _check_sitemap(base, site, content)
    problems = feed_problems + sitemap_problems
    for link in entries:
        path = _path(link, base)
        if path is None:
            problems.append(f"feed entry {link} points off the site ({base})")
        elif listed and path not in listed:
            problems.append(f"feed entry {link} is not a published page of the sitemap")
    figure = (
        f"{len(problems)} errors ({len(feeds)} feeds with {len(entries)} entries;"
        f" sitemap lists {len(listed)} of {len(built_pages(site))} pages)"
    )
    return GateResult("feeds", passed=not problems, figure=figure, problems=problems)


def _path(url: str, base: str) -> str | None:
    """The URL path of `url` if it is on the audited site, else None."""
    parts, home = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc) != (home.scheme, home.netloc):
        return None
    return parts.path or "/"


def _check_feeds(base: str) -> tuple[list[str], list[str], list[str]]:
    """(feed URLs, problems, entry links) for the feeds the home page announces."""
    home = get(base + "/")
    document = lxml.html.document_fromstring(home.body or b"<html></html>")
    feeds = [
        urljoin(home.url, link.get("href", ""))
        for link in document.xpath("//link[@rel='alternate'][@href]")
        if link.get("type") in FEED_TYPES
    ]
    problems = [] if feeds else ["the home page announces no feed (<link rel=alternate>)"]
    links: list[str] = []
    for url in feeds:
        response = get(url)
        if response.status != 200:
            problems.append(f"feed {url}: HTTP {response.status}")
            continue
        parsed = feedparser.parse(response.body)
        if parsed.bozo:
            problems.append(f"feed {url} is not well-formed: {parsed.bozo_exception}")
        if not parsed.entries:
            problems.append(f"feed {url} has no entries")
        for number, entry in enumerate(parsed.entries, 1):
            missing = [key for key in ("title", "link") if not entry.get(key)]
            if not (entry.get("published") or entry.get("updated")):
                missing.append("date")
            if missing:
                problems.append(f"feed {url} entry {number} has no {', '.join(missing)}")
            if entry.get("link"):
                links.append(entry["link"])
    return feeds, problems, links


def _check_sitemap(base: str, site: Path, content: Path) -> tuple[set[str], list[str]]:
    """(paths the sitemap lists, problems) for the sitemap robots.txt names."""
    robots = get(base + "/robots.txt").body.decode("utf-8", "replace").splitlines()
    named = [
        line.split(":", 1)[1].strip() for line in robots if line.lower().startswith("sitemap:")
    ]
    if not named:
        return set(), ["robots.txt names no sitemap (a line “Sitemap: https://…/sitemap.xml”)"]
    response = get(named[0])
    if response.status != 200:
        return set(), [f"sitemap {named[0]}: HTTP {response.status}"]
    try:
        document = lxml.etree.fromstring(response.body)
    except lxml.etree.XMLSyntaxError as error:
        return set(), [f"sitemap {named[0]} is not well-formed XML: {error}"]
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SITEMAP_XSD)))
    problems = []
    if not schema.validate(document):
        problems += [f"sitemap line {e.line}: {e.message}" for e in schema.error_log]
    locs = [loc.text.strip() for loc in document.iter(f"{SITEMAP_NS}loc") if loc.text]
    paths = []
    for loc in locs:
        path = _path(loc, base)
        if path is None:
            problems.append(f"sitemap lists {loc}, not an address of this site ({base})")
        else:
            paths.append(path)
    counts = Counter(paths)
    problems += [f"sitemap lists {path} {n} times" for path, n in sorted(counts.items()) if n > 1]
    published = set(built_pages(site))
    problems += [f"sitemap misses the page {path}" for path in sorted(published - counts.keys())]
    problems += [
        f"sitemap lists {path}, which the build did not publish"
        for path in sorted(counts.keys() - published)
    ]
    for path, source in _listed_drafts(counts.keys(), content):
        problems.append(f"sitemap lists {path}, a draft ({source})")
    return set(counts), problems


def drafts(content: Path) -> dict[str, str]:
    """slug → source file of every Markdown article or page marked `Status: draft`."""
    from wardportal.vntext import slugify  # the build's own slug rule

    found = {}
    for source in sorted(content.rglob("*.md")):
        meta = _header(source)
        if meta.get("status", "").strip().lower() == "draft":
            slug = slugify(meta.get("slug") or meta.get("title") or source.stem)
            found[slug] = source.relative_to(content).as_posix()
    return found


def _header(source: Path) -> dict[str, str]:
    """A Markdown file's metadata block: `Key: value` lines up to the first blank line."""
    meta = {}
    for line in source.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        match = HEADER_LINE.match(line)
        if not line.strip() or not match:
            break
        meta[match.group(1).lower()] = match.group(2)
    return meta


def _listed_drafts(paths: Iterable[str], content: Path) -> list[tuple[str, str]]:
    """Listed paths whose last segment is a draft's slug (its article or page URL)."""
    by_slug = drafts(content)
    hits = []
    for path in sorted(paths):
        segment = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        if segment in by_slug and (path.startswith("/tin-tuc/") or path.count("/") <= 2):
            hits.append((path, by_slug[segment]))
    return hits
