"""Per-visitor rate limit, so one visitor flooding hits cannot inflate the figures."""

from __future__ import annotations

from .clock import Clock


class RateLimiter:
    """A token bucket per visitor: `per_minute` tokens, refilled evenly over a minute.

    Buckets live in memory only (a restart forgives everyone); when there are more than
    `max_visitors`, buckets that have refilled completely are dropped, as they hold nothing.
    """

    def __init__(self, per_minute: int, clock: Clock, max_visitors: int = 50_000) -> None:
        self._capacity = float(per_minute)
        self._rate = per_minute / 60.0
        self._clock = clock
        self._max = max_visitors
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, visitor: str) -> bool:
        """Take one token for `visitor`; False when the bucket is empty."""
        now = self._clock()
        tokens, since = self._buckets.get(visitor, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - since) * self._rate)
        if tokens < 1.0:
            self._buckets[visitor] = (tokens, now)
            return False
        self._buckets[visitor] = (tokens - 1.0, now)
        if len(self._buckets) > self._max:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        full = now - self._capacity / self._rate
        self._buckets = {k: v for k, v in self._buckets.items() if v[1] > full}
        if len(self._buckets) > self._max:
            self._buckets.clear()
