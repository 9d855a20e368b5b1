"""The rate limiter's memory is bounded without forgiving an active flooder."""

from __future__ import annotations

from wardportal.counter.ratelimit import RateLimiter

from .conftest import ManualClock


def test_a_full_limiter_forgets_the_idle_not_the_flooder(clock: ManualClock) -> None:
    limiter = RateLimiter(5, clock, max_entries=50)
    assert [limiter.allow("flooder", "192.0.2.1") for _ in range(6)] == [True] * 5 + [False]
    for number in range(500):  # many other visitors pass while the flooder keeps trying
        assert limiter.allow(f"visitor-{number}", f"198.51.100.{number % 250}")
        assert not limiter.allow("flooder", "192.0.2.1")
    clock.advance(60)
    assert limiter.allow("flooder", "192.0.2.1"), "a minute later the bucket has refilled"


def test_new_visitors_per_address_never_exceed_the_budget_in_any_minute(
    clock: ManualClock,
) -> None:
    limiter = RateLimiter(60, clock, new_visitors_per_minute=3)
    admitted = []
    for second in range(180):
        if limiter.allow(f"ua-{second}", "203.0.113.5"):
            admitted.append(second)
        clock.advance(1)
    for first in admitted:
        assert len([t for t in admitted if first <= t < first + 60]) <= 3
    assert len(admitted) == 9
