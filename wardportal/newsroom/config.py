"""Newsroom settings: one table of defaults, read from the environment and checked once at start.

A wrong value stops the service at start with a message naming the variable, rather than
surfacing later as a login that fails for no visible reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wardportal.build_lock import LOCK_NAME
from wardportal.counter.config import Network, integer_between, networks
from wardportal.env_settings import read_environment

#: Every setting and its default; docs/newsroom.md documents each key.
DEFAULTS: dict[str, str] = {
    "NEWSROOM_DATABASE": "var/newsroom.sqlite3",
    "NEWSROOM_PROJECT": ".",
    "NEWSROOM_CONTENT": "content",
    "NEWSROOM_SECURE_COOKIES": "true",
    "NEWSROOM_IDLE_MINUTES": "30",
    "NEWSROOM_SESSION_HOURS": "12",
    "NEWSROOM_MAX_FAILURES": "5",
    "NEWSROOM_ADDRESS_MAX_FAILURES": "20",
    "NEWSROOM_LOCKOUT_MINUTES": "15",
    "NEWSROOM_MIN_PASSWORD_LENGTH": "12",
    "NEWSROOM_MAX_BODY_KB": "512",
    "NEWSROOM_TRUSTED_PROXIES": "",
    "NEWSROOM_OUTPUT": "output",
    "NEWSROOM_BUILD_SETTINGS": "publishconf.py",
    "NEWSROOM_BUILD_TIMEOUT": "900",
    "NEWSROOM_DEPLOY": "false",
}


class ConfigError(ValueError):
    """A setting has a value the newsroom cannot run with."""


@dataclass(frozen=True)
class Settings:
    """The validated settings; build with `load_settings`, or directly in tests.

    Relative database and content paths are taken from the project folder.
    """

    database: Path = Path(DEFAULTS["NEWSROOM_DATABASE"])
    project: Path = Path(DEFAULTS["NEWSROOM_PROJECT"])
    content: Path = Path(DEFAULTS["NEWSROOM_CONTENT"])
    secure_cookies: bool = True
    idle_minutes: int = 30
    session_hours: int = 12
    max_failures: int = 5
    address_max_failures: int = 20
    lockout_minutes: int = 15
    min_password_length: int = 12
    max_body_kb: int = 512
    trusted_proxies: tuple[Network, ...] = ()
    output: Path = Path(DEFAULTS["NEWSROOM_OUTPUT"])
    build_settings: Path = Path(DEFAULTS["NEWSROOM_BUILD_SETTINGS"])
    build_timeout: int = 900
    deploy: bool = False

    def __post_init__(self) -> None:
        database = self.database_path.resolve()
        content = self.content_path.resolve()
        if database.is_relative_to(content):
            raise ConfigError(
                f"NEWSROOM_DATABASE={self.database}: the account database must not be inside"
                f" the content folder {self.content} (it would be published and versioned)"
            )
        output = self.output_path.resolve()
        if database.is_relative_to(output):
            raise ConfigError(
                f"NEWSROOM_DATABASE={self.database}: the account database must not be inside"
                " the output folder (it would be served)"
            )

    @property
    def database_path(self) -> Path:
        """The database file; a relative NEWSROOM_DATABASE is taken from the project folder."""
        return self.project / self.database

    @property
    def content_path(self) -> Path:
        """The content folder; a relative NEWSROOM_CONTENT is taken from the project folder."""
        return self.project / self.content

    @property
    def build_lock_path(self) -> Path:
        """The lock every publishing build holds (the newsroom's and `portal publish`'s), beside
        the database: one build at a time on the server (wardportal.build_lock)."""
        return self.database_path.parent / LOCK_NAME

    @property
    def output_path(self) -> Path:
        """Where an approval's build writes the site (the folder the web server serves)."""
        return self.project / self.output

    @property
    def build_settings_path(self) -> Path:
        """The Pelican settings file of that build (publishconf.py, as `make publish`)."""
        return self.project / self.build_settings

    @property
    def max_body(self) -> int:
        """The largest request body accepted, in bytes."""
        return self.max_body_kb * 1024


def _boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false")


def _path(text: str) -> Path:
    if not text.strip():
        raise ValueError("must not be empty")
    return Path(text.strip())


# Setting name -> (Settings field, parser). The parser raises ValueError with a plain reason.
_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "NEWSROOM_DATABASE": ("database", _path),
    "NEWSROOM_PROJECT": ("project", _path),
    "NEWSROOM_CONTENT": ("content", _path),
    "NEWSROOM_SECURE_COOKIES": ("secure_cookies", _boolean),
    "NEWSROOM_IDLE_MINUTES": ("idle_minutes", integer_between(1, 24 * 60)),
    "NEWSROOM_SESSION_HOURS": ("session_hours", integer_between(1, 24 * 7)),
    "NEWSROOM_MAX_FAILURES": ("max_failures", integer_between(1, 100)),
    "NEWSROOM_ADDRESS_MAX_FAILURES": ("address_max_failures", integer_between(1, 10_000)),
    "NEWSROOM_LOCKOUT_MINUTES": ("lockout_minutes", integer_between(1, 24 * 60)),
    "NEWSROOM_MIN_PASSWORD_LENGTH": ("min_password_length", integer_between(8, 128)),
    "NEWSROOM_MAX_BODY_KB": ("max_body_kb", integer_between(1, 100 * 1024)),
    "NEWSROOM_TRUSTED_PROXIES": ("trusted_proxies", networks),
    "NEWSROOM_OUTPUT": ("output", _path),
    "NEWSROOM_BUILD_SETTINGS": ("build_settings", _path),
    "NEWSROOM_BUILD_TIMEOUT": ("build_timeout", integer_between(10, 24 * 3600)),
    "NEWSROOM_DEPLOY": ("deploy", _boolean),
}
assert _FIELDS.keys() == DEFAULTS.keys()


def load_settings(environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
    """Read every NEWSROOM_* setting (environment, then `overrides` by name) and validate it.

    Raises ConfigError naming the variable, its value and what is expected.
    """
    values = read_environment("NEWSROOM_", DEFAULTS, _FIELDS, ConfigError, environ, overrides)
    return Settings(**values)
