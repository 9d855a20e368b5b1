"""What the site's search index holds: the searchable block of every published item.

wardportal.search_index renders and indexes; this module says which items, and starts it
when writing starts (every link in the content is final then).
"""

from __future__ import annotations

from collections.abc import Iterator

from pelican.generators import ArticlesGenerator, PagesGenerator

from wardportal.build_state import state_of
from wardportal.content_rules import published_items
from wardportal.search_bundles import TEMPLATE_VARIABLE
from wardportal.search_index import Document, searchable_blocks


def start_search(settings: dict) -> None:
    """Pelican is about to write (every link in the content is final): start the search index."""
    state = state_of(settings)
    if state.search is not None:
        generators = state.generators
        state.search.start(lambda: searchable_documents(generators), settings["PORTAL_PARALLEL"])
        recent = state.search.recent_bundle  # the engine's second bundle (engine_search)
        for generator in generators:
            if recent and hasattr(generator, "context"):
                generator.context[TEMPLATE_VARIABLE] = recent


def searchable_documents(generators) -> Iterator[Document]:
    """The searchable block of every published article and page, and other generators' own.

    Hidden articles and pages are published (only not listed), so they are searchable;
    drafts never are. Any other generator may offer searchable_documents() of its own.
    """
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            yield from getattr(generator, "searchable_documents", tuple)()
            continue
        kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
        # save_as is worked out from the settings at every use: once per item here.
        pages = [(file, item) for item in published_items(generator) if (file := item.save_as)]
        for template_name in sorted({item.template for _, item in pages}):
            template = generator.get_template(template_name)
            with_template = [page for page in pages if page[1].template == template_name]
            yield from searchable_blocks(template, generator.context, kind, with_template)
