"""The audit log: who did what, when, from where. Written for every security-relevant act."""

from __future__ import annotations

from dataclasses import dataclass

from wardportal.counter.clock import Clock

from .database import Database


@dataclass(frozen=True)
class AuditEntry:
    at: float
    actor: str
    action: str
    target: str
    detail: str
    address: str


class AuditLog:
    """Appends entries; never updates or deletes them."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def record(
        self, actor: str, action: str, target: str = "", detail: str = "", address: str = ""
    ) -> None:
        """Append one entry, stamped with the clock."""
        with self._database.connect() as connection:
            connection.execute(
                "INSERT INTO audit (at, actor, action, target, detail, address)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self._clock(), actor, action, target, detail, address),
            )

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        """The latest entries, newest first."""
        with self._database.connect() as connection:
            rows = connection.execute(
                "SELECT at, actor, action, target, detail, address FROM audit"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [AuditEntry(*row) for row in rows]
