"""The long-running build's search: the engine's two bundles fed each build's documents.

A full build indexes every document (wardportal.search_index.SearchIndexer). The engine
keeps wardportal.search_bundles.SearchBundles between builds instead: each build gives it
every searchable document (an unchanged item's block is the last build's text, from
wardportal.page_memo) and it indexes only what changed, into the recent bundle, unless the
change needs the stable bundle made again. The search page learns of the recent bundle
from the template variable search_bundles.TEMPLATE_VARIABLE, set before any page is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from wardportal.search_bundles import SearchBundles
from wardportal.search_index import Document


class EngineSearch:
    """SearchIndexer's part in a build (start, finish, close), done by a kept SearchBundles."""

    def __init__(self, bundles: SearchBundles, site: Path) -> None:
        self.bundles = bundles
        self.site = site
        self.recent_bundle = ""

    def start(self, documents: Callable[[], Iterable[Document]], parallel: bool) -> None:
        """Bring both bundles up to date now: the search page must know if there is a recent
        one. A Pagefind failure is a ContentError; the bundles stay as they were."""
        self.bundles.sync(documents())
        self.recent_bundle = self.bundles.recent_bundle

    def finish(self) -> None:
        """Both bundles into the staged site."""
        self.bundles.place(self.site)

    def close(self) -> None:
        """Nothing to stop: the bundles are kept for the next build."""
