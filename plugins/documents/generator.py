"""The documents' generator: reads the data, then writes the list, filter and document
pages, the files and the open data.

Pelican runs generate_context for every generator before any writing, so the documents are
read and checked in time for the build to fail before a single page is written; their errors
join the portal's list (build_state.BuildState). Every file written is announced beforehand
(planned_files, for the collision check) and every address kept in the address record
(published_addresses). All state lives on the instance, so a rebuild starts from nothing.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from wardportal.build_errors import ContentError
from wardportal.build_state import STATE_KEY, state_of
from wardportal.documents.config import DocumentsConfig
from wardportal.documents.export import to_csv, to_json
from wardportal.documents.listing import DIMENSIONS, list_documents
from wardportal.documents.load import load_documents
from wardportal.documents.model import Document, Listing
from wardportal.permalinks import DOCUMENT, DOCUMENT_FILE, DOCUMENT_FILTER, Address
from wardportal.published import file_of, write_text
from wardportal.search_index import Document as Searchable
from wardportal.search_index import searchable_blocks
from wardportal.settings import apply_defaults

logger = logging.getLogger(__name__)


class DocumentsGenerator(Generator):
    """Văn bản: the list newest first, a page per filter value and per document, the files,
    JSON and CSV."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        self.config = DocumentsConfig.from_settings(self.settings)
        self.listing = Listing()

    def generate_context(self) -> None:
        documents, errors = load_documents(self.config)
        for error in errors:
            self._report(error)
        self.listing = list_documents(documents, self.config)
        self.context["document_listing"] = self.listing
        self.context["document_dimensions"] = DIMENSIONS

    def _report(self, error: ContentError) -> None:
        if STATE_KEY in self.settings:
            state_of(self.settings).errors.record(error)
        else:
            logger.error("%s", error)

    def _pages(self) -> Iterator[tuple[str, str, dict]]:
        """Every page: (file to write, template, its variables)."""
        yield file_of(self.config.index_url), "documents/list", {"facet": None}
        for facets in self.listing.facets.values():
            for facet in facets:
                yield file_of(facet.url), "documents/list", {"facet": facet}
        for document in self.listing.documents:
            yield file_of(document.url), "documents/document", {"document": document}

    def _data_files(self) -> Iterator[tuple[str, str]]:
        """(file, its text) of the open data."""
        settings = self.settings
        site_url = settings["SITEURL"]
        documents = self.listing.documents
        title = f"Văn bản – {settings['SITENAME']}"
        for setting, text in (
            ("DOCUMENT_JSON_SAVE_AS", lambda: to_json(documents, site_url, title)),
            ("DOCUMENT_CSV_SAVE_AS", lambda: to_csv(documents, site_url)),
        ):
            if settings[setting]:
                yield settings[setting], text()

    def planned_files(self) -> Iterator[tuple[str, str, str]]:
        """Every file this generator will write, and who it comes from (output_staging checks
        that no two writers share one)."""
        for name, _template, variables in self._pages():
            document: Document | None = variables.get("document")
            source = document.place.path if document else ""
            yield name, source or "danh sách Văn bản", source
        for document in self.listing.documents:
            source = self.config.shown(self.config.files_folder / document.file.source)
            yield document.file.url, source, source
        for setting in ("DOCUMENT_JSON_SAVE_AS", "DOCUMENT_CSV_SAVE_AS"):
            if self.settings[setting]:
                yield self.settings[setting], "dữ liệu mở của Văn bản", ""

    def published_addresses(self) -> tuple[list[Address], dict[str, Address]]:
        """The addresses that must never break, and the list page filters fall back to."""
        index = Address("/" + self.config.index_url, DOCUMENT, "")
        found = []
        for document in self.listing.documents:
            title = f"{document.number} – {document.summary}"
            found.append(Address("/" + document.url, DOCUMENT, document.key, title))
            found.append(Address("/" + document.file.url, DOCUMENT_FILE, document.key, title))
        for facets in self.listing.facets.values():
            for facet in facets:
                found.append(Address("/" + facet.url, DOCUMENT_FILTER, facet.url, facet.name))
        return found, {DOCUMENT: index}

    def searchable_documents(self) -> Iterator[Searchable]:
        """Each document's searchable block, for the portal's search index (site_search)."""
        pages = [(file_of(document.url), document) for document in self.listing.documents]
        template = self.get_template("documents/document")
        yield from searchable_blocks(template, self.context, "document", pages)

    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        for name, template, variables in self._pages():
            html = self.get_template(template).render(
                {**self.context, **variables, "output_file": name}
            )
            write_text(output / name, html)
            # What Pelican's writer would announce: the sitemap and the manifest listen.
            signals.content_written.send(str(output / name), context=self.context)
        for document in self.listing.documents:
            target = output / document.file.url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.config.files_folder / document.file.source, target)
        for name, text in self._data_files():
            write_text(output / name, text)
