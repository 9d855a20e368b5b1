"""What is refused, and how: unpublished paths, robots, other sites, bad bodies, floods."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from wardportal.counter.manifest import RECHECK

from .conftest import BROWSER, CounterServer, query


def stored_views(counter: CounterServer) -> int:
    rows = query(counter.database_url, "SELECT COALESCE(SUM(views), 0) FROM daily")
    return int(rows[0][0])


def assert_nothing_stored(counter: CounterServer) -> None:
    assert stored_views(counter) == 0
    assert query(counter.database_url, "SELECT COUNT(*) FROM visitors") == [(0,)]
    assert counter.figures() == (0, 0, 0, 0)


@pytest.mark.parametrize("path", ["/khong-co/", "/tin-tuc/2018/", "/api/counter/hit", "/%2e%2e/"])
def test_unpublished_paths_get_404_and_store_nothing(counter: CounterServer, path: str) -> None:
    answer = counter.hit(path)
    assert answer.status_code == 404
    assert "not a published page" in answer.json()["error"]
    assert counter.hit(path, ping=True).status_code == 404
    assert counter.client.get("/api/counter/stats", params={"path": path}).status_code == 404
    assert_nothing_stored(counter)


def test_a_path_is_the_same_page_however_it_is_spelled(counter: CounterServer) -> None:
    counter.site_root.publish(["/", "/tin-tuc/2026/l%E1%BB%85-h%E1%BB%99i/"])
    assert counter.hit("/index.html").status_code == 200
    assert counter.hit("/tin-tuc/2026/lễ-hội/").status_code == 200
    assert counter.hit("/tin-tuc/2026/l%E1%BB%85-h%E1%BB%99i/index.html").status_code == 200
    assert counter.stats("/")["page"] == 1
    assert counter.stats("/tin-tuc/2026/lễ-hội/")["page"] == 2


def test_a_newly_published_page_is_counted_without_restart(counter: CounterServer) -> None:
    assert counter.hit("/tin-tuc/2026/moi/").status_code == 404
    counter.site_root.publish(["/", "/tin-tuc/2026/moi/"])
    assert counter.hit("/tin-tuc/2026/moi/").status_code == 200
    assert counter.hit("/tu-khoa/dan-van-kheo/").status_code == 404  # no longer published


def test_a_page_taken_down_stops_counting_within_a_second(counter: CounterServer) -> None:
    assert counter.hit("/tu-khoa/dan-van-kheo/").status_code == 200
    counter.site_root.publish(["/"])
    time.sleep(RECHECK + 0.2)  # a listed page is believed for RECHECK seconds without a look
    assert counter.hit("/tu-khoa/dan-van-kheo/").status_code == 404
    assert counter.hit("/").status_code == 200


def test_a_broken_manifest_keeps_the_last_good_one(counter: CounterServer) -> None:
    manifest = counter.site_root.root / "_portal" / "pages.json"
    manifest.write_text('{"paths": ["/", ', encoding="utf-8")
    assert counter.hit("/tu-khoa/dan-van-kheo/").status_code == 200


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "coccocbot-web/1.0 (+http://help.coccoc.com/searchengine)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/156.0 Safari/537.36",
        "curl/7.88.1",
        "",
    ],
)
def test_robots_are_answered_but_not_counted(counter: CounterServer, user_agent: str) -> None:
    answer = counter.hit(ua=user_agent)
    assert answer.status_code == 200
    assert answer.json()["page"] == 0
    assert_nothing_stored(counter)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": None, "Referer": "https://evil.example/trang.html"},
        {"Origin": None},  # neither header: a script, not a page (browsers send one)
        {"Origin": "http://127.0.0.1:1"},  # same host, another port: another site
    ],
)
def test_hits_from_another_site_are_refused(
    counter: CounterServer, headers: dict[str, str | None]
) -> None:
    answer = counter.hit(headers=headers)
    assert answer.status_code == 403
    assert_nothing_stored(counter)


def test_hits_from_the_site_itself_are_accepted(counter: CounterServer) -> None:
    assert counter.hit(headers={"Origin": counter.url}).status_code == 200
    referer = {"Origin": None, "Referer": counter.url + "/tin-tuc/"}
    assert counter.hit(headers=referer).status_code == 200
    assert stored_views(counter) == 2


def test_allowed_origins_are_accepted(
    start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    counter = start_counter(sqlite_url, COUNTER_ALLOWED_ORIGINS="https://phuong.example.vn")
    assert counter.hit(headers={"Origin": "https://phuong.example.vn"}).status_code == 200
    assert counter.hit(headers={"Origin": "http://phuong.example.vn"}).status_code == 403


def test_a_body_over_2_kb_gets_413(counter: CounterServer) -> None:
    big = json.dumps({"path": "/", "id": "x" * 40, "pad": "a" * 2100})
    assert counter.post(big).status_code == 413

    def chunked():  # no Content-Length: the limit must hold while reading
        yield b'{"path": "/", "pad": "'
        for _ in range(30):
            yield b"a" * 100
        yield b'"}'

    assert counter.post(chunked()).status_code == 413
    assert_nothing_stored(counter)


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data", "text/html", None]
)
def test_other_body_types_get_415(counter: CounterServer, content_type: str | None) -> None:
    answer = counter.post(json.dumps({"path": "/"}), content_type)
    assert answer.status_code == 415
    assert_nothing_stored(counter)


def test_text_plain_from_send_beacon_is_accepted(counter: CounterServer) -> None:
    body = json.dumps({"path": "/", "id": "beacon-0001"})
    assert counter.post(body, "text/plain;charset=UTF-8").status_code == 200
    assert counter.post(body, "application/json; charset=utf-8").status_code == 200
    assert stored_views(counter) == 1


@pytest.mark.parametrize(
    "body",
    [
        b'{"path": "/"',
        b"",
        b"\xff\xfe{}",
        b'["/"]',
        b'"/"',
        b"{}",
        b'{"path": 5}',
        b'{"path": "tin-tuc/"}',
        b'{"path": "/", "id": "short"}',
        b'{"path": "/", "id": "has spaces in it"}',
        b'{"path": "/", "id": 12345678}',
        b'{"path": "/", "ping": "yes"}',
        b'{"path": "/\\u0000/"}',
    ],
)
def test_malformed_hits_get_400(counter: CounterServer, body: bytes) -> None:
    answer = counter.post(body)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert_nothing_stored(counter)


def test_a_bad_stats_path_gets_400(counter: CounterServer) -> None:
    assert counter.client.get("/api/counter/stats", params={"path": "khong"}).status_code == 400


def test_wrong_methods_get_405(counter: CounterServer) -> None:
    assert counter.client.get("/api/counter/hit").status_code == 405
    assert counter.client.post("/api/counter/stats").status_code == 405


def test_a_flooding_visitor_is_limited_and_counted_as_one_visit(
    start_counter: Callable[..., CounterServer], database_url: str
) -> None:
    counter = start_counter(database_url, COUNTER_RATE_LIMIT="5")
    answers = [counter.hit(ip="198.51.100.9").status_code for _ in range(12)]
    assert answers == [200] * 5 + [429] * 7
    assert counter.hit(ip="198.51.100.10").status_code == 200  # others are not affected
    assert counter.stats("/")["page"] == 6
    assert counter.figures()[1:] == (2, 2, 2)
    counter.clock.advance(60)  # the bucket refills over a minute
    assert counter.hit(ip="198.51.100.9").status_code == 200


def test_one_address_rotating_its_user_agent_gets_only_its_budget_of_visitors(
    start_counter: Callable[..., CounterServer], database_url: str
) -> None:
    """A script on one address that sends a new User-Agent at every hit, for a minute."""
    counter = start_counter(database_url, COUNTER_NEW_VISITORS_PER_ADDRESS="10")
    answers = []
    for number in range(120):  # one every half second
        answers.append(counter.hit(ua=f"{BROWSER} Phien/{number}", ip="198.51.100.7").status_code)
        counter.clock.advance(0.5)
    assert answers.count(200) <= 10
    assert counter.figures()[1] == answers.count(200) == 10
    assert counter.hit(ip="198.51.100.8").status_code == 200  # another address is not affected
    assert counter.hit(ua=f"{BROWSER} Phien/0", ip="198.51.100.7").status_code == 200, "known"


def test_one_address_has_a_budget_of_hits(
    start_counter: Callable[..., CounterServer], database_url: str
) -> None:
    counter = start_counter(database_url, COUNTER_ADDRESS_RATE_LIMIT="8")
    answers = [
        counter.hit(ua=f"{BROWSER} {number % 4}", ip="198.51.100.9").status_code
        for number in range(12)
    ]
    assert answers == [200] * 8 + [429] * 4
    assert counter.hit(ip="198.51.100.10").status_code == 200


def test_deeply_nested_json_is_a_400_not_an_outage(counter: CounterServer) -> None:
    answer = counter.post(b"[" * 2000)
    assert answer.status_code == 400
    assert counter.hit().status_code == 200


def test_answers_set_no_cookies(counter: CounterServer) -> None:
    assert "set-cookie" not in counter.hit().headers
    assert "set-cookie" not in counter.client.get("/api/counter/stats").headers
