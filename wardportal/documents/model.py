"""A published document (văn bản) and the groups the list pages show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from wardportal.datafiles.places import Place
from wardportal.vntext import slugify, without_marks


@dataclass(frozen=True)
class FileInfo:
    """The file readers download: where it is published, its size and kind."""

    source: str  # path inside the documents' files folder, as written ("qd-123.pdf")
    url: str  # site path without the leading slash ("van-ban/tep/qd-123.pdf")
    size: int  # bytes
    kind: str  # "PDF", "DOCX"
    mime: str
    title: str = ""  # the PDF's own title metadata, when it has one

    @property
    def size_label(self) -> str:
        """ "85 KB", "1,2 MB": the size as a reader on mobile data wants to know it."""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000))} KB"
        return f"{format_decimal(round(self.size / 1_000_000, 1), locale='vi')} MB"


@dataclass
class Document:
    """One document with every value checked; `place` is where it was written."""

    number: str
    type: str
    issuer: str
    issued: dt.date
    summary: str
    signer: str
    file: FileInfo
    slug: str
    place: Place
    effective: dt.date | None = None
    field: str = ""
    in_force: bool | None = None
    url: str = ""

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def number_without_marks(self) -> str:
        """The number as typed without marks ("123/QD-UBND"), for search."""
        return without_marks(self.number)

    @property
    def key(self) -> str:
        """What identifies the document across builds: its number, body and year."""
        return f"{self.number} · {self.issuer} · {self.year}"


@dataclass
class Facet:
    """One filter value (a type, an issuing body, a year, a field) and its documents."""

    dimension: str  # "type", "issuer", "year", "field"
    name: str
    slug: str
    url: str
    documents: list[Document] = field(default_factory=list)


@dataclass
class Listing:
    """All documents newest first, and every filter of the list page."""

    documents: list[Document] = field(default_factory=list)
    facets: dict[str, list[Facet]] = field(default_factory=dict)

    def facet_url(self, dimension: str, name: str) -> str:
        """The filter page of a value ("type", "Quyết định")."""
        slug = slugify(name)
        return next(facet.url for facet in self.facets[dimension] if facet.slug == slug)
