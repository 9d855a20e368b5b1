"""The honour roll's settings, read once per build from Pelican's settings dictionary."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from wardportal.honours.files import shown_path
from wardportal.honours.vocabulary import Vocabulary
from wardportal.settings import SettingsError
from wardportal.vntext import slugify


@dataclass(frozen=True)
class RollConfig:
    """What the roll needs to know about the site: vocabularies, folders and URL patterns."""

    kinds: Vocabulary
    fields: Vocabulary
    statuses: Vocabulary
    levels: Vocabulary
    campaign: str
    content_root: Path
    project_root: Path
    folder: Path
    entry_url: str = "bang-vang/{period}/{slug}/"
    period_url: str = "bang-vang/{period}/"
    field_url: str = "bang-vang/linh-vuc/{field}/"

    @classmethod
    def from_settings(cls, settings: dict) -> RollConfig:
        for name in ("HONOUR_KINDS", "HONOUR_FIELDS", "HONOUR_STATUSES", "HONOUR_LEVELS"):
            if not settings[name]:
                raise SettingsError(f"pelicanconf.py: {name} cần có ít nhất một giá trị.")
        content_root = Path(os.path.abspath(settings["PATH"]))
        return cls(
            kinds=Vocabulary(settings["HONOUR_KINDS"]),
            fields=Vocabulary(settings["HONOUR_FIELDS"]),
            statuses=Vocabulary(settings["HONOUR_STATUSES"]),
            levels=Vocabulary(settings["HONOUR_LEVELS"]),
            campaign=settings["HONOUR_CAMPAIGN"],
            content_root=content_root,
            project_root=content_root.parent,
            folder=content_root / settings["HONOUR_PATH"],
            entry_url=settings["HONOUR_ENTRY_URL"],
            period_url=settings["HONOUR_PERIOD_URL"],
            field_url=settings["HONOUR_FIELD_URL"],
        )

    def url_of_field(self, name: str) -> str:
        """The page of a field (given in the settings' spelling)."""
        return self.field_url.format(field=self.field_slugs[name])

    @cached_property
    def field_slugs(self) -> dict[str, str]:
        return {name: slugify(name) for name in self.fields}

    def shown(self, path: str | os.PathLike) -> str:
        """A path as the officer sees it: from the project folder when it is inside."""
        return shown_path(path, self.project_root)
