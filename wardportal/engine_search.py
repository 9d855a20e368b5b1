"""The long-running build's search: the engine's two bundles fed each build's documents.

A full build indexes every document (wardportal.search_index.SearchIndexer). The engine
keeps wardportal.search_bundles.SearchBundles between builds instead: each build gives it
every searchable document (an unchanged item's block is the last build's text, from
wardportal.page_memo) and it indexes only what changed, into the recent bundle, unless the
change needs the stable bundle made again. Pagefind runs in a thread while the pages are
written (it is a process of its own: the thread only waits for it), so a stable bundle made
again costs the build little more than the pages do.

The search page of an engine's build always names a recent bundle (the template variable
search_bundles.TEMPLATE_VARIABLE): which one there will be is known only once Pagefind has
run, and the page is written before. With none, the engine places one that holds nothing
and hides nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from wardportal.search_bundles import RECENT_BUNDLE, SearchBundles
from wardportal.search_index import Document


class EngineSearch:
    """SearchIndexer's part in a build (start, finish, close), done by a kept SearchBundles."""

    recent_bundle = f"{RECENT_BUNDLE}/"

    def __init__(self, bundles: SearchBundles, site: Path) -> None:
        self.bundles = bundles
        self.site = site
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self, documents: Callable[[], Iterable[Document]], parallel: bool) -> None:
        """Gather the documents now (they are rendered with the build's templates); index
        them in a thread while the pages are written."""
        gathered = list(documents())
        self._thread = threading.Thread(
            target=self._sync, args=(gathered,), name="portal-search", daemon=True
        )
        self._thread.start()

    def _sync(self, documents: list[Document]) -> None:
        try:
            self.bundles.sync(documents)
        except BaseException as failure:  # reported by finish(), in the build's thread
            self._failure = failure

    def finish(self) -> None:
        """Wait for the index, then both bundles into the staged site. A Pagefind failure is
        a ContentError; the bundles stay as they were."""
        self.close()
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
        self.bundles.place(self.site, always_recent=True)

    def close(self) -> None:
        """Wait for an index still being made (Pagefind cannot be stopped half way safely)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
