"""Open data: every document as JSON and as CSV (UTF-8 with BOM, so Excel shows Vietnamese).

The CSV's headings are the data files' own Vietnamese column names, so a downloaded file can
be put back in content/documents/ as it is (its last column, the page's address, is ignored
when read); cells a spreadsheet would run as formulas are protected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from wardportal.datafiles.spreadsheet import csv_with_bom
from wardportal.documents.labels import SCHEMA
from wardportal.documents.model import Document

URL_HEADER = "Địa chỉ trang"
_CSV_KEYS = (
    "number",
    "type",
    "issuer",
    "issued",
    "effective",
    "summary",
    "signer",
    "field",
    "file",
    "in_force",
    "slug",
)


def document_data(document: Document, site_url: str) -> dict:
    """Every value of a document, with absolute addresses, as JSON-ready values."""
    return {
        "number": document.number,
        "type": document.type,
        "issuer": document.issuer,
        "issued": document.issued.isoformat(),
        "effective": document.effective.isoformat() if document.effective else None,
        "summary": document.summary,
        "signer": document.signer,
        "field": document.field,
        "file": f"{site_url}/{document.file.url}",
        "file_type": document.file.kind,
        "file_size": document.file.size,
        "in_force": document.in_force,
        "slug": document.slug,
        "url": f"{site_url}/{document.url}",
    }


def to_json(documents: Iterable[Document], site_url: str, title: str) -> str:
    items = [document_data(document, site_url) for document in documents]
    data = {"title": title, "source": f"{site_url}/", "count": len(items), "documents": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def to_csv(documents: Iterable[Document], site_url: str) -> str:
    """CSV text starting with a BOM; write it as UTF-8."""

    def rows():
        for document in documents:
            data = document_data(document, site_url)
            data["file"] = document.file.source
            data["in_force"] = {True: "có", False: "không", None: ""}[document.in_force]
            yield [str(data[key] or "") for key in _CSV_KEYS] + [data["url"]]

    return csv_with_bom([SCHEMA.label(key) for key in _CSV_KEYS] + [URL_HEADER], rows())
