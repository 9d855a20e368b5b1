"""What one build publishes, read off Pelican's generators: addresses, files, and the pages
that keep old addresses working.

Two questions are answered here before anything is written:
- which file every generator will write (two things at one address stop the build,
  whichever generator writes them: Pelican's writer only notices its own overwrites, and only
  while writing);
- which addresses the build publishes, for wardportal.permalinks to compare with the record.
After writing, old addresses get a small redirect page (for `make serve` and any static host)
and the nginx map files (301 and 410) that deploy/nginx includes.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from wardportal.build_errors import ContentError, relative
from wardportal.images import VARIANTS_FOLDER
from wardportal.permalinks import (
    ARTICLE,
    CATEGORY,
    GONE_MAP,
    GONE_PAGE,
    PAGE,
    REDIRECT_MAP,
    TAG,
    Address,
    Moves,
    nginx_map,
)
from wardportal.search_index import BUNDLE
from wardportal.share_cards import CARDS_FOLDER
from wardportal.vntext import match_key

# Folders the build fills itself: no page may be written inside them.
_RESERVED = {
    f"{BUNDLE}/": "chỉ mục tìm kiếm",
    "_portal/": "dữ liệu của cổng",
    f"{VARIANTS_FOLDER}/": "ảnh thu nhỏ",
    f"{CARDS_FOLDER}/": "ảnh chia sẻ tự tạo",
}


def url_of(save_as: str) -> str:
    """The address a file is served at: "a/index.html" → "/a/"."""
    return "/" + save_as.removesuffix("index.html")


def _listed_and_hidden(generator) -> tuple[list, list]:
    """(published, withheld) articles or pages of a Pelican generator."""
    if isinstance(generator, ArticlesGenerator):
        published = [*generator.articles, *generator.hidden_articles]
        return published, list(generator.drafts)
    published = [*generator.pages, *generator.hidden_pages]
    return published, list(generator.draft_pages)


def addresses(generators, settings: dict) -> tuple[list[Address], set, dict[str, Address]]:
    """(every address published, items withheld now, the list page of each kind)."""
    content = os.path.abspath(settings["PATH"])
    current: list[Address] = []
    withheld: set[tuple[str, str]] = set()
    list_pages: dict[str, Address] = {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator | PagesGenerator):
            kind = ARTICLE if isinstance(generator, ArticlesGenerator) else PAGE
            published, held = _listed_and_hidden(generator)
            for item in published:
                if item.save_as:
                    current.append(item_address(item, kind, content))
            withheld |= {(kind, _source_key(item, content)) for item in held}
        if isinstance(generator, ArticlesGenerator):
            current += _term_addresses(generator.tags, TAG)
            current += _term_addresses((c for c, _ in generator.categories), CATEGORY)
            for kind, name in ((TAG, "TAGS"), (CATEGORY, "CATEGORIES")):
                if settings.get(f"{name}_SAVE_AS"):
                    list_pages[kind] = Address("/" + settings[f"{name}_URL"], kind, "")
        offered = getattr(generator, "published_addresses", None)
        if offered is not None:
            found, lists = offered()
            current += found
            list_pages.update(lists)
    return current, withheld, list_pages


def _source_key(item, content: str) -> str:
    return _relative_posix(item.source_path, content)


@lru_cache(maxsize=65536)
def _relative_posix(path: str, root: str) -> str:
    """A path relative to root, with "/": worked out once per file (a long-running build
    plans its addresses again at every change, quick edits included)."""
    return Path(os.path.relpath(path, root)).as_posix()


def item_address(item, kind: str, content: str) -> Address:
    tags = tuple(match_key(tag.name) for tag in getattr(item, "tags", []))
    return Address("/" + item.url, kind, _source_key(item, content), item.title, tags)


def _term_addresses(terms: Iterable, kind: str) -> list[Address]:
    return [Address("/" + term.url, kind, match_key(term.name), term.name) for term in terms]


# (file the build will write, who writes it as the officer reads it, the source file or "")
Planned = tuple[str, str, str]


def planned_files(generators, settings: dict, root: str) -> Iterator[Planned]:
    """Every file every generator will write, and who writes it, before writing."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator | PagesGenerator):
            for item in _listed_and_hidden(generator)[0]:
                if item.save_as:
                    source = relative(item.source_path, root)
                    yield item.save_as, source, source
        if isinstance(generator, ArticlesGenerator):
            yield from _article_lists(generator, settings)
        elif isinstance(generator, StaticGenerator):
            for static in generator.staticfiles:
                source = relative(static.source_path, root)
                yield static.save_as, source, source
        offered = getattr(generator, "planned_files", None)
        if offered is not None:
            yield from offered()


def _article_lists(generator, settings: dict) -> Iterator[Planned]:
    """The lists Pelican's ArticlesGenerator writes: terms, year archives, templates, feeds.

    Pagination pages sit below their list's own folder (…/trang/2/), which no slug can
    reach, so the first page of each list stands for all of them.
    """
    for tag in generator.tags:
        yield tag.save_as, f"trang từ khóa “{tag.name}”", ""
    for category, _articles in generator.categories:
        yield category.save_as, f"trang chuyên mục “{category.name}”", ""
    for granularity in generator.period_archives.values():
        for period in granularity:
            yield period["save_as"], "trang lưu trữ theo năm", ""
    for name in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            yield save_as, f"trang “{name}” của giao diện", ""
    for feed in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(feed):
            yield settings[feed], "nguồn tin (feed)", ""


def share_card_files(cards: Iterable) -> Iterator[Planned]:
    """The generated share cards (share_cards.Card), written by the build itself."""
    for card in cards:
        yield card.save_as, _RESERVED[f"{CARDS_FOLDER}/"], ""


def collisions(planned: Iterable[Planned]) -> list[ContentError]:
    """Two writers of one file, or a page inside a folder the build fills itself."""
    writers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for save_as, owner, source in planned:
        path = os.path.normpath(save_as).replace(os.sep, "/")
        if (owner, source) not in writers[path]:
            writers[path].append((owner, source))
    errors = []
    for path, written_by in sorted(writers.items()):
        owners = [owner for owner, _ in written_by]
        reserved = next((folder for folder in _RESERVED if path.startswith(folder)), None)
        if len(owners) > 1:
            problem = f"địa chỉ {url_of(path)} bị tạo hai lần: bởi {' và bởi '.join(owners)}"
        elif reserved and owners != [_RESERVED[reserved]]:  # the folder's own files pass
            problem = (
                f"địa chỉ {url_of(path)} của {owners[0]} nằm trong thư mục /{reserved}"
                f" dành cho {_RESERVED[reserved]}"
            )
        else:
            continue
        errors.append(
            ContentError(
                next((source for _, source in written_by if source), ""),
                problem,
                "hãy đổi “Slug:” (hoặc tên, slug của mục bảng vàng) để mỗi trang có một địa chỉ"
                " riêng",
            )
        )
    return errors


def write_moves(moves: Moves, output: Path, render_page, site_root: str) -> None:
    """Redirect pages, gone pages and the nginx maps, in the staged output."""
    write_redirects(moves, output, render_page, site_root)
    for old, was in moves.gone.items():
        write_text(output / file_of(old), render_page("gone", gone=was))
    write_text(output / GONE_PAGE, render_page("gone", gone=None))
    write_text(output / GONE_MAP, nginx_map({site_root + old: "1" for old in moves.gone}))


def write_redirects(
    moves: Moves,
    output: Path,
    render_page,
    site_root: str,
    targets: Container[tuple[str, str]] | None = None,
) -> list[str]:
    """The redirect map, and the redirect pages: all, or those pointing to the items
    `targets` ((kind, key): a quick edit renames or moves only these); the pages written."""
    written = []
    for old, target in moves.redirects.items():
        if targets is None or target.item in targets:
            html = render_page("redirect", target_url=f"{site_root}{target.url}", target=target)
            written.append(file_of(old))
            write_text(output / written[-1], html)
    redirects = {site_root + old: site_root + target.url for old, target in moves.redirects.items()}
    write_text(output / REDIRECT_MAP, nginx_map(redirects))
    return written


def file_of(url: str) -> str:
    """The file behind an address: "/a/" → "a/index.html", "/a.pdf" → "a.pdf"."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def write_text(path: Path, text: str) -> None:
    """Write a page or data file of the site, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
