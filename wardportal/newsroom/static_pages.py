"""The static pages under content/pages/ (Giới thiệu, Liên hệ): read, edited, committed.

A page is always on the site, so it is changed only as a published article is: by an
approver, and the change goes live. Its `Slug:` line is never changed (one is written from
the old title if the file had none), so its address stays; the other header lines written
by hand (Template, Status…) are kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from wardportal.article_file import format_article, one_line, parse_article
from wardportal.counter.clock import Clock
from wardportal.vntext import slugify

from .articles import ContentFile, StaleVersion, markdown_files
from .atomic_file import write_atomically
from .forms import Refused
from .history import ContentHistory

PAGES = "pages"


@dataclass(frozen=True)
class Page(ContentFile):
    @property
    def slug(self) -> str:
        return self.fields.get("Slug") or slugify(self.title)


class StaticPages:
    """Reads and writes the page files; every write is one commit by the account."""

    def __init__(
        self, content: Path, history: ContentHistory, clock: Clock, url_pattern: str = ""
    ) -> None:
        self.folder = content.resolve() / PAGES
        self.history = history
        self._clock = clock
        self._url_pattern = url_pattern
        self._lock = threading.Lock()  # compare-version-then-write is one step

    def all(self) -> list[Page]:
        return [self._read(key, path) for key, path in markdown_files(self.folder).items()]

    def get(self, key: object) -> Page:
        """The page with this key, or a 404 refusal (a key is never joined to a path)."""
        path = markdown_files(self.folder).get(key) if isinstance(key, str) else None
        if path is None or not isinstance(key, str):
            raise Refused(404, "Không tìm thấy trang này.")
        return self._read(key, path)

    def _read(self, key: str, path: Path) -> Page:
        return Page.read(key, path)

    def address(self, page: Page) -> str | None:
        """The page's address on the site ("/gioi-thieu/"), from PAGE_URL."""
        return "/" + self._url_pattern.format(slug=page.slug) if self._url_pattern else None

    def save(self, key: str, title: str, summary: str, body: str, loaded: str, author: str) -> Page:
        """Replace title, summary and text, unless the file changed since `loaded`."""
        with self._lock:
            current = self.get(key)
            if current.version != loaded:
                raise StaleVersion(current)
            fields = {**current.fields, "Title": title, "Summary": summary, "Slug": current.slug}
            text = format_article(fields, body, current.extra, empty_keys=False)
            self._write(current, text, author, f"Sửa trang: {one_line(title)}")
        return self.get(key)

    def restore(self, key: str, commit: str, author: str) -> Page:
        """Write an earlier version's text back as a new commit, keeping today's slug."""
        with self._lock:
            current = self.get(key)
            if commit not in {version.commit for version in self.history.versions(current.path)}:
                raise Refused(404, "Không có phiên bản này.")
            fields, extra, body = parse_article(self.history.text_at(commit, current.path))
            fields = {**fields, "Slug": current.slug}
            text = format_article(fields, body, extra, empty_keys=False)
            self._write(current, text, author, f"Khôi phục bản {commit[:7]}: {current.title}")
        return self.get(key)

    def _write(self, page: Page, text: str, author: str, message: str) -> None:
        write_atomically(page.path, text)
        self.history.commit(page.path, author, message, self._clock())
