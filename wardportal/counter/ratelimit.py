"""Rate limits, so neither one visitor nor one address can inflate the figures.

A visitor is a hash of address and User-Agent, so a script that rotates its User-Agent is a new
visitor at every hit: a limit per visitor alone let one address count thousands of visits a
minute. Each hit therefore passes three limits:

- the address's hits: a token bucket of `address_per_minute`;
- the address's new visitors: at most `new_visitors_per_minute` visitors the limiter has not
  seen, in any 60 seconds (a sliding window, so never more than the budget in a minute);
- the visitor's hits: a token bucket of `per_minute`.

The budgets per address are generous enough for a ward office or a school behind one NAT.
State lives in memory (a restart forgives everyone) and is bounded: past `max_entries` keys,
the least recently used are forgotten first, so an active flooder is never the one forgotten.
"""

from __future__ import annotations

from collections import OrderedDict, deque

from .clock import Clock

WINDOW = 60.0


class _Buckets:
    """Token buckets by key, least recently used forgotten first when there are too many."""

    def __init__(self, per_minute: int, max_entries: int) -> None:
        self._capacity = float(per_minute)
        self._rate = per_minute / WINDOW
        self._max = max_entries
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __contains__(self, key: str) -> bool:
        return key in self._state

    def take(self, key: str, now: float) -> bool:
        """Take one token for key; False (and nothing taken) when its bucket is empty."""
        tokens, since = self._state.pop(key, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - since) * self._rate)
        allowed = tokens >= 1.0
        self._state[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._state) > self._max:
            self._state.popitem(last=False)
        return allowed


class _Arrivals:
    """When each key last admitted something new, at most `budget` per sliding minute."""

    def __init__(self, budget: int, max_entries: int) -> None:
        self._budget = budget
        self._max = max_entries
        self._state: OrderedDict[str, deque[float]] = OrderedDict()

    def admit(self, key: str, now: float) -> bool:
        times = self._state.pop(key, None) or deque(maxlen=self._budget)
        while times and times[0] <= now - WINDOW:
            times.popleft()
        allowed = len(times) < self._budget
        if allowed:
            times.append(now)
        self._state[key] = times
        if len(self._state) > self._max:
            self._state.popitem(last=False)
        return allowed


class RateLimiter:
    """The three limits a hit passes (see the module's docstring)."""

    def __init__(
        self,
        per_minute: int,
        clock: Clock,
        *,
        address_per_minute: int = 600,
        new_visitors_per_minute: int = 120,
        max_entries: int = 100_000,
    ) -> None:
        self._clock = clock
        self._visitors = _Buckets(per_minute, max_entries)
        self._addresses = _Buckets(address_per_minute, max_entries)
        self._arrivals = _Arrivals(new_visitors_per_minute, max_entries)

    def allow(self, visitor: str, address: str = "") -> bool:
        """Count one hit of `visitor` from `address`; False when any limit is reached."""
        now = self._clock()
        if not self._addresses.take(address, now):
            return False
        if visitor not in self._visitors and not self._arrivals.admit(address, now):
            return False
        return self._visitors.take(visitor, now)
