"""Markdown converted once: the HTML kept on disk by the hash of the text and of the converter.

Converting Markdown is most of the work of reading articles, and between two builds almost
every article is unchanged. The cache (one SQLite file in PORTAL_MARKDOWN_CACHE, like the photo
cache) answers a text it has seen with the HTML and header lines it gave before. The key is
the hash of the text together with everything the conversion depends on (Markdown's and
Pelican's versions, the MARKDOWN setting, CONVERTER_VERSION), so a change to any of them
converts everything again. Nothing depends on the file's name or time.

It is only a cache: any trouble with it (a damaged file, a full disk, a locked database) turns
it off for the rest of the build, which then converts as if it were not there. Entries not
used for PRUNE_DAYS are dropped. Each process opens its own connection (the prefetching child
is forked), and entries are written with synchronous=OFF: losing the last ones to a power cut
costs a conversion, never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from pathlib import Path

import markdown
import pelican

log = logging.getLogger(__name__)

# Raise when the reader changes what it does to the text before or after Markdown runs.
CONVERTER_VERSION = "1"
PRUNE_DAYS = 30
_TOUCH_BATCH = 512  # texts found whose day of use is written at once
_SCHEMA = """
CREATE TABLE IF NOT EXISTS converted (
    key BLOB PRIMARY KEY,
    html TEXT NOT NULL,
    meta TEXT NOT NULL,
    used INTEGER NOT NULL
) WITHOUT ROWID
"""


def converter_fingerprint(markdown_settings: dict) -> str:
    """Everything besides the text that decides what Markdown gives back."""
    options = json.dumps(markdown_settings, sort_keys=True, default=repr)
    return f"{markdown.__version__}|{pelican.__version__}|{CONVERTER_VERSION}|{options}"


class MarkdownCache:
    """Converted texts on disk: get() before converting, put() after."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self._salt = hashlib.sha256(fingerprint.encode()).digest()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._today = int(time.time() // 86400)
        self._touched: list[bytes] = []  # found since the last flush, last used another day
        self.working = True

    def _key(self, kind: str, text: str) -> bytes:
        return hashlib.blake2b(text.encode(), key=self._salt, person=kind.encode()).digest()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(_SCHEMA)
            self._connection, self._pid = connection, os.getpid()
            self._touched = []  # a forked child's copy of its parent's: the parent's to write
        return self._connection

    def get(self, kind: str, text: str) -> tuple[str, dict[str, list[str]]] | None:
        """(HTML, header lines) of a text converted before as `kind`, or None."""
        if not self.working:
            return None
        try:
            db = self._db()
            key = self._key(kind, text)
            query = "SELECT html, meta, used FROM converted WHERE key = ?"
            row = db.execute(query, (key,)).fetchone()
            if row is None:
                return None
            if row[2] != self._today:
                self._touched.append(key)
                if len(self._touched) >= _TOUCH_BATCH:
                    self.flush()
            return row[0], json.loads(row[1])
        except (sqlite3.Error, OSError, ValueError) as error:
            self._give_up(error)
            return None

    def put(self, kind: str, text: str, html: str, meta: dict[str, list[str]]) -> None:
        """Remember what `text` converted to."""
        if not self.working:
            return
        try:
            self._db().execute(
                "INSERT OR REPLACE INTO converted VALUES (?, ?, ?, ?)",
                (self._key(kind, text), html, json.dumps(meta, ensure_ascii=False), self._today),
            )
        except (sqlite3.Error, OSError) as error:
            self._give_up(error)

    def put_many(self, kind: str, converted: list[tuple[str, str]]) -> None:
        """Remember many (text, HTML) at once, in one transaction: the write lock is taken
        once, not once per text, while the build's other processes write theirs."""
        rows = [(self._key(kind, text), html, "{}", self._today) for text, html in converted]
        self._write_many("INSERT OR REPLACE INTO converted VALUES (?, ?, ?, ?)", rows)

    def flush(self) -> None:
        """Write the day of use of the texts found since the last flush, in one transaction.

        On the first build of a day every text is found on another day's row: a write
        apiece would take the write lock thousands of times, in each of the build's
        processes. Rows left unmarked are pruned after PRUNE_DAYS (converted again), so a
        forked child that found texts flushes before it leaves; close() flushes too.
        """
        touched, self._touched = self._touched, []
        self._write_many(
            "UPDATE converted SET used = ? WHERE key = ?", [(self._today, key) for key in touched]
        )

    def _write_many(self, statement: str, rows: list[tuple]) -> None:
        if not self.working or not rows:
            return
        try:
            db = self._db()
            db.execute("BEGIN")
            with db:  # committed, or rolled back on an error
                db.executemany(statement, rows)
        except (sqlite3.Error, OSError) as error:
            self._give_up(error)

    def prune(self) -> None:
        """Forget what no build has used for PRUNE_DAYS (old versions of edited articles)."""
        self.flush()  # what this process found is in use
        if self.working:
            try:
                self._db().execute(
                    "DELETE FROM converted WHERE used < ?", (self._today - PRUNE_DAYS,)
                )
            except (sqlite3.Error, OSError) as error:
                self._give_up(error)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self.flush()
            if self._connection is not None:  # a failed flush gives up and closes it
                self._connection.close()
        self._connection = None

    def _give_up(self, error: Exception) -> None:
        log.warning("Bỏ qua bộ nhớ đệm Markdown %s (%s); vẫn xây dựng.", self.path, error)
        self.working = False
        self.close()
