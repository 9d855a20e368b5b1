"""No IP or User-Agent is kept; visitors are pseudonyms under a daily salt deleted after 48 h."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from wardportal.counter.visitors import client_ip

from .conftest import CounterServer, PostgresCluster, query


def database_files(counter: CounterServer, request: pytest.FixtureRequest) -> list[Path]:
    """Every file the database keeps its data in, flushed to disk."""
    if not counter.database_url.startswith("postgresql://"):
        return [p for p in Path(counter.database_url).parent.glob("counter.sqlite3*")]
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    query(counter.database_url, "CHECKPOINT")
    name = counter.database_url.rsplit("/", 1)[1]
    oid = query(counter.database_url, f"SELECT oid FROM pg_database WHERE datname = '{name}'")[0][0]
    folders = [cluster.data / "base" / str(oid), cluster.data / "pg_wal"]
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_no_ip_or_user_agent_reaches_the_database(
    counter: CounterServer, request: pytest.FixtureRequest
) -> None:
    ip = "203.0.113.77"
    user_agent = f"Mozilla/5.0 (X11; Linux x86_64; probe-{uuid.uuid4().hex}) Firefox/131.0"
    for path in ["/", "/tin-tuc/2018/so-ket/"]:
        assert counter.hit(path, ip=ip, ua=user_agent).status_code == 200
    assert counter.hit(ip=ip, ua=user_agent, ping=True).status_code == 200
    counter.stop()  # and the SQLite WAL checkpointed into the main file
    files = database_files(counter, request)
    data = b"".join(p.read_bytes() for p in files)
    assert b"/tin-tuc/2018/so-ket/" in data, files  # the right files are being searched
    for secret in [ip, user_agent, user_agent.split("; ")[2].split(")")[0]]:
        assert secret.encode() not in data, secret


def test_salts_change_daily_and_are_deleted_after_48_hours(counter: CounterServer) -> None:
    def salts() -> dict[str, str]:
        return dict(query(counter.database_url, "SELECT day, salt FROM salts"))

    def visitors() -> set[str]:
        return {row[0] for row in query(counter.database_url, "SELECT visitor FROM visitors")}

    counter.clock.set("2026-11-25 10:00")
    counter.hit(ip="198.51.100.1")
    first_salts, first_visitors = salts(), visitors()
    assert list(first_salts) == ["2026-11-25"] and len(first_visitors) == 1
    counter.clock.set("2026-11-26 10:00")
    counter.hit(ip="198.51.100.1")  # the same browser the next day: another pseudonym
    assert len(set(salts().values())) == 2
    assert len(visitors()) == 2
    counter.clock.set("2026-11-27 00:00:01")  # 48 hours after the 25th began
    counter.hit(ip="198.51.100.2")
    assert sorted(salts()) == ["2026-11-26", "2026-11-27"]
    counter.clock.set("2026-11-27 10:01")  # 48 hours after the visitor was last seen
    counter.hit(ip="198.51.100.2", ping=True)
    assert not visitors() & first_visitors
    assert counter.figures()[3] == 3  # the counts stay


def test_forwarded_for_is_ignored_from_untrusted_peers(
    start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    counter = start_counter(sqlite_url, COUNTER_TRUSTED_PROXIES="")
    counter.hit(ip="198.51.100.1")
    counter.hit(ip="198.51.100.2")
    assert counter.figures()[:2] == (1, 1)  # both are 127.0.0.1, the real peer


def test_forwarded_for_is_believed_from_trusted_proxies(counter: CounterServer) -> None:
    counter.hit(ip="198.51.100.1")
    counter.hit(ip="203.0.113.5, 198.51.100.1")  # a spoofed hop the client added itself
    assert counter.figures()[:2] == (1, 1)
    counter.hit(ip="198.51.100.2")
    assert counter.figures()[:2] == (2, 2)


@pytest.mark.parametrize(
    ("peer", "header", "proxies", "expected"),
    [
        ("127.0.0.1", None, "127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1", "", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1", "127.0.0.1", "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1, 10.0.0.1", "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", "10.0.0.3, 10.0.0.1", "10.0.0.0/8", "10.0.0.3"),
        ("10.0.0.2", "garbage, 198.51.100.1", "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1, garbage", "10.0.0.0/8", "10.0.0.2"),
        ("::1", "2001:db8::5", "::1", "2001:db8::5"),
    ],
)
def test_client_ip(peer: str, header: str | None, proxies: str, expected: str) -> None:
    from wardportal.counter import load_settings

    trusted = load_settings({"COUNTER_TRUSTED_PROXIES": proxies}).trusted_proxies
    assert client_ip(peer, header, trusted) == expected
