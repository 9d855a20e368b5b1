"""Published addresses never move: the record of every address the site has published.

Residents share links to Zalo; a link that stops working is the portal breaking a promise.
Each successful build writes a record (content/.portal/urls.json, committed with the content)
of the addresses it published and what each belongs to. The next build reads it and:

- keeps the slug every tag and category was first published under, whatever spelling becomes
  more common later (a typo never takes the established address);
- for every recorded address the build no longer produces, finds where its item went (same
  file, or the same slug elsewhere, or the tag most of its articles now carry) and keeps a
  redirect; an address removed on purpose is listed in the gone list (410); anything else is
  an error, so no address disappears by accident.

Plain data and functions: the Pelican side is wardportal.published.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from wardportal.build_errors import ContentError

RECORD_VERSION = 1
# What the build writes for old addresses, in the output (nginx and the preview read them).
REDIRECT_MAP = "_portal/redirects.map"
GONE_MAP = "_portal/gone.map"
GONE_PAGE = "410.html"
RECORD_SCRATCH = ".urls-"  # the record is written under this name, then renamed

# Kinds of published things whose addresses are kept. Lists that come and go with the
# content (pagination, year archives) are not: their first page is one of these or the home.
ARTICLE, PAGE, TAG, CATEGORY = "article", "page", "tag", "category"
HONOUR, HONOUR_PERIOD, HONOUR_FIELD = "honour", "honour-period", "honour-field"
DOCUMENT, DOCUMENT_FILTER, DOCUMENT_FILE = "document", "document-filter", "document-file"
KINDS: tuple[str, ...] = (ARTICLE, PAGE, TAG, CATEGORY, HONOUR, HONOUR_PERIOD, HONOUR_FIELD)
KINDS += (DOCUMENT, DOCUMENT_FILTER, DOCUMENT_FILE)
LEGAL = "legal"  # a page the law asks for (plugins/legal), keyed by the setting of its address
KINDS += (LEGAL,)
TERM_KINDS = (TAG, CATEGORY)
# Where an address of these kinds goes when nothing took its place: the list it was part of.
FALLBACK_LIST = {TAG: TAG, CATEGORY: CATEGORY, HONOUR_PERIOD: HONOUR, HONOUR_FIELD: HONOUR}
FALLBACK_LIST[DOCUMENT_FILTER] = DOCUMENT
# How an item of each kind is named in a message.
_KIND_NAMES = {
    ARTICLE: "bài viết",
    PAGE: "trang",
    TAG: "từ khóa",
    CATEGORY: "chuyên mục",
    HONOUR: "mục bảng vàng",
    HONOUR_PERIOD: "trang giai đoạn của bảng vàng",
    HONOUR_FIELD: "trang lĩnh vực của bảng vàng",
    DOCUMENT: "văn bản",
    DOCUMENT_FILTER: "trang lọc văn bản",
    DOCUMENT_FILE: "tệp văn bản",
}
# Past this many vanished addresses one at a time, the rest are counted: so many at once means
# a setting or a whole folder changed, and a list of thousands would hide that.
VANISHED_SHOWN = 20


@dataclass(frozen=True)
class Address:
    """One published address and the item it belongs to.

    `key` identifies the item within its kind across builds: the source file of an article or
    page, the match key of a tag or category, "period/slug" of an honour entry, "number ·
    body · year" of a document and of its file.
    """

    url: str  # site path: "/tin-tuc/2026/ra-quan/"
    kind: str
    key: str
    title: str = ""
    tags: tuple[str, ...] = ()  # an article's tag keys, to follow a renamed tag

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]

    @property
    def item(self) -> tuple[str, str]:
        return self.kind, self.key


@dataclass
class Record:
    """What earlier builds published: addresses by URL, and the slug of every term."""

    addresses: dict[str, Address] = field(default_factory=dict)
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> key -> slug

    def term_slugs(self, kind: str) -> dict[str, str]:
        return self.terms.get(kind, {})

    def to_json(self) -> str:
        addresses = {
            url: {
                "kind": address.kind,
                "key": address.key,
                "title": address.title,
                **({"tags": list(address.tags)} if address.tags else {}),
            }
            for url, address in sorted(self.addresses.items())
        }
        data = {
            "version": RECORD_VERSION,
            "about": "Sổ địa chỉ đã xuất bản, do lệnh xây dựng ghi. Đừng sửa tay; hãy lưu cùng"
            " nội dung (git) để địa chỉ cũ không bao giờ hỏng.",
            "terms": {kind: dict(sorted(slugs.items())) for kind, slugs in self.terms.items()},
            "addresses": addresses,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def load_record(path: Path, shown: str) -> Record:
    """The record at path; an empty one when there is none yet (a site's first build)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Record()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContentError(
            shown,
            f"không đọc được sổ địa chỉ đã xuất bản ({error})",
            "tệp này do lệnh xây dựng ghi: hãy lấy lại bản cũ (git checkout) thay vì sửa tay",
        ) from None
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
        raise ContentError(shown, "sổ địa chỉ không đúng định dạng", "hãy lấy lại bản cũ")
    addresses = {
        url: _address(url, item)
        for url, item in data.get("addresses", {}).items()
        if isinstance(item, dict) and item.get("kind") in KINDS
    }
    return Record(addresses, {k: dict(v) for k, v in data.get("terms", {}).items()})


def _address(url: str, item: dict) -> Address:
    tags = tuple(item.get("tags", ()))
    return Address(url, item["kind"], item["key"], item.get("title", ""), tags)


def save_record(record: Record, path: Path) -> bool:
    """Write the record atomically, only when it changed (it is committed with the content,
    and a watcher rebuilding on every change must not see a write that changes nothing)."""
    text = record.to_json()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=RECORD_SCRATCH, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return True


@dataclass(frozen=True)
class Listed:
    """A line of the officer's gone list or redirect list."""

    url: str
    line: int
    target: str = ""


def read_url_list(path: Path, shown: str, *, pairs: bool) -> tuple[dict[str, Listed], list]:
    """The gone list (one address a line) or the redirect list ("/cũ/ /mới/" a line).

    Blank lines and lines starting with # are comments. Returns the entries and the errors.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}, []
    entries: dict[str, Listed] = {}
    errors = []
    example = "/tin-tuc/2020/bai-cu/ /tin-tuc/2020/bai-moi/" if pairs else "/tin-tuc/2020/bai-cu/"
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != (2 if pairs else 1) or not all(w.startswith("/") for w in words):
            problem = f"dòng “{line.strip()}” không đúng mẫu"
            errors.append(ContentError(shown, problem, f"hãy viết như: {example}", number))
            continue
        url = site_path(words[0])
        entries[url] = Listed(url, number, site_path(words[1]) if pairs else "")
    return entries, errors


def site_path(url: str) -> str:
    """ "/a/b" and "/a/b/" and "/a/b/index.html" are one address: "/a/b/"."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    if url.endswith("/index.html"):
        url = url.removesuffix("index.html")
    if not url.endswith("/") and "." not in url.rsplit("/", 1)[-1]:
        url += "/"
    return url


@dataclass
class Moves:
    """What the build must add for addresses it no longer produces."""

    redirects: dict[str, Address] = field(default_factory=dict)  # old URL -> where it went
    gone: dict[str, Address] = field(default_factory=dict)  # old URL -> what it was
    errors: list[ContentError] = field(default_factory=list)
    record: Record = field(default_factory=Record)  # to save once the build succeeded


@dataclass
class Lists:
    """The officer's lists and where they live, for messages."""

    gone: dict[str, Listed] = field(default_factory=dict)
    redirects: dict[str, Listed] = field(default_factory=dict)
    gone_file: str = ".portal/gone.txt"
    redirects_file: str = ".portal/redirects.txt"


def plan_moves(
    record: Record,
    current: list[Address],
    withheld: set[tuple[str, str]],
    lists: Lists,
    list_pages: dict[str, Address],
    occupied: frozenset[str] | set[str] = frozenset(),
) -> Moves:
    """Decide, for every address earlier builds published, what it serves now.

    `current` is what this build publishes; `withheld` the items that exist but are not
    published now (drafts, articles dated later): their addresses wait for them silently.
    `list_pages` gives the page that lists each kind (tags → /tu-khoa/), where an address
    of a term or honour group that nothing replaced goes. An old address now `occupied` by
    another kind of file (a list, a feed) is simply alive and leaves the record.
    """
    live = {address.url: address for address in current}
    by_item = {address.item: address for address in current}
    by_slug: dict[tuple[str, str], list[Address]] = {}
    for address in current:
        if address.url not in record.addresses:
            by_slug.setdefault((address.kind, address.slug), []).append(address)
    # The tags each article carried when it was recorded: where a renamed tag went.
    carried = {a.item: a.tags for a in record.addresses.values() if a.kind == ARTICLE}
    moves = Moves()
    kept: dict[str, Address] = {}
    vanished: list[Address] = []
    for url, old in sorted(record.addresses.items()):
        if url in live or url in occupied:
            continue
        if url in lists.gone:
            moves.gone[url] = kept[url] = old
            continue
        listed = lists.redirects.get(url)
        target = live.get(listed.target) if listed else None
        if listed and target is None:
            moves.errors.append(
                ContentError(
                    lists.redirects_file,
                    f"địa chỉ mới “{listed.target}” không có trang nào",
                    "hãy ghi địa chỉ của một trang đang xuất bản",
                    listed.line,
                )
            )
            continue
        target = target or by_item.get(old.item) or _only(by_slug.get((old.kind, old.slug)))
        if target is None and old.item in withheld:
            kept[url] = old  # a draft or a later article: its address waits for it
            continue
        target = target or _renamed_term(old, carried, by_item)
        if target is None and old.kind in FALLBACK_LIST:
            target = list_pages.get(FALLBACK_LIST[old.kind])
        if target is None:
            vanished.append(old)
            continue
        moves.redirects[url] = target
        # Remember what it points to now, so a later move redirects straight to the new place.
        kept[url] = Address(url, target.kind, target.key, target.title, target.tags)
    moves.errors += [_vanished(old, lists) for old in vanished[:VANISHED_SHOWN]]
    if len(vanished) > VANISHED_SHOWN:
        moves.errors.append(_many_vanished(len(vanished) - VANISHED_SHOWN))
    for url in lists.gone:
        if url in live:
            moves.errors.append(
                ContentError(
                    lists.gone_file,
                    f"địa chỉ {url} có trong danh sách đã gỡ nhưng vẫn đang có trang",
                    "hãy xoá dòng này, hoặc gỡ trang đó",
                    lists.gone[url].line,
                )
            )
    moves.record = Record(
        {**kept, **live},
        {kind: {**record.term_slugs(kind)} for kind in TERM_KINDS},
    )
    for address in current:
        if address.kind in TERM_KINDS:
            moves.record.terms[address.kind].setdefault(address.key, address.slug)
    return moves


def _only(candidates: list[Address] | None) -> Address | None:
    return candidates[0] if candidates and len(candidates) == 1 else None


def _renamed_term(old: Address, carried: dict, by_item: dict) -> Address | None:
    """A tag renamed in its articles: the new tag most of them now carry."""
    if old.kind != TAG:
        return None
    votes: Counter = Counter()
    for item, tags in carried.items():
        now = by_item.get(item)
        if now is not None and old.key in tags:
            votes.update(tag for tag in now.tags if tag not in tags)
    ranked = sorted(votes.items(), key=lambda pair: (-pair[1], pair[0]))
    return by_item.get((TAG, ranked[0][0])) if ranked else None


def _vanished(old: Address, lists: Lists) -> ContentError:
    what = _KIND_NAMES.get(old.kind, "trang")
    named = f"{what} “{old.title}”" if old.title else what
    return ContentError(
        old.key if old.kind in (ARTICLE, PAGE) else "",
        f"địa chỉ {old.url} ({named}) đã xuất bản nhưng nay không còn"
        " (người dân có thể đã chia sẻ liên kết này)",
        f"nếu gỡ có chủ ý, thêm dòng “{old.url}” vào {lists.gone_file}; nếu đã chuyển sang"
        f" trang khác, thêm dòng “{old.url} /dia-chi-moi/” vào {lists.redirects_file};"
        " nếu lỡ xoá hoặc đổi Slug, hãy khôi phục",
    )


def _many_vanished(more: int) -> ContentError:
    return ContentError(
        "",
        f"và {more} địa chỉ đã xuất bản khác cũng không còn",
        "khi nhiều địa chỉ mất cùng lúc, thường là do đổi thiết lập (ví dụ các mẫu địa chỉ"
        " *_URL, PLUGINS) hoặc xoá cả một thư mục: hãy đặt lại như cũ, rồi xây dựng lại",
    )


def nginx_map(pairs: dict[str, str]) -> str:
    """Lines of an nginx `map` body: each old address (with and without its final slash)."""
    lines = ["# Tạo tự động khi xây dựng trang; đừng sửa tay."]
    for old, value in sorted(pairs.items()):
        keys = [old]
        if old.endswith("/") and old != "/":
            keys += [old.rstrip("/"), old + "index.html"]
        lines += [f"{_nginx_quote(key)} {_nginx_quote(value)};" for key in keys]
    return "\n".join(lines) + "\n"


def _nginx_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
