"""The articles under content/articles/: read, written through `format_article`, committed.

An article is named by its key (its path under articles/ without `.md`), and a key a browser
sends is only ever looked up among the files found, never joined to a path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Self, TypeVar

from wardportal.article_file import STATE_KEYS, format_article, one_line, parse_article
from wardportal.counter.clock import Clock
from wardportal.vndates import VIETNAM, DateFormatError, parse_date
from wardportal.vntext import nfc, slugify

from .atomic_file import write_atomically
from .forms import Refused
from .history import ContentHistory
from .photos import Photos
from .states import State, header_for, state_of

ARTICLES = "articles"


@dataclass(frozen=True)
class ContentFile:
    """A Markdown file of content/ as the newsroom edits it: its header lines, its text, and
    the version a save must still find (articles and static pages alike)."""

    key: str
    path: Path
    fields: dict[str, str]
    extra: list[tuple[str, str]]
    body: str
    version: str

    @classmethod
    def read(cls, key: str, path: Path) -> Self:
        data = path.read_bytes()
        fields, extra, body = parse_article(data.decode("utf-8", errors="replace"))
        return cls(key, path, fields, extra, body, version_of(data))

    @property
    def title(self) -> str:
        return self.fields.get("Title", "")


F = TypeVar("F", bound=ContentFile)


@dataclass(frozen=True)
class Article(ContentFile):
    @property
    def state(self) -> State:
        return state_of(self.fields)

    @property
    def tags(self) -> list[str]:
        return split_tags(self.fields.get("Tags", ""))


@dataclass(frozen=True)
class Draft:
    """What the form sent, already checked."""

    title: str
    summary: str
    category: str
    tags: list[str]
    body: str
    date: dt.datetime
    #: A new banner photo ("Ảnh đại diện"), its bytes as sent; checked when it is stored.
    photo: bytes | None = None
    #: "Mô tả ảnh": the ImageAlt line.
    image_alt: str = ""
    #: "Bỏ ảnh đại diện": the Image and ImageAlt lines are removed.
    drop_image: bool = False


#: The banner photo's header lines, kept among the other (non-fixed) header lines.
IMAGE, IMAGE_ALT = "Image", "ImageAlt"


def extra_value(extra: list[tuple[str, str]], key: str) -> str:
    """A header line's value among `extra` (matched without case, as Pelican does)."""
    return next((value for name, value in extra if name.lower() == key.lower()), "")


def with_extra(extra: list[tuple[str, str]], values: dict[str, str]) -> list[tuple[str, str]]:
    """`extra` with these lines set in place (or added at the end); an empty value removes one."""
    result: list[tuple[str, str]] = []
    left = dict(values)
    for name, value in extra:
        key = next((k for k in values if k.lower() == name.lower()), None)
        if key is None:
            result.append((name, value))
        elif left.pop(key, None):
            result.append((key, values[key]))
    result.extend((key, value) for key, value in left.items() if value)
    return result


class StaleVersion(Exception, Generic[F]):
    """The file changed since the form was loaded; `current` is how it is now."""

    def __init__(self, current: F) -> None:
        super().__init__(current.key)
        self.current = current


def split_tags(text: str) -> list[str]:
    """Tags from "a, b, c": NFC, single spaces, no empties, no repeats."""
    tags: list[str] = []
    for item in nfc(text).split(","):
        tag = one_line(item)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def markdown_files(folder: Path) -> dict[str, Path]:
    """The Markdown files under `folder` by key (path without `.md`); links are skipped."""
    files = {}
    for path in sorted(folder.rglob("*.md")):
        if path.is_symlink() or not path.resolve().is_relative_to(folder):
            continue
        files[path.relative_to(folder).with_suffix("").as_posix()] = path
    return files


def version_of(data: bytes) -> str:
    """What a form remembers of the text it was loaded from."""
    return hashlib.sha256(data).hexdigest()


class Articles:
    """Reads and writes the article files; every write is one commit by the account."""

    def __init__(
        self,
        content: Path,
        history: ContentHistory,
        clock: Clock,
        author: str,
        category: str,
        url_pattern: str = "",
    ) -> None:
        self.folder = content.resolve() / ARTICLES
        self._url_pattern = url_pattern
        self.history = history
        self._clock = clock
        self._author = author
        self._category = category
        self._lock = threading.Lock()  # compare-version-then-write is one step
        self.photos = Photos(content, history, clock)

    # --- reading ---------------------------------------------------------------------------

    def _files(self) -> dict[str, Path]:
        return markdown_files(self.folder)

    def _read(self, key: str, path: Path) -> Article:
        return Article.read(key, path)

    def all(self) -> list[Article]:
        """Every article, newest date first."""
        articles = [self._read(key, path) for key, path in self._files().items()]
        return sorted(articles, key=lambda a: a.fields.get("Date", ""), reverse=True)

    def get(self, key: object) -> Article:
        """The article with this key, or a 404 refusal."""
        path = self._files().get(key) if isinstance(key, str) else None
        if path is None or not isinstance(key, str):
            raise Refused(404, "Không tìm thấy bài viết này.")
        return self._read(key, path)

    def address(self, article: Article) -> str | None:
        """The article's address on the site ("/tin-tuc/2026/slug/"), from ARTICLE_URL."""
        if not self._url_pattern:
            return None
        try:
            date = parse_date(article.fields.get("Date", ""))
        except DateFormatError:
            return None
        return self.address_for(date, article.fields.get("Slug") or slugify(article.title))

    def address_for(self, date: dt.datetime, slug: str) -> str | None:
        """The address an article with this date and slug has on the site."""
        if not self._url_pattern:
            return None
        return "/" + self._url_pattern.format(date=date, slug=slugify(slug))

    def categories(self) -> list[str]:
        """The categories in use, the site's default first."""
        found = {a.fields.get("Category", "") for a in self.all()} - {"", self._category}
        return [self._category, *sorted(found)]

    def tags(self) -> list[str]:
        """Every tag in use, as first written."""
        seen: dict[str, str] = {}
        for article in self.all():
            for tag in article.tags:
                seen.setdefault(tag.lower(), tag)
        return sorted(seen.values())

    # --- writing ---------------------------------------------------------------------------

    def _write(
        self, path: Path, text: str, author: str, message: str, photo: Path | None = None
    ) -> None:
        write_atomically(path, text)
        also = (photo,) if photo is not None else ()
        self.history.commit(path, author, message, self._clock(), also)

    def _banner(
        self, draft: Draft, slug: str, extra: list[tuple[str, str]]
    ) -> tuple[list[tuple[str, str]], Path | None]:
        """The Image/ImageAlt lines the draft asks for, and the new photo's file if it sent one.

        Called under the lock after every other check, so a refused save stores no photo.
        """
        image = "" if draft.drop_image else extra_value(extra, IMAGE)
        photo = None
        if draft.photo is not None:
            stored, photo = self.photos.take(draft.photo, slug)
            image = stored.path
        alt = draft.image_alt if image else ""
        return with_extra(extra, {IMAGE: image, IMAGE_ALT: alt}), photo

    def create(self, draft: Draft, author: str, state: State) -> Article:
        """A new file at articles/{year}/{date}-{slug}.md, as `portal new` names it."""
        slug, path = self._new_file(draft)
        fields = {**self._fields(draft), "Slug": slug, "Author": self._author}
        with self._lock:
            if path.exists():
                raise Refused(409, "Đã có bài cùng tiêu đề trong ngày này. Hãy đặt tiêu đề khác.")
            extra, photo = self._banner(draft, slug, [])
            text = format_article({**fields, **header_for(state)}, draft.body, extra)
            message = f"{_verb(state)}: {one_line(draft.title)}"
            self._write(path, text, author, message, photo)
        return self.get(path.relative_to(self.folder).with_suffix("").as_posix())

    def _new_file(self, draft: Draft) -> tuple[str, Path]:
        """The slug and file of a new article, as `portal new` names them."""
        slug = slugify(draft.title)
        if not slug:
            raise Refused(400, "Tiêu đề cần có chữ.")
        moment = draft.date
        return slug, self.folder / f"{moment:%Y}" / f"{moment:%Y-%m-%d}-{slug}.md"

    def preview_of(self, key: str | None, draft: Draft) -> tuple[str, str, str]:
        """What a save of `draft` would write, as if published, for "Xem trước": (the file's
        path from the content folder, its text, its address). Nothing is written.

        A new photo sent with the form is not stored by a preview; the saved one is shown.
        """
        if key:
            current = self.get(key)
            slug = current.fields.get("Slug") or slugify(current.title)
            path, extra = current.path, current.extra
            fields = {**current.fields, **self._fields(draft), "Slug": slug}
        else:
            slug, path = self._new_file(draft)
            extra = []
            fields = {**self._fields(draft), "Slug": slug, "Author": self._author}
        image = "" if draft.drop_image else extra_value(extra, IMAGE)
        extra = with_extra(extra, {IMAGE: image, IMAGE_ALT: draft.image_alt if image else ""})
        text = format_article({**fields, **header_for(State.PUBLISHED)}, draft.body, extra)
        address = self.address_for(draft.date, slug) or ""
        return path.relative_to(self.folder.parent).as_posix(), text, address.strip("/") + "/"

    def save(self, key: str, draft: Draft, loaded: str, author: str, state: State) -> Article:
        """Replace the article's text, unless it changed since `loaded` (StaleVersion).

        The slug is never changed, so a published article keeps its address.
        """
        with self._lock:
            current = self.get(key)
            if current.version != loaded:
                raise StaleVersion(current)
            slug = current.fields.get("Slug") or slugify(current.title)
            fields = {**current.fields, **self._fields(draft), "Slug": slug}
            extra, photo = self._banner(draft, slug, current.extra)
            text = format_article({**fields, **header_for(state)}, draft.body, extra)
            message = f"{_verb(state)}: {one_line(draft.title)}"
            self._write(current.path, text, author, message, photo)
        return self.get(key)

    def change_state(self, key: str, author: str, state: State, note: str = "") -> Article:
        """Only the state lines change (approve, return, unpublish); one commit."""
        with self._lock:
            current = self.get(key)
            fields = {**current.fields, **header_for(state, note)}
            text = format_article(fields, current.body, current.extra)
            message = f"{_verb(state)}: {current.title}"
            if note:
                message += f"\n\n{note}"
            self._write(current.path, text, author, message)
        return self.get(key)

    def restore(self, key: str, commit: str, author: str) -> Article:
        """Write the text of an earlier version back, as a new commit.

        The state lines stay as they are now: restoring an old published version must not
        publish a draft (nor take a live article down).
        """
        with self._lock:
            current = self.get(key)
            if commit not in {version.commit for version in self.history.versions(current.path)}:
                raise Refused(404, "Không có phiên bản này.")
            fields, extra, body = parse_article(self.history.text_at(commit, current.path))
            state = {name: current.fields.get(name, "") for name in STATE_KEYS}
            slug = current.fields.get("Slug") or fields.get("Slug", "")
            text = format_article({**fields, **state, "Slug": slug}, body, extra)
            self._write(current.path, text, author, f"Khôi phục bản {commit[:7]}: {current.title}")
        return self.get(key)

    def _fields(self, draft: Draft) -> dict[str, str]:
        return {
            "Title": draft.title,
            "Date": f"{draft.date.astimezone(VIETNAM):%Y-%m-%d %H:%M}",
            "Category": draft.category,
            "Tags": ", ".join(draft.tags),
            "Summary": draft.summary,
        }


def _verb(state: State) -> str:
    return {
        State.DRAFT: "Lưu nháp",
        State.PENDING: "Gửi duyệt",
        State.RETURNED: "Trả lại",
        State.PUBLISHED: "Duyệt và đăng",
    }[state]
