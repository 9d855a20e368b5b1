"""Open data: the whole roll as JSON and as CSV (UTF-8 with BOM, so Excel shows Vietnamese).

The JSON keeps every value exactly; the CSV protects cells a spreadsheet would run as formulas.

The CSV uses the roll's own column labels, so a downloaded file can be edited and put back in
content/honours/ as it is; its last column (the page's address) is ignored when read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from wardportal.datafiles.spreadsheet import csv_with_bom
from wardportal.honours.history import format_history
from wardportal.honours.labels import BY_NAME
from wardportal.honours.model import Entry

_CSV_KEYS = (
    "title",
    "kind",
    "holder",
    "holder_role",
    "field",
    "period",
    "status",
    "level",
    "decision",
    "date",
    "summary",
    "photo",
    "articles",
    "slug",
    "campaign",
    "history",
)
URL_HEADER = "Địa chỉ trang"


def entry_data(entry: Entry, site_url: str) -> dict[str, Any]:
    """Every field of an entry, its period and its absolute URL, as JSON-ready values."""
    return {
        "title": entry.title,
        "kind": entry.kind,
        "holder": entry.holder,
        "holder_role": entry.holder_role,
        "field": entry.field,
        "period": entry.period.slug,
        "status": entry.status,
        "level": entry.level,
        "decision": entry.decision,
        "date": entry.date.isoformat() if entry.date else None,
        "summary": entry.summary,
        "photo": entry.photo_url or (f"{site_url}/{entry.photo}" if entry.photo else ""),
        "articles": [
            {"slug": article.slug, "title": article.title, "url": f"{site_url}/{article.url}"}
            for article in entry.news
        ],
        "slug": entry.slug,
        "campaign": entry.campaign,
        "history": [
            {
                "date": stage.date.isoformat(),
                "status": stage.status,
                "level": stage.level,
                "decision": stage.decision,
            }
            for stage in entry.history
        ],
        "url": f"{site_url}/{entry.url}",
    }


def to_json(entries: Iterable[Entry], site_url: str, title: str) -> str:
    items = [entry_data(entry, site_url) for entry in entries]
    document = {"title": title, "source": f"{site_url}/", "count": len(items), "entries": items}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(entries: Iterable[Entry], site_url: str) -> str:
    """CSV text starting with a BOM; write it as UTF-8."""

    def rows() -> Iterator[list[str]]:
        for entry in entries:
            data = entry_data(entry, site_url)
            data["photo"] = entry.photo
            data["articles"] = ", ".join(article.slug for article in entry.news)
            data["history"] = format_history(entry.history)
            yield [str(data[key] or "") for key in _CSV_KEYS] + [data["url"]]

    return csv_with_bom([BY_NAME[key].label for key in _CSV_KEYS] + [URL_HEADER], rows())
