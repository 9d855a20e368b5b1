"""Entries and news articles, linked both ways.

An entry names articles in `articles:`; an article names entries in its `Honours:` line.
Either way the entry page lists the article and the article page shows the entry. A name
that matches nothing is an error at the place it was written, with the nearest name as advice,
except when the roll itself could not be read whole: its entries are missing because of the
errors already reported there, and "no such entry" in every article would send the officer
to fix the wrong files.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wardportal.build_errors import ContentError, line_of
from wardportal.honours.config import RollConfig
from wardportal.honours.model import Entry
from wardportal.vntext import slugify, sort_key

_SEPARATORS = re.compile(r"[,;]")
_PERIOD_SLUG = re.compile(r"^\d{4}(-\d{4})?$")


def link_news(
    entries: list[Entry],
    articles: Iterable[Any],
    config: RollConfig,
    drafts: Iterable[Any] = (),
    roll_incomplete: bool = False,
) -> list[ContentError]:
    """Set entry.news and article.honour_entries; return the names that match nothing.

    Articles are Pelican Article objects (slug, source_path, metadata, date); drafts are only
    used to say that a named article exists but is not published. With roll_incomplete
    (reading the roll found errors), an article's Honours: name that matches nothing is
    not reported.
    """
    articles = list(articles)
    by_article: dict[str, list[Any]] = {}
    for article in articles:
        for name in {article.slug, Path(article.source_path).stem}:
            by_article.setdefault(name, []).append(article)
    draft_names = {name for draft in drafts for name in (draft.slug, Path(draft.source_path).stem)}
    by_entry: dict[str, list[Entry]] = {}
    for entry in entries:
        by_entry.setdefault(entry.slug, []).append(entry)
        by_entry.setdefault(f"{entry.period.slug}/{entry.slug}", []).append(entry)

    pairs: list[tuple[Entry, Any]] = []
    errors: list[ContentError] = []
    for entry in entries:
        for ref in entry.article_refs:
            found = by_article.get(_last_segment(ref), [])
            pairs.extend((entry, article) for article in found)
            if not found:
                errors.append(_unknown_article(entry, ref, by_article, draft_names))
    for article in articles:
        for ref in _SEPARATORS.split(str(article.metadata.get("honours") or "")):
            if ref.strip():
                found, error = _entry_for(article, ref.strip(), by_entry, config, roll_incomplete)
                pairs.extend((entry, article) for entry in found)
                if error:
                    errors.append(error)
    _attach(pairs, articles, entries)
    return errors


def _attach(pairs: list[tuple[Entry, Any]], articles: list[Any], entries: list[Entry]) -> None:
    news: dict[int, dict[int, Any]] = {id(entry): {} for entry in entries}
    honours: dict[int, dict[int, Entry]] = {id(article): {} for article in articles}
    for entry, article in pairs:
        news[id(entry)][id(article)] = article
        honours[id(article)][id(entry)] = entry
    for entry in entries:
        entry.news = sorted(news[id(entry)].values(), key=lambda a: a.date, reverse=True)
    for article in articles:
        linked = honours[id(article)].values()
        article.honour_entries = sorted(linked, key=lambda e: (sort_key(e.title), e.period.slug))


def article_names(entries: Iterable[Entry]) -> set[str]:
    """The names entries give articles in `articles:` (each matches an article's slug or
    file name): an article whose slug takes or leaves one changes the entries it shows in."""
    return {_last_segment(ref) for entry in entries for ref in entry.article_refs}


def _last_segment(ref: str) -> str:
    """ "tin-tuc/2018/so-ket/" or "so-ket.md" → "so-ket"."""
    segment = ref.strip().strip("/").rsplit("/", 1)[-1]
    return slugify(segment.removesuffix(".md").removesuffix(".html"))


def _unknown_article(
    entry: Entry, ref: str, by_article: dict[str, list[Any]], drafts: set[str]
) -> ContentError:
    place = entry.articles_place or entry.place
    if _last_segment(ref) in drafts:
        return place.error(
            f"bài viết “{ref}” của “{entry.title}” đang là bản nháp nên chưa có trên trang",
            "Hãy xuất bản bài viết (bỏ dòng “Status: draft”) hoặc bỏ tên bài khỏi danh sách",
        )
    return place.error(
        f"“{entry.title}” nhắc tới bài viết “{ref}” nhưng không có bài viết nào như vậy",
        _advice(
            _last_segment(ref),
            by_article,
            "Hãy ghi slug của bài viết (phần cuối địa chỉ"
            " bài, ví dụ so-ket-phong-trao) hoặc tên tệp không có đuôi .md",
        ),
    )


def _entry_for(
    article: Any,
    ref: str,
    by_entry: dict[str, list[Entry]],
    config: RollConfig,
    roll_incomplete: bool = False,
) -> tuple[list[Entry], ContentError | None]:
    parts = [slugify(part) for part in ref.strip("/").split("/") if part] or [""]
    with_period = len(parts) > 1 and _PERIOD_SLUG.match(parts[-2])
    found = by_entry.get("/".join(parts[-2:]) if with_period else parts[-1], [])
    place_path = config.shown(article.source_path)
    line = line_of(article.source_path, "honours", metadata_key=True)
    if len(found) > 1:
        choices = ", ".join(f"{entry.period.slug}/{entry.slug}" for entry in found)
        return [], ContentError(
            place_path,
            f"dòng Honours: “{ref}” khớp với nhiều mô hình, điển hình ở các giai đoạn khác nhau",
            f"Hãy ghi kèm giai đoạn, một trong: {choices}",
            line,
        )
    if not found and roll_incomplete:
        return [], None  # the entry may be one the roll's own errors kept out
    if not found:
        hint = "Hãy ghi slug của mục trong bảng vàng (phần cuối địa chỉ trang của mục)"
        return [], ContentError(
            place_path,
            f"dòng Honours: không có mô hình, điển hình nào có slug “{ref}”",
            _advice(parts[-1], by_entry, hint),
            line,
        )
    return found, None


def _advice(name: str, known: dict[str, Any], hint: str) -> str:
    close = difflib.get_close_matches(name, [key for key in known if "/" not in key], n=1)
    return f"Có thể bạn muốn viết “{close[0]}”. {hint}" if close else hint
