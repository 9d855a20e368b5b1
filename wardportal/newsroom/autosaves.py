"""Server autosaves: the article form's text, kept per account and article while online.

One row per (account, article), replaced at every autosave: not a version in the content's
history (that is what "Lưu nháp" makes). The row remembers the version of the file the form
was loaded from, so a text restored from it is saved through the same stale-version check,
and an autosave never writes the article file. A save of the article deletes the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from wardportal.counter.clock import Clock

from .database import Database

#: The article key of a new, never saved article.
NEW = ""


@dataclass(frozen=True)
class Autosave:
    fields: dict[str, str]
    version: str
    saved_at: float


class Autosaves:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def put(self, account: str, article: str, fields: dict[str, str], version: str) -> float:
        """Keep this text for `account`'s `article` (replacing the last); returns the time."""
        now = self._clock()
        with self._database.connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO autosaves (account, article, fields, version, saved_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (account, article, json.dumps(fields, ensure_ascii=False), version, now),
            )
        return now

    def get(self, account: str, article: str) -> Autosave | None:
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT fields, version, saved_at FROM autosaves WHERE account = ? AND article = ?",
                (account, article),
            ).fetchone()
        if row is None:
            return None
        return Autosave(json.loads(row["fields"]), row["version"], row["saved_at"])

    def drop(self, account: str, article: str) -> None:
        with self._database.connect() as connection:
            connection.execute(
                "DELETE FROM autosaves WHERE account = ? AND article = ?", (account, article)
            )
