"""Which pages the browser gates look at: one of each kind the sitemap lists.

A kind the build does not publish (a portal without honour rolls, say) is named as absent,
not failed; once the build publishes it, it is judged too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree

from .fetch import get

#: kind → the URL paths of that kind (docs/architecture.md's addresses); the first is taken.
KINDS: dict[str, re.Pattern[str]] = {
    "home": re.compile(r"^/$"),
    "article": re.compile(r"^/tin-tuc/\d{4}/[^/]+/$"),
    "tag": re.compile(r"^/tu-khoa/[^/]+/$"),
    "honour roll": re.compile(r"^/bang-vang/$"),
    "honour entry": re.compile(r"^/bang-vang/(?!linh-vuc/)[^/]+/[^/]+/$"),
    "document list": re.compile(r"^/van-ban/$"),
    "document filter": re.compile(r"^/van-ban/(loai|co-quan|nam|linh-vuc)/[^/]+/$"),
    "document": re.compile(r"^/van-ban/(?!(loai|co-quan|nam|linh-vuc|tep)/)[^/]+/$"),
    "search": re.compile(r"^/tim-kiem/$"),
    "contacts": re.compile(r"^/danh-ba/$"),
    "english": re.compile(r"^/en/$"),
    "public services": re.compile(r"^/dich-vu-cong/$"),
}


def pick(paths: Iterable[str], kinds: Iterable[str] = KINDS) -> dict[str, str | None]:
    """kind → the first listed path of that kind (sorted, so the choice is stable), or None."""
    ordered = sorted(set(paths))
    return {kind: next((p for p in ordered if KINDS[kind].match(p)), None) for kind in kinds}


def sitemap_paths(base: str) -> list[str]:
    """URL paths /sitemap.xml lists (empty if it is missing or broken: the feeds gate says why)."""
    response = get(base + "/sitemap.xml")
    try:
        root = lxml.etree.fromstring(response.body)
    except lxml.etree.XMLSyntaxError:
        return []
    locs = (element.text or "" for element in root.iter("{*}loc"))
    return [loc.strip().removeprefix(base) or "/" for loc in locs if loc.strip().startswith(base)]


def choose(
    base: str, fallback: Iterable[str], kinds: Iterable[str] = KINDS
) -> dict[str, str | None]:
    """One page of each kind from the sitemap, else from `fallback` (the build's pages)."""
    kinds = list(kinds)
    chosen = pick(sitemap_paths(base), kinds)
    missing = [kind for kind, path in chosen.items() if path is None]
    chosen.update(pick(fallback, missing))
    return chosen
