"""The documents' settings, read once per build from Pelican's settings dictionary."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wardportal.build_errors import relative
from wardportal.datafiles.vocabulary import Vocabulary
from wardportal.settings import SettingsError

# The files a document may be published as, and how each is named to a reader.
FILE_KINDS = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
# Filter pages: dimension → the setting of its address.
FACET_URLS = {
    "type": "DOCUMENT_TYPE_URL",
    "issuer": "DOCUMENT_ISSUER_URL",
    "year": "DOCUMENT_YEAR_URL",
    "field": "DOCUMENT_FIELD_URL",
}


@dataclass(frozen=True)
class DocumentsConfig:
    """What the documents need to know about the site: the types, folders and addresses."""

    types: Vocabulary
    content_root: Path
    project_root: Path
    folder: Path
    files_folder: Path
    index_url: str
    page_url: str
    file_url: str
    facet_urls: dict[str, str]

    @classmethod
    def from_settings(cls, settings: dict) -> DocumentsConfig:
        if not settings["DOCUMENT_TYPES"]:
            raise SettingsError("pelicanconf.py: DOCUMENT_TYPES cần có ít nhất một giá trị.")
        content_root = Path(os.path.abspath(settings["PATH"]))
        folder = content_root / settings["DOCUMENT_PATH"]
        return cls(
            types=Vocabulary(settings["DOCUMENT_TYPES"]),
            content_root=content_root,
            project_root=content_root.parent,
            folder=folder,
            files_folder=folder / "files",
            index_url=settings["DOCUMENT_URL"],
            page_url=settings["DOCUMENT_PAGE_URL"],
            file_url=settings["DOCUMENT_FILE_URL"],
            facet_urls={name: settings[setting] for name, setting in FACET_URLS.items()},
        )

    def shown(self, path: str | os.PathLike) -> str:
        """A path as the officer sees it: from the project folder."""
        return Path(relative(path, self.project_root)).as_posix()
