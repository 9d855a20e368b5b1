"""Where the counts are kept: SQLite by default, PostgreSQL for several instances."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .base import Hit, SqlStorage, StorageError, Totals

__all__ = ["Hit", "SqlStorage", "StorageError", "Totals", "open_storage"]


def open_storage(url: str) -> SqlStorage:
    """The back end for COUNTER_DATABASE_URL: a postgresql:// URL, sqlite:///path or a path.

    Nothing is opened yet: the connection is made on the database thread at first use.
    """
    scheme = urlsplit(url).scheme if "://" in url else ""
    if scheme in ("postgres", "postgresql"):
        from .postgres import PostgresStorage  # psycopg is only needed for PostgreSQL

        return PostgresStorage(url)
    from .sqlite import SqliteStorage

    if scheme == "sqlite":
        # sqlite:///relative/file or sqlite:////absolute/file, as SQLAlchemy spells them.
        return SqliteStorage(Path(url[len("sqlite:///") :]))
    return SqliteStorage(Path(url))
