"""The database schema, as numbered migrations applied in order at start.

Each instance applies what is missing under a lock, so several counter instances may start at
once against one PostgreSQL database. The SQL is shared by SQLite and PostgreSQL.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema.
    (
        # One row per day: its random salt for visitor hashes (hex), deleted after 48 hours.
        "CREATE TABLE salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL,"
        " created DOUBLE PRECISION NOT NULL)",
        # One row per pseudonymous visitor of a day; new_visit is the outcome of its last hit.
        "CREATE TABLE visitors (visitor TEXT PRIMARY KEY, day TEXT NOT NULL,"
        " last_seen DOUBLE PRECISION NOT NULL, last_view DOUBLE PRECISION,"
        " new_visit INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX visitors_last_seen ON visitors (last_seen)",
        # Page-view ids already counted, so a retried hit counts once; kept 48 hours.
        "CREATE TABLE page_views (id TEXT PRIMARY KEY, ts DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX page_views_ts ON page_views (ts)",
        "CREATE TABLE page_counts (path TEXT PRIMARY KEY, views BIGINT NOT NULL)",
        "CREATE TABLE daily (day TEXT PRIMARY KEY, visits BIGINT NOT NULL, views BIGINT NOT NULL)",
    ),
)

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
