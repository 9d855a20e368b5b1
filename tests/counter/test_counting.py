"""What counts: visits against page views, the online window, days and weeks in Hanoi time."""

from __future__ import annotations

from collections.abc import Callable

from .conftest import CounterServer, ManualClock

MINUTE = 60.0


def test_a_page_view_counts_a_visit_a_view_and_an_online_visitor(counter: CounterServer) -> None:
    answer = counter.hit("/tin-tuc/2018/so-ket/")
    assert answer.status_code == 200
    assert answer.json() == {"online": 1, "today": 1, "week": 1, "total": 1, "page": 1}
    assert counter.stats("/tin-tuc/2018/so-ket/")["page"] == 1
    assert counter.stats("/")["page"] == 0


def test_views_within_a_visit_count_once_as_a_visit(counter: CounterServer) -> None:
    for path in ["/", "/tin-tuc/2018/so-ket/", "/", "/tu-khoa/dan-van-kheo/"]:
        assert counter.hit(path).status_code == 200
        counter.clock.advance(5 * MINUTE)
    assert counter.figures() == (1, 1, 1, 1)
    assert counter.stats("/")["page"] == 2
    assert counter.stats("/tin-tuc/2018/so-ket/")["page"] == 1


def test_each_visitor_is_a_visit_of_their_own(counter: CounterServer) -> None:
    counter.hit(ip="198.51.100.1")
    counter.hit(ip="198.51.100.2")
    counter.hit(ip="198.51.100.1", ua="Mozilla/5.0 (iPhone) Mobile/15E148 Zalo iOS/470")
    assert counter.figures() == (3, 3, 3, 3)
    assert counter.stats("/")["page"] == 3


def test_a_gap_over_30_minutes_starts_a_new_visit(counter: CounterServer) -> None:
    counter.hit()
    counter.clock.advance(29 * MINUTE)
    counter.hit()
    assert counter.figures()[1:] == (1, 1, 1)
    counter.clock.advance(30 * MINUTE + 1)
    counter.hit()
    assert counter.figures()[1:] == (2, 2, 2)


def test_midnight_in_hanoi_starts_a_new_visit_and_a_new_today(counter: CounterServer) -> None:
    # 23:50 and 00:05 in Hanoi are 16:50 and 17:05 UTC: the same UTC day, not the same local one.
    counter.clock.set("2026-11-25 23:50")
    counter.hit()
    assert counter.figures()[1:] == (1, 1, 1)
    counter.clock.set("2026-11-26 00:05")
    assert counter.figures()[1:] == (0, 1, 1)
    counter.hit()
    assert counter.figures()[1:] == (1, 2, 2)


def test_the_week_starts_on_monday_in_hanoi(counter: CounterServer) -> None:
    counter.clock.set("2026-11-23 08:00")  # Monday
    counter.hit(ip="198.51.100.1")
    counter.clock.set("2026-11-29 23:50")  # Sunday
    counter.hit(ip="198.51.100.2")
    assert counter.figures()[1:] == (1, 2, 2)
    counter.clock.set("2026-11-30 00:10")  # the next Monday
    assert counter.figures()[1:] == (0, 0, 2)
    counter.hit(ip="198.51.100.3")
    assert counter.figures()[1:] == (1, 1, 3)


def test_online_means_seen_in_the_last_five_minutes(counter: CounterServer) -> None:
    counter.hit(ip="198.51.100.1")
    counter.hit(ip="198.51.100.2")
    counter.clock.advance(4 * MINUTE)
    assert counter.figures()[0] == 2
    counter.hit(ip="198.51.100.2", ping=True)
    counter.clock.advance(1 * MINUTE + 1)
    assert counter.figures()[0] == 1
    counter.clock.advance(5 * MINUTE)
    assert counter.figures()[0] == 0


def test_a_heartbeat_keeps_a_visitor_online_and_counts_nothing(counter: CounterServer) -> None:
    answer = counter.hit("/tin-tuc/2018/so-ket/", ping=True)
    assert answer.status_code == 200
    assert answer.json() == {"online": 1, "today": 0, "week": 0, "total": 0, "page": 0}
    counter.hit("/tin-tuc/2018/so-ket/")
    for _ in range(3):
        counter.clock.advance(MINUTE)
        counter.hit("/tin-tuc/2018/so-ket/", ping=True)
    assert counter.figures() == (1, 1, 1, 1)
    assert counter.stats("/tin-tuc/2018/so-ket/")["page"] == 1


def test_heartbeats_do_not_stretch_a_visit(counter: CounterServer) -> None:
    counter.hit()
    for _ in range(40):  # 40 minutes on one page, visible: online all along
        counter.clock.advance(MINUTE)
        counter.hit(ping=True)
    assert counter.figures()[0] == 1
    counter.hit("/tu-khoa/dan-van-kheo/")  # 40 minutes after the last view: a new visit
    assert counter.figures()[1:] == (2, 2, 2)


def test_a_retried_page_view_id_is_counted_once(counter: CounterServer) -> None:
    first = counter.hit(id="view-0001-retry")
    again = counter.hit(id="view-0001-retry")
    assert first.status_code == again.status_code == 200
    assert again.json()["page"] == 1
    assert counter.stats("/")["page"] == 1
    counter.hit(id="view-0002-other")
    assert counter.stats("/")["page"] == 2


def test_a_view_without_id_is_counted(counter: CounterServer) -> None:
    counter.hit(id=None)
    counter.hit(id=None)
    assert counter.stats("/")["page"] == 2


def test_reading_the_figures_counts_nothing(counter: CounterServer) -> None:
    for _ in range(3):
        counter.stats("/")
        counter.stats()
    assert counter.stats("/") == {"online": 0, "today": 0, "week": 0, "total": 0, "page": 0}
    assert counter.stats()["page"] is None


def test_the_total_starts_from_the_old_portal(
    start_counter: Callable[..., CounterServer], database_url: str
) -> None:
    counter = start_counter(database_url, COUNTER_INITIAL_TOTAL="1234567")
    assert counter.figures() == (0, 0, 0, 1234567)
    counter.hit()
    assert counter.figures() == (1, 1, 1, 1234568)


def test_manual_clock_starts_on_a_wednesday(clock: ManualClock) -> None:
    from datetime import datetime

    from wardportal.counter.rules import TIME_ZONE

    assert datetime.fromtimestamp(clock(), TIME_ZONE).strftime("%A %H:%M") == "Wednesday 10:00"
