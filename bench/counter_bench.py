"""Counter speed and durability benchmark (`make bench-counter`).

One server process (uvicorn, the counter on SQLite as production runs it) and a client on
127.0.0.1 with 32 keep-alive connections: wrk with counter_bench.lua (Debian's wrk), or an asyncio
client when wrk is missing (slower, so it may understate the server):

1. a bare no-op: a Starlette app with one route and no middleware, the ceiling of the stack;
2. a trivial JSON endpoint behind the preview's security-header middleware (`make serve`), for
   what that middleware costs;
3. the counter's POST /api/counter/hit as production serves it (the counter app alone: nginx
   adds the headers), each hit committed (group commit, synchronous=FULL);
4. hits again, with the server killed (SIGKILL) mid-load: every acknowledged hit must be stored.

The server runs as production does (wardportal.counter.server: uvicorn with uvloop, httptools
and the request deadline). Targets (issues 4 and 14): the counter holds >= 50% of the bare
no-op's requests per second, with p99 <= 25 ms, and 0 acknowledged hits lost. Exits 1 if a
hit was lost or a target missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PATHS = ["/", *(f"/tin-tuc/2026/bai-{n}/" for n in range(50))]
USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
]
# Visitors' addresses as a trusted proxy would report them (documentation ranges, never dialled).
ADDRESSES = [f"{net}.{n}" for net in ("192.0.2", "198.51.100", "203.0.113") for n in range(1, 255)]


# --- the server ---------------------------------------------------------------------------


def serve(root: Path, database: str, port: int) -> None:
    """The preview app plus a trivial endpoint, in this process (run as a subprocess)."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route
    from starlette.types import Receive, Scope, Send

    from wardportal.counter import create_app, load_settings
    from wardportal.counter.app import settle_memory
    from wardportal.counter.server import uvicorn_config
    from wardportal.serve import SecurityHeaders

    async def echo(request: Request) -> JSONResponse:
        data = await request.json()
        return JSONResponse({"ok": True, "path": data.get("path")})

    async def nothing(request: Request) -> Response:
        await request.body()
        return Response(b'{"ok":true}', media_type="application/json")

    trivial = SecurityHeaders(Starlette(routes=[Route("/bench/echo", echo, methods=["POST"])]))
    bare = Starlette(routes=[Route("/bench/noop", nothing, methods=["POST"])])
    settings = load_settings(
        COUNTER_SITE_ROOT=str(root),
        COUNTER_DATABASE_URL=database,
        COUNTER_TRUSTED_PROXIES="127.0.0.1",
    )
    counter = create_app(settings)  # as wardportal.counter.server runs it behind nginx

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/bench/noop":
            await bare(scope, receive, send)
        elif scope["type"] == "http" and scope["path"] == "/bench/echo":
            await trivial(scope, receive, send)
        else:
            await counter(scope, receive, send)

    settle_memory()  # as the entry points do
    config = uvicorn_config(app, settings, host="127.0.0.1", port=port, access_log=False,
                            log_level="warning")  # fmt: skip
    uvicorn.Server(config).run()


class Server:
    """The server subprocess."""

    def __init__(self, root: Path, database: str) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        command = [sys.executable, __file__, "serve", str(root), database, str(self.port)]
        self.process = subprocess.Popen(command)
        deadline = time.monotonic() + 20
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench: the server did not start")
            time.sleep(0.05)

    def _answers(self) -> bool:
        import http.client

        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            connection.request("GET", "/api/counter/stats")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(15)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


# --- the client ---------------------------------------------------------------------------


@dataclass
class Run:
    """What one load run saw."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    acked: set[str] = field(default_factory=set)
    broken: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def request(port: int, target: str, number: int) -> tuple[bytes, str]:
    """One hit's bytes (with a fresh page-view id) and that id."""
    view = uuid.uuid4().hex
    body = json.dumps({"path": PATHS[number % len(PATHS)], "id": view}).encode()
    head = (
        f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        f"User-Agent: {USER_AGENTS[number % len(USER_AGENTS)]}\r\n"
        f"X-Forwarded-For: {ADDRESSES[number % len(ADDRESSES)]}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body, view


async def load(port: int, target: str, seconds: float, connections: int,
               kill_after: float | None = None, server: Server | None = None) -> Run:  # fmt: skip
    """Keep `connections` keep-alive connections busy with hits for `seconds`."""
    run = Run()
    start = time.perf_counter()
    deadline = start + seconds

    async def connection(offset: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        number = offset
        try:
            while time.perf_counter() < deadline:
                data, view = request(port, target, number)
                number += connections
                sent = time.perf_counter()
                writer.write(data)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                run.latencies.append(time.perf_counter() - sent)
                run.statuses[status] = run.statuses.get(status, 0) + 1
                if status == 200:
                    run.acked.add(view)
        except (OSError, asyncio.IncompleteReadError, IndexError):
            run.broken += 1
        finally:
            writer.close()

    async def killer() -> None:
        assert kill_after is not None and server is not None
        await asyncio.sleep(kill_after)
        server.kill()

    tasks = [connection(n) for n in range(connections)]
    if kill_after is not None:
        tasks.append(killer())
    await asyncio.gather(*tasks)
    run.seconds = min(time.perf_counter(), deadline) - start
    return run


# --- the benchmark ------------------------------------------------------------------------


def site(folder: Path) -> Path:
    root = folder / "site"
    (root / "_portal").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>Trang chủ</title>", "utf-8")
    manifest = {"generated": "2026-11-25T10:00:00+07:00", "paths": PATHS}
    (root / "_portal" / "pages.json").write_text(json.dumps(manifest), "utf-8")
    return root


@dataclass
class Figures:
    """Requests, time, refusals and latency quantiles (ms, 1000 evenly ranked) of some runs."""

    requests: int
    seconds: float
    refused: int  # answers other than 200, and broken connections
    quantiles: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        return self.quantiles[min(len(self.quantiles) - 1, int(share * len(self.quantiles)))]

    def line(self, name: str) -> str:
        return (
            f"{name:<22} {self.rps:8.0f} req/s   p50 {self.percentile(0.5):6.2f} ms   "
            f"p99 {self.percentile(0.99):6.2f} ms   ({self.refused} not 200)"
        )

    @staticmethod
    def pool(runs: list[Figures]) -> Figures:
        """Several runs as one: each quantile point weighs its run's share of the requests."""
        points = sorted(
            (value, run.requests / len(run.quantiles)) for run in runs for value in run.quantiles
        )
        total = sum(weight for _, weight in points)
        quantiles, seen, rank = [], 0.0, 0
        for value, weight in points:
            seen += weight
            while rank < 1000 and seen >= total * (rank + 1) / 1000:
                quantiles.append(value)
                rank += 1
        requests = sum(run.requests for run in runs)
        seconds = sum(run.seconds for run in runs)
        return Figures(requests, seconds, sum(run.refused for run in runs), quantiles)


def measure(port: int, target: str, seconds: float, connections: int) -> Figures:
    """Load `target` for `seconds`, with wrk if it is installed."""
    url = f"http://127.0.0.1:{port}{target}"
    if shutil.which("wrk"):
        script = Path(__file__).with_suffix(".lua")
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        data = json.loads(output.strip().splitlines()[-1])
        quantiles = [us / 1000 for us in data["quantiles_us"]]
        return Figures(data["requests"], data["duration_us"] / 1e6, data["refused"], quantiles)
    run = asyncio.run(load(port, target, seconds, connections))
    refused = sum(n for code, n in run.statuses.items() if code != 200) + run.broken
    quantiles = [run.percentile(rank / 1000) for rank in range(1000)]
    return Figures(len(run.latencies), run.seconds, refused, quantiles)


def kill_under_load(root: Path, database: str, connections: int) -> tuple[int, int, int]:
    """Kill -9 the server 2 s into a load; (acknowledged, newly stored, lost) hits."""
    from wardportal.counter.storage import open_storage

    def stored_ids() -> set[str]:
        storage = open_storage(database)
        try:
            return storage.view_ids()
        finally:
            storage.close()

    before = stored_ids()
    server = Server(root, database)
    run = asyncio.run(load(server.port, "/api/counter/hit", 6.0, connections, 2.0, server))
    stored = stored_ids()
    return len(run.acked), len(stored - before), len(run.acked - stored)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="load on each endpoint")
    parser.add_argument("--rounds", type=int, default=4, help="turns the endpoints take")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    turn = args.seconds / args.rounds
    client = "wrk" if shutil.which("wrk") else "asyncio (install wrk for a faster one)"
    print(
        f"client: {client}, {args.connections} connections, "
        f"{args.seconds:g} s on each endpoint in {args.rounds} turns"
    )
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as folder:
        root = site(Path(folder))
        database = str(Path(folder) / "counter.sqlite3")
        server = Server(root, database)
        try:
            targets = ("/bench/noop", "/bench/echo", "/api/counter/hit")
            for target in targets:  # warm up every path
                measure(server.port, target, 1.0, args.connections)
            # Short runs taking turns, so that whatever else the machine does weighs on all.
            runs: dict[str, list[Figures]] = {target: [] for target in targets}
            for _ in range(args.rounds):
                for target, results in runs.items():
                    results.append(measure(server.port, target, turn, args.connections))
        finally:
            server.stop()
        bare = Figures.pool(runs["/bench/noop"])
        trivial = Figures.pool(runs["/bench/echo"])
        counter = Figures.pool(runs["/api/counter/hit"])
        acked, stored, lost = kill_under_load(root, database, args.connections)
    ratio = counter.rps / bare.rps
    print(bare.line("bare no-op"))
    print(trivial.line("trivial endpoint"))
    print(counter.line("counter hit (SQLite)"))
    print(f"counter / trivial      {counter.rps / trivial.rps:8.0%}")
    print(f"counter / bare no-op   {ratio:8.0%}   (target >= 50%)")
    print(f"counter p99            {counter.percentile(0.99):8.2f} ms (target <= 25 ms)")
    print(
        f"kill -9 under load     {acked:8d} acknowledged, {stored} stored, {lost} lost (target 0)"
    )
    ok = not lost and not counter.refused and ratio >= 0.5 and counter.percentile(0.99) <= 25
    print("result                 " + ("all targets met" if ok else "TARGET MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        os.environ.pop("COUNTER_DATABASE_URL", None)
        serve(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(main())
