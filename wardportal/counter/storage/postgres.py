"""PostgreSQL back end (psycopg 3), so several counter instances can share one database."""

from __future__ import annotations

from typing import Any

import psycopg

from .base import SqlStorage

# Any fixed number: instances applying migrations at the same time take turns on it.
_MIGRATION_LOCK = 7_304_211


class PostgresStorage(SqlStorage):
    """Counts in a PostgreSQL database given by a postgresql:// URL."""

    driver_errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def _connect(self) -> Any:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=5)

    def _begin(self, cur: Any) -> None:
        cur.execute("BEGIN")
        cur.execute("SET LOCAL lock_timeout = '5s'")

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def _lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
