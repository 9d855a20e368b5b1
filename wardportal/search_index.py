"""Full-text search without a server: Pagefind indexes the searchable part of each page.

As Pelican writes a page its template marked searchable (data-pagefind-body), the marked
element alone is copied to a scratch folder; at the end the Pagefind binary (shipped in the
pagefind[bin] wheel) indexes that folder in one multi-threaded run and writes its bundle into
the staged site. Pagefind never parses the menus, sidebars and footers it would only ignore,
which halves its work on a large site.

Pagefind (1.5) ignores tone and vowel marks, so "dan van" finds "Dân vận", but it keeps "đ":
"dang" alone would miss "Đảng". The search page's script (theme/static/js/search.js) also
asks for each query word that starts with "d" spelled with "đ" ("đ" only ever starts a
Vietnamese syllable), so the index and the excerpts stay exactly the published text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from wardportal.build_errors import ContentError

BUNDLE = "pagefind"
SEARCHABLE = "data-pagefind-body"
# Pagefind also writes its ready-made interfaces; the portal has its own small one.
_UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


def searchable_part(html: str) -> str:
    """The element marked data-pagefind-body, in a minimal page that keeps the language.

    Pagefind would parse the whole page (header, menus, sidebar, footer) only to ignore it;
    handing it just the searchable element halves its work on a large site.
    """
    marker = html.find(SEARCHABLE)
    start = html.rfind("<", 0, marker)
    name = re.match(r"<([a-zA-Z0-9]+)", html[start:])
    if marker < 0 or name is None:
        return html
    depth = 0
    for match in re.finditer(rf"<(/?){name.group(1)}\b", html[start:], re.IGNORECASE):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = html.find(">", start + match.end()) + 1
            return f'<!DOCTYPE html><html lang="vi"><body>{html[start:end]}</body></html>'
    return html


class SearchIndexer:
    """Collects the searchable part of each written page, then runs Pagefind once."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.sources: Path | None = Path(tempfile.mkdtemp(prefix="portal-search-"))
        self.pages = 0

    def add_written_file(self, path: str) -> None:
        """Keep the searchable element of an HTML page the build just wrote, if it has one."""
        if not path.endswith(".html") or self.sources is None:
            return
        html = Path(path).read_text(encoding="utf-8")
        if SEARCHABLE not in html:
            return
        copy = self.sources / Path(path).relative_to(self.site)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(searchable_part(html), encoding="utf-8")
        self.pages += 1

    def finish(self) -> None:
        """Index the collected pages into the site; a failure is a Vietnamese content error."""
        if not self.pages:
            self.close()  # nothing published yet (a new site, only drafts): nothing to index
            return
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(self.sources),
                "--output-path",
                str(self.site / BUNDLE),
                "--force-language",
                "vi",
                "--quiet",
            ],
            capture_output=True,
            text=True,
        )
        self.close()
        if result.returncode != 0:
            raise ContentError(
                str(self.site),
                f"không tạo được chỉ mục tìm kiếm (Pagefind: {result.stderr.strip()[-500:]})",
                "Hãy chạy lại lệnh; nếu lỗi còn, báo cho người quản trị kỹ thuật",
            )
        for pattern in _UNUSED:
            for unused in (self.site / BUNDLE).glob(pattern):
                unused.unlink()

    def close(self) -> None:
        """Remove the scratch folder (also for a build that failed)."""
        if self.sources is not None:
            shutil.rmtree(self.sources, ignore_errors=True)
            self.sources = None
