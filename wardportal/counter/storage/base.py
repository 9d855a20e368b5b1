"""The storage interface and its SQL, shared by the SQLite and PostgreSQL back ends.

All methods are blocking and meant to run on the service's single database thread. Every write
is one transaction that is committed before the method returns: that is what lets the service
acknowledge a hit only once it is durable.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..rules import RETENTION, VISIT_GAP, Periods, expired_day, local_day
from .schema import MIGRATIONS, VERSION_TABLE


class StorageError(RuntimeError):
    """The database could not do what was asked; nothing of that call was committed."""


class Hit(NamedTuple):
    """One page view (or heartbeat, when `ping`) of a published path by a visitor."""

    path: str
    visitor: str
    ts: float
    view_id: str | None = None
    ping: bool = False


@dataclass(frozen=True)
class Totals:
    """The raw figures: visitors online, and visits today, this week and ever."""

    online: int
    today: int
    week: int
    total: int


# The batch's statements insert many rows at once (`{rows}`), so a batch costs a handful of
# statements whatever its size.

# Page-view ids: the ones returned are new, so their views count; the others were retries.
_CLAIM = "INSERT INTO page_views (id, ts) VALUES {rows} ON CONFLICT (id) DO NOTHING RETURNING id"

# Views' visitor rows: insert, or decide from the row as it was whether this view opens a new
# visit (first view, another day, or over VISIT_GAP since the last view). RETURNING gives the
# decision atomically, so concurrent instances cannot both count the same visit.
_VIEW_UPSERT = f"""
INSERT INTO visitors (visitor, day, last_seen, last_view, new_visit) VALUES {{rows}}
ON CONFLICT (visitor) DO UPDATE SET
  new_visit = CASE WHEN visitors.last_view IS NULL OR visitors.day <> excluded.day
                     OR excluded.last_view - visitors.last_view > {VISIT_GAP}
                   THEN 1 ELSE 0 END,
  day = excluded.day,
  last_view = excluded.last_view,
  last_seen = CASE WHEN excluded.last_seen > visitors.last_seen
                   THEN excluded.last_seen ELSE visitors.last_seen END
RETURNING visitor, new_visit"""

# A heartbeat keeps the visitor online and counts nothing.
_PING_UPSERT = """
INSERT INTO visitors (visitor, day, last_seen, last_view, new_visit) VALUES {rows}
ON CONFLICT (visitor) DO UPDATE SET
  last_seen = CASE WHEN excluded.last_seen > visitors.last_seen
                   THEN excluded.last_seen ELSE visitors.last_seen END"""

_DAILY_UPSERT = """
INSERT INTO daily (day, visits, views) VALUES {rows}
ON CONFLICT (day) DO UPDATE SET visits = daily.visits + excluded.visits,
                                views = daily.views + excluded.views"""

_PAGE_UPSERT = """
INSERT INTO page_counts (path, views) VALUES {rows}
ON CONFLICT (path) DO UPDATE SET views = page_counts.views + excluded.views"""

#: Rows per statement: well under SQLite's and PostgreSQL's limits on parameters.
ROWS_PER_STATEMENT = 500

_TOTALS = """
SELECT COALESCE(SUM(CASE WHEN day = ? THEN visits END), 0),
       COALESCE(SUM(CASE WHEN day >= ? THEN visits END), 0),
       COALESCE(SUM(visits), 0)
FROM daily"""


def _time(hit: Hit) -> float:
    return hit.ts


class SqlStorage:
    """Counts in a SQL database; subclasses only connect and say how to start a transaction."""

    #: Driver exceptions that mean "this call failed"; set by each back end.
    driver_errors: tuple[type[BaseException], ...] = ()

    def __init__(self) -> None:
        self._conn: Any = None

    # --- what a back end provides ----------------------------------------------------------

    def _connect(self) -> Any:
        raise NotImplementedError

    def _begin(self, cur: Any) -> None:
        """Start a transaction that will be able to write."""
        cur.execute("BEGIN")

    def _sql(self, text: str) -> str:
        """The statement in the driver's parameter style (written with `?`)."""
        return text

    def _lock_schema(self, cur: Any) -> None:
        """Make instances that start together apply migrations one at a time."""

    # --- the interface -------------------------------------------------------------------

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the schema version now in place."""
        with self._transaction() as cur:
            self._lock_schema(cur)
            cur.execute(VERSION_TABLE)
            cur.execute("SELECT MAX(version) FROM schema_version")
            current = cur.fetchone()[0] or 0
            if current > len(MIGRATIONS):
                raise StorageError(
                    f"the database has schema version {current}, newer than this program "
                    f"knows ({len(MIGRATIONS)}); upgrade the program"
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                for statement in MIGRATIONS[version - 1]:
                    cur.execute(statement)
                cur.execute(
                    self._sql("INSERT INTO schema_version (version) VALUES (?)"), (version,)
                )
        return len(MIGRATIONS)

    def salt(self, day: str, now: float) -> bytes:
        """The salt of `day`, made at random by the first instance that needs it."""
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "INSERT INTO salts (day, salt, created) VALUES (?, ?, ?)"
                    " ON CONFLICT (day) DO NOTHING"
                ),
                (day, secrets.token_hex(32), now),
            )
            cur.execute(self._sql("SELECT salt FROM salts WHERE day = ?"), (day,))
            return bytes.fromhex(cur.fetchone()[0])

    def apply(self, hits: Sequence[Hit]) -> dict[str, int]:
        """Record a batch of hits in one transaction; returns the view count of each path.

        A view whose id is already stored counts nothing. Keys are written in sorted order so
        that two PostgreSQL instances committing batches at once cannot deadlock.
        """
        with self._transaction() as cur:
            views = self._new_views(cur, [hit for hit in hits if not hit.ping])
            visits = self._record_views(cur, views)
            latest = {hit.visitor: hit for hit in sorted(hits, key=_time) if hit.ping}
            pings = [(v, local_day(h.ts), h.ts, None, 0) for v, h in sorted(latest.items())]
            self._insert(cur, _PING_UPSERT, pings)
            day_views = Counter(local_day(hit.ts) for hit in views)
            daily = [(day, visits[day], n) for day, n in sorted(day_views.items())]
            self._insert(cur, _DAILY_UPSERT, daily)
            self._insert(cur, _PAGE_UPSERT, sorted(Counter(hit.path for hit in views).items()))
            return self._page_counts(cur, sorted({hit.path for hit in hits}))

    def totals(self, periods: Periods) -> Totals:
        """Online visitors and visits today, this week and in all (without the initial total)."""
        with self._transaction(write=False) as cur:
            cur.execute(
                self._sql("SELECT COUNT(*) FROM visitors WHERE last_seen >= ?"),
                (periods.online_since,),
            )
            online = cur.fetchone()[0]
            cur.execute(self._sql(_TOTALS), (periods.today, periods.week_start))
            today, week, total = cur.fetchone()
        return Totals(int(online), int(today), int(week), int(total))

    def page_views(self, path: str) -> int:
        """Views of one path so far."""
        with self._transaction(write=False) as cur:
            return self._page_counts(cur, [path])[path]

    def prune(self, now: float) -> None:
        """Delete what is past its 48 hours: salts, visitor rows and page-view ids."""
        with self._transaction() as cur:
            cur.execute(self._sql("DELETE FROM salts WHERE day <= ?"), (expired_day(now),))
            cur.execute(self._sql("DELETE FROM visitors WHERE last_seen < ?"), (now - RETENTION,))
            cur.execute(self._sql("DELETE FROM page_views WHERE ts < ?"), (now - RETENTION,))

    def view_ids(self) -> set[str]:
        """The page-view ids stored (the last 48 hours): to check that no hit was lost."""
        with self._transaction(write=False) as cur:
            cur.execute("SELECT id FROM page_views")
            return {row[0] for row in cur.fetchall()}

    def close(self) -> None:
        """Close the connection; the next call opens a new one."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with suppress(*self.driver_errors):
                conn.close()

    # --- helpers ---------------------------------------------------------------------------

    def _new_views(self, cur: Any, views: list[Hit]) -> list[Hit]:
        """The views to count: those without id, and the first of each id never stored."""
        first_seen = {hit.view_id: hit.ts for hit in sorted(views, key=_time) if hit.view_id}
        new = {row[0] for row in self._insert(cur, _CLAIM, sorted(first_seen.items()))}
        counted = []
        for hit in views:
            if hit.view_id is None or hit.view_id in new:
                new.discard(hit.view_id)  # a second hit with the id in this batch is a retry
                counted.append(hit)
        return counted

    def _record_views(self, cur: Any, views: list[Hit]) -> Counter[str]:
        """Update the viewers' rows; returns the new visits by day.

        One statement may touch a row once only, so a visitor's second view in the batch goes
        into a second round, after the first has been applied.
        """
        rounds: list[dict[str, Hit]] = []
        for hit in sorted(views, key=_time):
            free = next((r for r in rounds if hit.visitor not in r), None)
            if free is None:
                rounds.append(free := {})
            free[hit.visitor] = hit
        visits: Counter[str] = Counter()
        for batch in rounds:
            rows = [(v, local_day(h.ts), h.ts, h.ts, 1) for v, h in sorted(batch.items())]
            for visitor, new_visit in self._insert(cur, _VIEW_UPSERT, rows):
                visits[local_day(batch[visitor].ts)] += new_visit
        return visits

    def _insert(self, cur: Any, template: str, rows: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Run a multi-row statement over `rows`, in chunks; returns what it RETURNs."""
        returned: list[Any] = []
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            row = "(" + ", ".join("?" * len(chunk[0])) + ")"
            cur.execute(
                self._sql(template.format(rows=", ".join([row] * len(chunk)))),
                [value for values in chunk for value in values],
            )
            if cur.description is not None:
                returned.extend(cur.fetchall())
        return returned

    def _page_counts(self, cur: Any, paths: list[str]) -> dict[str, int]:
        counts = dict.fromkeys(paths, 0)
        if paths:
            marks = ", ".join("?" * len(paths))
            cur.execute(
                self._sql(f"SELECT path, views FROM page_counts WHERE path IN ({marks})"), paths
            )
            counts.update((path, int(views)) for path, views in cur.fetchall())
        return counts

    @contextmanager
    def _transaction(self, write: bool = True) -> Iterator[Any]:
        """A cursor inside a transaction, committed on leaving; any failure is a StorageError."""
        cur = None
        try:
            if self._conn is None:
                self._conn = self._connect()
            cur = self._conn.cursor()
            if write:
                self._begin(cur)
            else:
                cur.execute("BEGIN")
            yield cur
            cur.execute("COMMIT")
        except self.driver_errors as exc:
            self._discard(cur)  # a failed connection is reopened by the next call
            raise StorageError(f"{type(exc).__name__}: {exc}") from exc
        except BaseException:
            self._discard(cur)
            raise

    def _discard(self, cur: Any) -> None:
        """Close the cursor, then the connection, so that the file is really let go.

        The exception's traceback keeps the cursor alive; a cursor still holding its statement
        keeps SQLite's connection open behind close(), and with it the way the files were
        opened: after the database was read-only for a moment, every new connection of the
        process stayed read-only until the garbage collector happened to free that cursor.
        """
        if cur is not None:
            with suppress(*self.driver_errors):
                cur.close()
        self.close()
