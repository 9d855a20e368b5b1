""" "Xem trước": the article as it will look, made by the project's real build and theme.

The form's text is written, exactly as a save would write it, into a private scratch copy of
the content folder (outside content/ and output/; the photos are the content's own, linked, not
copied), and `pelican` builds that one article with the site's settings into a scratch output.
So the reader's checks give the same Vietnamese `file, dòng N` messages as a real build, and
the page is the theme's `article.html` with its CSS and resized photos. Only the newest
previews are kept; nothing is ever written into the content or output folders.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .publisher import error_lines, run_command

#: Where a preview is served; its pages are built with this as their address.
PREVIEW_PATH = "/xem-truoc"
#: How many previews are kept on disk (the newest); older ones are deleted.
KEEP = 20
#: The build's settings changed for a preview: its own address, one article, no side effects.
#: The honour roll plugin is left out (it would build every honour page); an article's
#: `Honours:` line is then not shown in the preview.
OVERRIDES = {
    "FEED_DOMAIN": "",
    "PLUGINS": ["portal"],
    "PORTAL_COUNTER": False,
    "PORTAL_DEV_RELOAD": False,
    "PORTAL_GONE_LIST": "",
    "PORTAL_HOLD_FUTURE": False,
    "PORTAL_MARKDOWN_CACHE": "",
    "PORTAL_PARALLEL": False,
    "PORTAL_REDIRECT_LIST": "",
    "PORTAL_SEARCH": False,
    "PORTAL_TEMPLATE_CACHE": "",
    "PORTAL_URL_RECORD": "",
    "PORTAL_WRITE_URL_RECORD": False,
}


NOT_BUILT = (
    "Bản xem trước không có trang của bài này (có thể bài bị ẩn hoặc địa chỉ bài trùng bài"
    " khác). Hãy kiểm tra tiêu đề và ngày đăng."
)


@dataclass(frozen=True)
class Preview:
    """A built preview: its token, who made it, and the article's page inside it ("tin-tuc/…/")
    or, when the build refused the article, the lines that say why."""

    token: str
    account: str
    page: str = ""
    errors: tuple[str, ...] = ()


class Previewer:
    """Builds previews in `scratch`, one folder each, at most two at a time."""

    def __init__(
        self,
        project: Path,
        content: Path,
        settings_file: Path,
        scratch: Path,
        site_root: str,
        timeout: float = 120,
    ) -> None:
        self.project = project
        self.content = content.resolve()
        self.settings_file = settings_file
        self.scratch = scratch
        self.site_root = site_root  # "/quan-tri/xem-truoc"
        self.timeout = timeout
        self._slots = threading.Semaphore(2)
        self._lock = threading.Lock()
        self._previews: dict[str, Preview] = {}
        self._started = False

    def _start(self) -> None:
        """Before the first preview: empty the scratch folder (a restarted service forgets the
        previews it made). Not at construction: `portal user` builds a Newsroom too."""
        with self._lock:
            if not self._started:
                shutil.rmtree(self.scratch, ignore_errors=True)
                self.scratch.mkdir(parents=True, mode=0o700)
                self._started = True

    def build(self, relative: str, text: str, account: str, page: str) -> Preview:
        """Build the article whose file would be content/`relative` with `text`; `page` is
        its address in the site ("tin-tuc/2026/slug/"), from ARTICLE_URL."""
        self._start()
        token = secrets.token_hex(16)
        folder = self.scratch / token
        content = folder / "content"
        source = content / relative
        source.parent.mkdir(parents=True, mode=0o700)
        source.write_text(text, encoding="utf-8")
        if (self.content / "images").is_dir():
            (content / "images").symlink_to(self.content / "images", target_is_directory=True)
        with self._slots:
            ok, output = self._pelican(content, folder / "output", f"{self.site_root}/{token}")
        if ok and (folder / "output" / page / "index.html").is_file():
            preview = Preview(token, account, page=page)
        elif ok:
            preview = Preview(token, account, errors=(NOT_BUILT,))
        else:
            preview = Preview(token, account, errors=tuple(error_lines(output)))
        self._keep(preview)
        return preview

    def find(self, token: str, account: str) -> Preview | None:
        """The preview `token`, if `account` made it."""
        with self._lock:
            preview = self._previews.get(token)
        return preview if preview is not None and preview.account == account else None

    def file(self, preview: Preview, path: str) -> Path | None:
        """A file of the preview's output (a folder means its index.html), never outside it."""
        output = (self.scratch / preview.token / "output").resolve()
        target = (output / path).resolve()
        if not target.is_relative_to(output):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _pelican(self, content: Path, output: Path, address: str) -> tuple[bool, str]:
        overrides = {**OVERRIDES, "SITEURL": address}
        command = [
            str(Path(sys.executable).with_name("pelican")),
            str(content),
            "-s",
            str(self.settings_file),
            "-o",
            str(output),
            "-e",
            *(f"{name}={json.dumps(value)}" for name, value in overrides.items()),
        ]
        return run_command(command, self.project, self.timeout)

    def _keep(self, preview: Preview) -> None:
        """Remember the preview; delete the oldest beyond KEEP."""
        with self._lock:
            self._previews[preview.token] = preview
            while len(self._previews) > KEEP:
                oldest = next(iter(self._previews))
                del self._previews[oldest]
                shutil.rmtree(self.scratch / oldest, ignore_errors=True)
