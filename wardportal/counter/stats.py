"""The figures, cached for a few seconds so reading them costs no database work per page."""

from __future__ import annotations

import asyncio
import time

from .clock import Clock
from .database import DatabaseThread
from .rules import Periods, local_day
from .storage import Totals


class StatsCache:
    """Totals and per-page view counts, each refreshed at most once per `ttl` seconds."""

    def __init__(self, db: DatabaseThread, clock: Clock, ttl: float, initial_total: int) -> None:
        self._db = db
        self._clock = clock
        self._ttl = ttl
        self._initial = initial_total
        self._totals: tuple[float, str, Totals] | None = None
        self._pages: dict[str, tuple[float, int]] = {}
        self._lock = asyncio.Lock()

    async def totals(self) -> Totals:
        """Online, today, this week and in all (the old portal's total included)."""
        now = self._clock()
        day = local_day(now)  # a new day (and so maybe a new week) empties the cache
        cached = self._totals
        if cached and cached[0] > time.monotonic() and cached[1] == day:
            return cached[2]
        async with self._lock:  # one refresh at a time; the others wait and share it
            cached = self._totals
            if cached and cached[0] > time.monotonic() and cached[1] == day:
                return cached[2]
            raw = await self._db.call(self._db.storage.totals, Periods.at(now))
            totals = Totals(raw.online, raw.today, raw.week, raw.total + self._initial)
            self._totals = (time.monotonic() + self._ttl, day, totals)
            return totals

    async def page(self, path: str) -> int:
        """Views of `path` (a published path, so the cache stays as small as the site)."""
        cached = self._pages.get(path)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        views = await self._db.call(self._db.storage.page_views, path)
        self.remember(path, views)
        return views

    def remember(self, path: str, views: int) -> None:
        """Keep a count fresh from a commit."""
        self._pages[path] = (time.monotonic() + self._ttl, views)
