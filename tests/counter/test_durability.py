"""An answered hit is kept: across restarts, and when the process is killed under load."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

import httpx

from wardportal.counter.storage import open_storage

from .conftest import BROWSER, PAGES, CounterServer, ServeProcess, SiteRoot


def test_a_restart_keeps_counts_visitors_and_online(
    start_counter: Callable[..., CounterServer], database_url: str
) -> None:
    counter = start_counter(database_url)
    counter.hit("/", ip="198.51.100.1")
    counter.hit("/tin-tuc/2018/so-ket/", ip="198.51.100.2")
    before = counter.stats("/tin-tuc/2018/so-ket/")
    counter.restart()
    assert (
        counter.stats("/tin-tuc/2018/so-ket/")
        == before
        == {
            "online": 2,
            "today": 2,
            "week": 2,
            "total": 2,
            "page": 1,
        }
    )
    counter.clock.advance(10 * 60)
    counter.hit("/", ip="198.51.100.1")  # the same visit: the salt survived the restart
    assert counter.figures()[1:] == (2, 2, 2)
    assert counter.stats("/")["page"] == 2


async def _load(url: str, acked: set[str], seconds: float, connections: int) -> int:
    """Send hits until `seconds` pass or the server dies, adding acknowledged ids to `acked`.

    Returns how many connections broke (the server was killed under them).
    """
    broken = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=5) as client:

        async def worker(number: int) -> None:
            nonlocal broken
            while time.monotonic() < deadline:
                view = uuid.uuid4().hex
                body = {"path": PAGES[number % len(PAGES)], "id": view}
                try:
                    answer = await client.post(
                        "/api/counter/hit",
                        json=body,
                        headers={"User-Agent": BROWSER, "Origin": url},
                    )
                except httpx.TransportError:
                    broken += 1
                    return
                if answer.status_code == 200:
                    acked.add(view)

        await asyncio.gather(*(worker(n) for n in range(connections)))
    return broken


def test_kill_9_under_load_loses_no_acknowledged_hit(
    site_root: SiteRoot, database_url: str
) -> None:
    settings = {"COUNTER_RATE_LIMIT": "100000"}
    server = ServeProcess(site_root.root, database_url, **settings)

    acked: set[str] = set()

    async def load_then_kill() -> int:
        load = asyncio.create_task(_load(server.url, acked, 30, 16))
        while len(acked) < 300 and not load.done():  # however slow the machine is today
            await asyncio.sleep(0.01)
        server.kill()
        return await load

    try:
        broken = asyncio.run(load_then_kill())
    finally:
        server.close()
    assert len(acked) >= 300, "the load was too light to mean anything"
    assert broken > 0, "the server was not killed under load"
    storage = open_storage(database_url)
    stored = storage.view_ids()
    storage.close()
    assert not acked - stored, f"{len(acked - stored)} acknowledged hits were lost"
    # And the restarted service counts them all.
    with ServeProcess(site_root.root, database_url, **settings) as restarted:
        pages = [
            httpx.get(f"{restarted.url}/api/counter/stats", params={"path": p}).json()["page"]
            for p in PAGES
        ]
        assert sum(pages) == len(stored) >= len(acked)
