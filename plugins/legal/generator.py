"""The generator of the pages the decree requires: Danh bạ, the English page, Dịch vụ công.

The directory is read in generate_context, before anything is written, so a bad phone
number stops the build like any content error (build_state.BuildState collects it). The
pages are written through Pelican's writer, which announces them to the sitemap and the
counter's manifest. A page with nothing to show is not written: no data file in
content/contacts/, no Danh bạ and no English page; no procedures listed, no services page
(the footer still links the public-service portals).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pelican.generators import Generator

from wardportal.build_state import report_error
from wardportal.contacts.directory import Official, group_by_unit, load_directory
from wardportal.datafiles.files import data_files
from wardportal.permalinks import LEGAL, Address
from wardportal.published import file_of as save_as
from wardportal.settings import apply_defaults


class LegalGenerator(Generator):
    """Writes /danh-ba/, /en/ and /dich-vu-cong/ when there is something to show."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        content = Path(self.settings["PATH"]).resolve()
        self.folder = content / self.settings["CONTACTS_PATH"]
        self.project_root = content.parent
        self.officials: list[Official] = []
        # Known before any generator reads, so the footer and menus rendered early can
        # link the pages: they are written whenever their data exists.
        self.context["contacts_published"] = bool(data_files(self.folder))
        self.context["services_published"] = bool(self.settings["SERVICE_PROCEDURES"])

    def generate_context(self) -> None:
        if not self.context["contacts_published"]:
            return
        self.officials, errors = load_directory(self.folder, self.project_root)
        for error in errors:
            report_error(self.settings, error)

    def _pages(self) -> Iterator[tuple[str, str, str, str, dict]]:
        """(setting of its URL, template, title, who it shows, variables) of every page."""
        if self.context["contacts_published"]:
            units = group_by_unit(self.officials)
            shown = Path(self.folder).relative_to(self.project_root).as_posix()
            variables = {"units": units, "officials": self.officials}
            who = f"Danh bạ ({shown})"
            yield "CONTACTS_URL", "legal/contacts", "Danh bạ cán bộ", who, variables
            yield "ENGLISH_URL", "legal/english", "Organisation and contacts", who, variables
        if self.context["services_published"]:
            yield "SERVICES_URL", "legal/services", "Dịch vụ công", "Dịch vụ công", {}

    def planned_files(self) -> Iterator[tuple[str, str, str]]:
        """Every file this generator will write (output_staging checks no two writers share one)."""
        for setting, _template, _title, who, _variables in self._pages():
            yield save_as(self.settings[setting]), who, ""

    def published_addresses(self) -> tuple[list[Address], dict[str, Address]]:
        """The pages' addresses, which must never break once published (permalinks).

        Each is keyed by the setting of its address: a changed setting redirects the old
        address, and a page that goes must be listed as gone, like any published page.
        """
        found = [
            Address("/" + self.settings[setting], LEGAL, setting, title)
            for setting, _template, title, _who, _variables in self._pages()
        ]
        return found, {}

    def generate_output(self, writer) -> None:
        for setting, template, _title, _who, variables in self._pages():
            name = save_as(self.settings[setting])
            writer.write_file(
                name,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=name.removesuffix("index.html"),
                **variables,
            )
