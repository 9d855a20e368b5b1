"""Counts failed logins per account and per client address, and locks a key out for a while.

Kept in SQLite so a restart does not reset an attacker's count, and so `portal user unlock`
(another process) can lift a lockout.
"""

from __future__ import annotations

from wardportal.counter.clock import Clock

from .database import Database


def account_key(name: str) -> str:
    return f"account:{name}"


def address_key(address: str) -> str:
    return f"address:{address}"


class LoginThrottle:
    """Failures older than the lockout period are forgotten; reaching a limit locks the key."""

    def __init__(self, database: Database, clock: Clock, lockout_seconds: float) -> None:
        self._database = database
        self._clock = clock
        self._lockout = lockout_seconds

    def locked(self, key: str) -> bool:
        """Whether the key is locked out now."""
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT locked_until FROM login_failures WHERE key = ?", (key,)
            ).fetchone()
        return row is not None and row["locked_until"] > self._clock()

    def fail(self, key: str, limit: int) -> bool:
        """Count one failure; True when this failure locks the key."""
        now = self._clock()
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT failures, first_at FROM login_failures WHERE key = ?", (key,)
            ).fetchone()
            if row is None or now - row["first_at"] > self._lockout:
                failures, first_at = 1, now
            else:
                failures, first_at = row["failures"] + 1, row["first_at"]
            locked_until = now + self._lockout if failures >= limit else 0
            connection.execute(
                "INSERT OR REPLACE INTO login_failures (key, failures, first_at, locked_until)"
                " VALUES (?, ?, ?, ?)",
                (key, failures, first_at, locked_until),
            )
        return failures == limit

    def clear(self, key: str) -> bool:
        """Forget the key's failures and lockout; True if there was anything to forget."""
        with self._database.connect() as connection:
            cursor = connection.execute("DELETE FROM login_failures WHERE key = ?", (key,))
        return cursor.rowcount > 0

    def locked_keys(self) -> set[str]:
        """The keys locked out now (for the admin's account page)."""
        with self._database.connect() as connection:
            rows = connection.execute(
                "SELECT key FROM login_failures WHERE locked_until > ?", (self._clock(),)
            ).fetchall()
        return {row["key"] for row in rows}
