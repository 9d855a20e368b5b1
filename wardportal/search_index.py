"""Full-text search without a server: Pagefind indexes each page while the build writes it.

The indexer is Pagefind's own service (the binary shipped in the pagefind[bin] wheel),
fed through its Python API as Pelican writes each searchable page. It works in its own
process, so on a machine with two cores indexing costs the build little wall time, and
the bundle is written into the staged site before it is published.

Pagefind (1.5) ignores tone and vowel marks, so "dan van" finds "Dân vận", but it keeps "đ":
"dang" alone would miss "Đảng". The search page's script (theme/static/js/search.js) also
asks for each query word that starts with "d" spelled with "đ" ("đ" only ever starts a
Vietnamese syllable), so the index and the excerpts stay exactly the published text.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
from concurrent.futures import Future
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

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


class _PromptService(PagefindService):
    """Pagefind's service client, reading answers as they come.

    The upstream client sleeps 100 ms before reading each answer, which caps indexing at
    ten pages a second (a 3,000-article site would wait five minutes). The protocol is
    unchanged: base64 JSON answers separated by commas, matched to requests by id.
    """

    async def _wait_for_responses(self) -> None:
        while True:
            output = await self._backend.stdout.readuntil(b",")
            answer = json.loads(base64.b64decode(output[:-1]))
            if not answer:
                continue
            payload = answer["payload"]
            message_id = answer.get("message_id")
            if message_id is None and payload.get("original_message"):
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id)
            if future is None or future.done():
                continue
            if payload["type"] == "Error":
                future.set_exception(Exception(payload["message"]))
            else:
                future.set_result(payload)


class _PromptIndex(PagefindIndex):
    """PagefindIndex on the prompt service client."""

    async def _start(self) -> PagefindIndex:
        self._service = await _PromptService().launch()
        self._index_id = (await self._service.create_index(self._config))._index_id
        return self


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


class BackgroundIndexer:
    """A Pagefind index filled page by page from Pelican's thread, on a loop of its own."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._pending: list[Future] = []
        config = IndexConfig(force_language="vi")
        self._index = self._call(_PromptIndex(config=config).__aenter__()).result()

    def _call(self, coroutine) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def add_written_file(self, path: str) -> None:
        """Index an HTML file the build just wrote, if its template marked it searchable."""
        if not path.endswith(".html"):
            return
        html = Path(path).read_text(encoding="utf-8")
        if SEARCHABLE not in html:
            return
        relative = Path(path).relative_to(self.site).as_posix()
        url = "/" + relative.removesuffix("index.html")
        content = searchable_part(html)
        self._pending.append(self._call(self._index.add_html_file(content=content, url=url)))

    def finish(self) -> None:
        """Write the bundle into the site; a failure becomes a Vietnamese content error."""
        try:
            for future in self._pending:
                future.result()
            self._call(self._index.write_files(output_path=str(self.site / BUNDLE))).result()
        except Exception as error:
            raise ContentError(
                str(self.site),
                f"không tạo được chỉ mục tìm kiếm (Pagefind: {error})",
                "Hãy chạy lại lệnh; nếu lỗi còn, báo cho người quản trị kỹ thuật",
            ) from None
        finally:
            self.close()
        for pattern in _UNUSED:
            for unused in (self.site / BUNDLE).glob(pattern):
                unused.unlink()

    def close(self) -> None:
        """Stop the Pagefind process and the loop (also for a build that failed)."""
        if self._loop.is_closed():
            return
        service = self._index._service
        if service is not None:
            self._call(service.close()).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
