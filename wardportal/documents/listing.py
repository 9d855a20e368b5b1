"""The list page's order (newest first) and its filters: a page per type, body, year, field.

Filters are plain links to pages written at build time, so they work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable

from wardportal.documents.config import DocumentsConfig
from wardportal.documents.model import Document, Facet, Listing
from wardportal.vntext import slugify, sort_key

# The dimensions a reader can filter by, with how each is named on the page.
DIMENSIONS = {
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "year": "Năm ban hành",
    "field": "Lĩnh vực",
}


def newest_first(documents: list[Document]) -> list[Document]:
    """By date of issue, newest first; one day's documents by number, in Vietnamese order."""
    ordered = sorted(documents, key=lambda document: sort_key(document.number))
    return sorted(ordered, key=lambda document: document.issued, reverse=True)


def list_documents(documents: list[Document], config: DocumentsConfig) -> Listing:
    """Every document newest first, and the filter values that have documents."""
    ordered = newest_first(documents)
    values: dict[str, Callable[[Document], str]] = {
        "type": lambda document: document.type,
        "issuer": lambda document: document.issuer,
        "year": lambda document: str(document.year),
        "field": lambda document: document.field,
    }
    facets = {}
    for dimension, value_of in values.items():
        groups: dict[str, Facet] = {}
        for document in ordered:
            name = value_of(document)
            slug = slugify(name)
            if not slug:
                continue
            if slug not in groups:
                url = config.facet_urls[dimension].format(slug=slug)
                groups[slug] = Facet(dimension, name, slug, url)
            groups[slug].documents.append(document)
        facets[dimension] = _in_order(dimension, list(groups.values()), config)
    return Listing(ordered, facets)


def _in_order(dimension: str, facets: list[Facet], config: DocumentsConfig) -> list[Facet]:
    """Types in the order of the settings, years newest first, the rest alphabetically."""
    if dimension == "type":
        rank = {name: index for index, name in enumerate(config.types)}
        return sorted(facets, key=lambda facet: rank.get(facet.name, len(rank)))
    if dimension == "year":
        return sorted(facets, key=lambda facet: facet.name, reverse=True)
    return sorted(facets, key=lambda facet: sort_key(facet.name))
