"""Server-side sessions: the cookie holds a random token, the database only its SHA-256.

A stolen database copy gives no usable cookie; each session has its own CSRF token, and ends
after a while without use (idle) or a fixed time after login (absolute), whichever is first.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from wardportal.counter.clock import Clock

from .accounts import Account
from .database import Database


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    account: Account
    csrf_token: str


class Sessions:
    """Creates, finds and ends sessions."""

    def __init__(
        self, database: Database, clock: Clock, idle_seconds: float, absolute_seconds: float
    ) -> None:
        self._database = database
        self._clock = clock
        self._idle = idle_seconds
        self._absolute = absolute_seconds

    def create(self, account: Account) -> str:
        """A new session for the account; returns the token for the cookie.

        Always a new random token: a token the browser had before login is never reused.
        """
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._database.connect() as connection:
            connection.execute(
                "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
                (now - self._idle, now - self._absolute),
            )
            connection.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen)"
                " VALUES (?, ?, ?, ?, ?)",
                (_digest(token), account.id, secrets.token_urlsafe(32), now, now),
            )
        return token

    def find(self, token: str | None) -> Session | None:
        """The live session of this token (its use noted), or None if unknown or expired."""
        if not token:
            return None
        now = self._clock()
        digest = _digest(token)
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT s.csrf_token, s.created_at, s.last_seen, u.id, u.name, u.role, u.disabled"
                " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
                (digest,),
            ).fetchone()
            if row is None:
                return None
            idle = now - row["last_seen"] > self._idle
            if idle or now - row["created_at"] > self._absolute or row["disabled"]:
                connection.execute("DELETE FROM sessions WHERE token_hash = ?", (digest,))
                return None
            connection.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, digest)
            )
        account = Account(row["id"], row["name"], row["role"], False)
        return Session(account, row["csrf_token"])

    def end(self, token: str | None) -> None:
        """Delete the session: the cookie is worthless afterwards, wherever it was copied."""
        if token:
            with self._database.connect() as connection:
                connection.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))
