"""SQLite back end: one file in WAL mode, every commit flushed to disk (synchronous=FULL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .base import SqlStorage


class SqliteStorage(SqlStorage):
    """Counts in one SQLite file; only one process should write it (the service's one thread)."""

    driver_errors = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _connect(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: the WAL is synced at every commit, so an acknowledged hit survives a power cut.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        return conn

    def _begin(self, cur: Any) -> None:
        # Take the write lock at once rather than on the first write, so a batch never has to
        # give up half way because another connection wrote in between.
        cur.execute("BEGIN IMMEDIATE")
