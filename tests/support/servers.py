"""Servers for tests and tools: a free port, and a server process polled until it answers.

Every server a test starts runs on 127.0.0.1 on a port the system just gave out (other
helpers serve their own builds on this machine at the same time), and is waited for by
asking it over HTTP, never by sleeping a fixed time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import httpx

HOST = "127.0.0.1"
PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    """Until `condition()` holds (asked every 10 ms); fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.01)


class ServerDidNotStart(RuntimeError):
    """The server process ended, or did not answer in time; the message carries its output."""


class ServerProcess:
    """A server program in its own process, started and polled until `probe_url` answers.

    Its stdout and stderr go through a pipe that a thread drains (a pipe nobody reads can fill
    and stall it; a file would meet the limits a test sets on the server's file sizes);
    `output()` gives them back, and a server that does not start is reported with them.
    """

    def __init__(
        self,
        command: list[str],
        probe_url: str,
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> None:
        self.command = command
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._printed = bytearray()
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        try:
            self.first_answer = self._wait(probe_url, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait(self, url: str, timeout: float) -> httpx.Response:
        """The first HTTP answer of any status: the server is listening and serving."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return httpx.get(url, timeout=2)
            except httpx.TransportError:
                if self.process.poll() is not None:
                    raise ServerDidNotStart(f"{self.command} ended:\n{self.output()}") from None
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"{self.command} did not answer in {timeout:.0f} s:\n{self.output()}"
                    ) from None
                time.sleep(0.05)  # the next poll, until the deadline

    def _read_output(self) -> None:
        """Drain the pipe as the server writes, so it never stalls on a full one."""
        assert self.process.stdout is not None
        for chunk in iter(lambda: self.process.stdout.read1(65536), b""):  # type: ignore[union-attr]
            self._printed += chunk

    def output(self) -> str:
        """What the server printed so far (stdout and stderr); all of it once it has ended."""
        if self.process.poll() is not None:
            self._reader.join(timeout=10)
        return bytes(self._printed).decode(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, as a crash or the OOM killer would end it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM, a graceful shutdown (SIGKILL after 15 s); returns the exit status."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def close(self) -> None:
        """Stop the server (if it still runs)."""
        self.stop()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def serve_command(root: Path, port: int, database: str | Path | None = None) -> list[str]:
    """`python -m wardportal.serve`: the built site, the counter API and the production CSP."""
    command = [sys.executable, "-m", "wardportal.serve", "--root", str(root)]
    command += ["--host", HOST, "--port", str(port)]
    return command + (["--database", str(database)] if database is not None else [])


@contextmanager
def preview_server(
    root: Path,
    *,
    port: int | None = None,
    database: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path = PROJECT,
) -> Iterator[str]:
    """The preview server over `root`; yields its base URL (no trailing slash).

    Without `database` (and no COUNTER_DATABASE_URL in `env`) the counter writes to a
    SQLite file beside `root`, never to the project's var/.
    """
    port = port or free_port()
    environment = {**os.environ, **(env or {})}
    if database is None and "COUNTER_DATABASE_URL" not in environment:
        database = root.parent / f"counter-{port}.sqlite3"
    base = f"http://{HOST}:{port}"
    with ServerProcess(serve_command(root, port, database), base + "/", cwd=cwd, env=environment):
        yield base
