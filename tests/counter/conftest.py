"""Fixtures for the counter: a site root with a manifest, real uvicorn servers, real databases.

Every counting test runs twice: on a SQLite file and on a PostgreSQL server that these fixtures
start (initdb + pg_ctl from Debian's postgresql). Without PostgreSQL those runs are skipped,
except in CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tests.support.ci import unavailable
from tests.support.servers import ServerProcess, free_port, serve_command
from wardportal.counter import Settings, create_app, load_settings
from wardportal.counter.rules import TIME_ZONE
from wardportal.counter.server import uvicorn_config
from wardportal.counter.storage import SqlStorage, open_storage
from wardportal.serve import build_app

ROOT = Path(__file__).resolve().parents[2]
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/156.0 Safari/537.36"
)
PAGES = ["/", "/tin-tuc/2018/so-ket/", "/tu-khoa/dan-van-kheo/", "/bang-vang/bang-vang.json"]


# --- time ------------------------------------------------------------------------------------


class ManualClock:
    """A clock the test moves by hand; starts on Wednesday 2026-11-25, 10:00 in Hanoi."""

    def __init__(self) -> None:
        self.now = local_time("2026-11-25 10:00")

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def set(self, when: str) -> None:
        self.now = local_time(when)


def local_time(when: str) -> float:
    """Unix time of 'YYYY-MM-DD HH:MM[:SS]' on the ward's clock (Asia/Ho_Chi_Minh)."""
    return datetime.fromisoformat(when).replace(tzinfo=TIME_ZONE).timestamp()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


# --- the site --------------------------------------------------------------------------------


class SiteRoot:
    """A built site folder as the counter sees it: pages and the manifest of published ones.

    Not a project: tests/support/sites.Site builds one with Pelican; this one is written by
    hand, so each counter test says which paths are published.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.publish(PAGES)

    def publish(self, paths: list[str]) -> None:
        manifest = self.root / "_portal" / "pages.json"
        manifest.parent.mkdir(parents=True, exist_ok=True)
        old = manifest.stat().st_mtime if manifest.exists() else 0
        data = {"generated": "2026-11-25T10:00:00+07:00", "paths": paths}
        manifest.write_text(json.dumps(data), encoding="utf-8")
        stamp = max(old + 1, time.time())  # a visible change even on coarse file systems
        os.utime(manifest, (stamp, stamp))


@pytest.fixture
def site_root(tmp_path: Path) -> SiteRoot:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>Trang chủ</title>", encoding="utf-8")
    (root / "404.html").write_text("<!doctype html><title>Không tìm thấy</title>", "utf-8")
    return SiteRoot(root)


# --- databases -------------------------------------------------------------------------------


class PostgresCluster:
    """A throw-away PostgreSQL server in a temporary folder, on a free port."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
        if not found:
            raise RuntimeError("no PostgreSQL server (Debian package postgresql) is installed")
        self.bin = Path(found[-1]).parent
        # Under /tmp itself: the postgres user cannot enter pytest's private temp folders.
        self.base = Path(tempfile.mkdtemp(prefix="wardportal-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as Debian's postgres user
            shutil.chown(self.base, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._count = 0

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.base / "log",
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )

    def new_database(self) -> str:
        """A fresh empty database; returns its postgresql:// URL."""
        import psycopg

        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def _run(self, program: str, *args: object) -> None:
        command = [*self.as_owner, str(self.bin / program), *map(str, args)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")


def _version(path: str) -> float:
    return float(Path(path).parts[-3])


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster | str]:
    """The session's PostgreSQL server, or the reason none could be started."""
    try:
        cluster = PostgresCluster()
        cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired, LookupError) as exc:
        yield f"no PostgreSQL server could be started: {exc}"
        return
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "counter.sqlite3")
    cluster = request.getfixturevalue("postgres_cluster")
    if isinstance(cluster, str):
        unavailable(cluster)
    return cluster.new_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file, for tests that are not about the back end."""
    return str(tmp_path / "counter.sqlite3")


def query(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read the database directly, as a test's own witness of what was stored."""
    if database_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    with sqlite3.connect(database_url) as conn:
        return conn.execute(sql).fetchall()


# --- servers ---------------------------------------------------------------------------------


class ServerThread:
    """A real uvicorn server for `app` on 127.0.0.1, in a thread of the test process."""

    def __init__(self, app: Any, settings: Settings | None = None) -> None:
        # proto=IPPROTO_TCP, or asyncio leaves Nagle on and each keep-alive answer waits 40 ms.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        # As production serves it (wardportal.counter.server): guarded, uvloop, httptools.
        config = uvicorn_config(
            app,
            settings or Settings(),
            lifespan="on",
            log_level="warning",
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.sock.close()
                raise RuntimeError("the counter server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


class CounterServer:
    """The site and counter API served for a test, and a client that talks to it."""

    def __init__(
        self,
        site_root: SiteRoot,
        database_url: str,
        clock: ManualClock,
        storage: Callable[[SqlStorage], Any] | None,
        settings: dict[str, Any],
    ) -> None:
        self.site_root = site_root
        self.database_url = database_url
        self.clock = clock
        self.wrap_storage = storage
        self.alone = settings.pop("alone", False)
        environ = {
            "COUNTER_DATABASE_URL": database_url,
            "COUNTER_SITE_ROOT": str(site_root.root),
            "COUNTER_STATS_TTL": "0",
            "COUNTER_TRUSTED_PROXIES": "127.0.0.1",  # so a test can be any visitor it likes
            **settings,
        }
        self.settings: Settings = load_settings(environ)
        self.thread: ServerThread | None = None
        self.client: httpx.Client | None = None

    @property
    def url(self) -> str:
        assert self.thread is not None
        return f"http://127.0.0.1:{self.thread.port}"

    def start(self) -> CounterServer:
        storage = open_storage(self.database_url)
        if self.wrap_storage is not None:
            storage = self.wrap_storage(storage)
        if self.alone:  # as production runs it, behind nginx
            app = create_app(self.settings, clock=self.clock, storage=storage)
        else:  # as `make serve` runs it, with the site
            app = build_app(self.settings, clock=self.clock, storage=storage)
        self.thread = ServerThread(app, self.settings)
        self.thread.start()
        self.client = httpx.Client(base_url=self.url, timeout=20)
        return self

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.thread is not None:
            self.thread.stop()
        self.thread = self.client = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def hit(
        self,
        path: str = "/",
        *,
        id: str | None = "auto",
        ua: str = BROWSER,
        ip: str | None = None,
        ping: bool = False,
        headers: dict[str, str | None] | None = None,
    ) -> httpx.Response:
        """POST a page view (a new random id unless given) or a heartbeat, as the widget does.

        Sent from this site's page (Origin) unless `headers` says otherwise; None drops one.
        """
        body: dict[str, Any] = {"path": path}
        if ping:
            body["ping"] = True
        elif id is not None:
            body["id"] = uuid.uuid4().hex if id == "auto" else id
        sent = {"User-Agent": ua, "Origin": self.url, **({"X-Forwarded-For": ip} if ip else {})}
        sent.update(headers or {})
        assert self.client is not None
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.client.post("/api/counter/hit", json=body, headers=kept)

    def post(
        self, content: Any, content_type: str | None = "application/json", **headers: str
    ) -> httpx.Response:
        """POST a raw body, for the malformed-request tests."""
        sent = {"User-Agent": BROWSER, "Origin": self.url, **headers}
        if content_type is not None:
            sent["Content-Type"] = content_type
        assert self.client is not None
        return self.client.post("/api/counter/hit", content=content, headers=sent)

    def stats(self, path: str | None = None) -> dict[str, Any]:
        assert self.client is not None
        answer = self.client.get("/api/counter/stats", params={"path": path} if path else None)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def figures(self) -> tuple[int, int, int, int]:
        """(online, today, week, total) now."""
        data = self.stats()
        return data["online"], data["today"], data["week"], data["total"]


@pytest.fixture
def start_counter(
    site_root: SiteRoot, clock: ManualClock, tmp_path: Path
) -> Iterator[Callable[..., CounterServer]]:
    """Start a counter: `start_counter(database_url, storage=wrapper, COUNTER_X="...")`.

    With `alone=True` it serves the API only, as in production; else the site too, as `serve`.
    """
    servers: list[CounterServer] = []

    def start(
        database_url: str, storage: Callable[[SqlStorage], Any] | None = None, **settings: Any
    ) -> CounterServer:
        server = CounterServer(site_root, database_url, clock, storage, settings)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def counter(start_counter: Callable[..., CounterServer], database_url: str) -> CounterServer:
    """A counter on each back end, with default settings (stats uncached)."""
    return start_counter(database_url)


# --- subprocesses ----------------------------------------------------------------------------


class ServeProcess(ServerProcess):
    """`python -m wardportal.serve` in its own process, so a test can kill -9 it.

    With `alone=True`, the counter alone as production runs it (`wardportal.counter.server`);
    `prefix` runs it under another program (setpriv, to drop root's powers).
    """

    def __init__(
        self,
        root: Path,
        database_url: str,
        *,
        alone: bool = False,
        prefix: Sequence[str] = (),
        **settings: str,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), **settings}
        if alone:
            env.update(COUNTER_SITE_ROOT=str(root), COUNTER_DATABASE_URL=database_url)
            command = [sys.executable, "-m", "wardportal.counter.server", "--port", str(self.port)]
        else:
            command = serve_command(root, self.port, database_url)
        super().__init__([*prefix, *command], self.url + "/api/counter/stats", cwd=ROOT, env=env)
