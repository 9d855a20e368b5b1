"""The service under strain: group commit, a full queue, a slow or failing database, caching."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.servers import wait_until
from wardportal.counter.storage import Hit, SqlStorage, StorageError, open_storage
from wardportal.counter.storage.sqlite import SqliteStorage

from .conftest import CounterServer, query


class Instrumented:
    """A real storage whose writes can be held back or made to fail, and which counts calls."""

    def __init__(self, inner: SqlStorage) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.gate.set()
        self.writing = threading.Event()
        self.batches: list[int] = []
        self.totals_calls = 0
        self.fail: Exception | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def apply(self, hits: list[Hit]) -> dict[str, int]:
        self.writing.set()
        assert self.gate.wait(20)
        if self.fail is not None:
            raise self.fail
        self.batches.append(len(hits))
        return self.inner.apply(hits)

    def totals(self, periods: Any) -> Any:
        self.totals_calls += 1
        if self.fail is not None:
            raise self.fail
        return self.inner.totals(periods)


@pytest.fixture
def instrumented() -> Instrumented:
    return Instrumented(None)  # type: ignore[arg-type]


@pytest.fixture
def start_instrumented(
    start_counter: Callable[..., CounterServer], sqlite_url: str, instrumented: Instrumented
) -> Callable[..., CounterServer]:
    def start(**settings: str) -> CounterServer:
        def wrap(storage: SqlStorage) -> Instrumented:
            instrumented.inner = storage
            return instrumented

        return start_counter(sqlite_url, storage=wrap, **settings)

    return start


class Pending:
    """A request sent from a thread: call it to wait for its answer."""

    def __init__(self, call: Callable[[], httpx.Response]) -> None:
        pool = ThreadPoolExecutor(1)
        self.future = pool.submit(call)
        pool.shutdown(wait=False)

    def __call__(self) -> httpx.Response:
        return self.future.result(timeout=30)

    def wait(self, seconds: float) -> bool:
        """Whether the answer came within `seconds` (it returns as soon as it comes)."""
        return not futures.wait([self.future], timeout=seconds).not_done


def test_hits_share_commits(
    start_instrumented: Callable[..., CounterServer], instrumented: Instrumented
) -> None:
    counter = start_instrumented(COUNTER_COMMIT_DELAY_MS="20")
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda i: counter.hit(ip=f"198.51.100.{i}"), range(60)))
    assert [a.status_code for a in answers] == [200] * 60
    batches = instrumented.batches
    assert sum(batches) == 60
    assert len(batches) < 30 and max(batches) > 1, batches
    assert counter.stats("/")["page"] == 60


def test_a_hit_is_answered_only_after_its_commit(
    start_instrumented: Callable[..., CounterServer], instrumented: Instrumented
) -> None:
    counter = start_instrumented(COUNTER_STATS_TTL="60")
    counter.hit()  # loads the day's salt and caches the figures: the answer needs no database
    instrumented.gate.clear()
    answer = Pending(counter.hit)
    assert instrumented.writing.wait(5)
    # Held before its commit: no answer comes while the commit waits (an early one would).
    assert not answer.wait(0.3)
    assert instrumented.batches == [1]
    instrumented.gate.set()
    assert answer().status_code == 200  # ... and answered after it
    assert instrumented.batches == [1, 1]


def test_a_full_write_queue_gets_503(
    start_instrumented: Callable[..., CounterServer], instrumented: Instrumented
) -> None:
    counter = start_instrumented(COUNTER_QUEUE_SIZE="2", COUNTER_COMMIT_DELAY_MS="0")
    counter.hit()
    instrumented.gate.clear()
    instrumented.writing.clear()
    held = [Pending(counter.hit)]
    assert instrumented.writing.wait(5)  # the writer holds one hit; two more fill the queue
    held += [Pending(counter.hit) for _ in range(2)]
    assert counter.thread is not None
    server = counter.thread.server.server_state  # uvicorn's: a task for each request it serves
    wait_until(lambda: len(server.tasks) >= 3, "the two hits reached the server")
    refused = counter.hit()
    assert refused.status_code == 503
    assert refused.headers["retry-after"]
    instrumented.gate.set()
    assert [answer().status_code for answer in held] == [200, 200, 200]
    assert counter.stats("/")["page"] == 4


def test_a_slow_commit_gets_503_and_a_retry_counts_once(
    start_instrumented: Callable[..., CounterServer], instrumented: Instrumented
) -> None:
    counter = start_instrumented(COUNTER_COMMIT_TIMEOUT="0.5")
    counter.hit()
    instrumented.gate.clear()
    assert counter.hit(id="slow-view-0001").status_code == 503
    instrumented.gate.set()
    assert counter.hit(id="slow-view-0001").status_code == 200  # the widget's retry
    assert counter.stats("/")["page"] == 2


@pytest.mark.parametrize("error", [StorageError("disk I/O error"), RuntimeError("a bug")])
def test_a_failing_database_gets_503_never_500(
    start_instrumented: Callable[..., CounterServer],
    instrumented: Instrumented,
    error: Exception,
) -> None:
    counter = start_instrumented()
    counter.hit()
    instrumented.fail = error
    assert counter.hit().status_code == 503
    assert counter.client.get("/api/counter/stats").status_code == 503
    instrumented.fail = None
    assert counter.hit().status_code == 200  # and it recovers
    assert counter.stats("/")["page"] == 2


def test_figures_are_cached(
    start_instrumented: Callable[..., CounterServer], instrumented: Instrumented
) -> None:
    counter = start_instrumented(COUNTER_STATS_TTL="60")
    for _ in range(10):
        counter.stats()
    assert instrumented.totals_calls == 1
    counter.hit()
    assert counter.stats("/")["page"] == 1  # a page's own count is fresh from its commit
    assert counter.client.get("/api/counter/stats").headers["cache-control"] == (
        "public, max-age=60"
    )


def test_the_schema_is_versioned(database_url: str) -> None:
    storage = open_storage(database_url)
    assert storage.migrate() == 1
    assert storage.migrate() == 1  # idempotent
    storage.close()
    assert query(database_url, "SELECT version FROM schema_version") == [(1,)]
    if database_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("INSERT INTO schema_version VALUES (99)")
    else:
        import sqlite3

        with sqlite3.connect(database_url) as conn:
            conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(StorageError, match="schema version 99, newer"):
        open_storage(database_url).migrate()


def test_sqlite_runs_in_wal_mode_with_full_sync(sqlite_url: str) -> None:
    storage = SqliteStorage(Path(sqlite_url))
    storage.migrate()
    conn = storage._connect()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.close()
    storage.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("var/counter.sqlite3", "var/counter.sqlite3"),
        ("sqlite:///var/c.sqlite3", "var/c.sqlite3"),
        ("sqlite:////srv/c.sqlite3", "/srv/c.sqlite3"),
    ],
)
def test_database_urls_name_sqlite_files(url: str, expected: str) -> None:
    storage = open_storage(url)
    assert isinstance(storage, SqliteStorage)
    assert str(storage.path) == expected


def test_postgres_urls_select_postgres() -> None:
    from wardportal.counter.storage.postgres import PostgresStorage

    assert isinstance(open_storage("postgresql://u@db/portal"), PostgresStorage)
    assert isinstance(open_storage("postgres://u@db/portal"), PostgresStorage)


def test_a_batch_with_repeated_visitors_and_ids(database_url: str) -> None:
    """One commit holding a visitor's several views, a retried id and heartbeats."""
    from wardportal.counter.rules import Periods

    from .conftest import local_time

    t = local_time("2026-11-25 10:00")
    hits = [
        Hit("/", "visitor-a", t, "id-a-000001"),
        Hit("/", "visitor-a", t + 60, "id-a-000002"),
        Hit("/", "visitor-a", t + 60, "id-a-000002"),  # a retry within the batch
        Hit("/tin-tuc/2018/so-ket/", "visitor-a", t + 3000, "id-a-000003"),  # after 49 min
        Hit("/", "visitor-b", t, None),
        Hit("/", "visitor-b", t + 30, None, ping=True),
        Hit("/", "visitor-c", t + 10, None, ping=True),
        Hit("/", "visitor-c", t + 20, None, ping=True),
    ]
    storage = open_storage(database_url)
    storage.migrate()
    assert storage.apply(hits) == {"/": 3, "/tin-tuc/2018/so-ket/": 1}
    assert storage.apply(hits[:4]) == {"/": 3, "/tin-tuc/2018/so-ket/": 1}  # all retries
    totals = storage.totals(Periods.at(t + 3000))
    assert (totals.online, totals.today, totals.week, totals.total) == (1, 3, 3, 3)
    assert storage.totals(Periods.at(t + 200)).online == 3
    storage.close()
