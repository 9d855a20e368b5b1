"""Clients that open connections and send nothing, or almost nothing, cannot hold the server."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable

import pytest

from .conftest import BROWSER, CounterServer

TIMEOUT = "1"


def held_open(connections: list[socket.socket], within: float) -> int:
    """How many of the connections the server has not closed after `within` seconds."""
    deadline = time.monotonic() + within
    open_ones = list(connections)
    while open_ones and time.monotonic() < deadline:
        for sock in list(open_ones):
            sock.settimeout(0.05)
            try:
                if sock.recv(4096) == b"":
                    open_ones.remove(sock)
            except TimeoutError:
                pass
            except OSError:
                open_ones.remove(sock)
    return len(open_ones)


def head(counter: CounterServer, extra: str = "") -> bytes:
    return (
        f"POST /api/counter/hit HTTP/1.1\r\nHost: 127.0.0.1:{counter.thread.port}\r\n"
        f"Origin: {counter.url}\r\nUser-Agent: {BROWSER}\r\n{extra}"
    ).encode()


@pytest.fixture
def guarded(start_counter: Callable[..., CounterServer], sqlite_url: str) -> CounterServer:
    return start_counter(sqlite_url, alone=True, COUNTER_REQUEST_TIMEOUT=TIMEOUT)


def test_slow_clients_are_disconnected_after_the_request_timeout(guarded: CounterServer) -> None:
    port = guarded.thread.port
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
    for number, sock in enumerate(sockets):
        kind = number % 4
        if kind == 1:  # half the headers
            sock.sendall(head(guarded)[:40])
        elif kind == 2:  # all the headers, half the body
            sock.sendall(
                head(guarded, "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n")
            )
            sock.sendall(b'{"path": "/"')
        elif kind == 3:  # headers one byte at a time, each soon after the last
            sock.sendall(head(guarded)[:1])
        # kind 0: connects and sends nothing at all
    trickling = sockets[3::4]
    for index in range(1, 8):  # a byte every 0.2 s: each one would reset uvicorn's own timer
        time.sleep(0.2)
        for sock in trickling:
            with contextlib.suppress(OSError):  # closed by the server already: as wanted
                sock.sendall(head(guarded)[index : index + 1])
    assert held_open(sockets, within=5) == 0
    assert guarded.hit().status_code == 200, "the server still answers others"


def test_an_answered_connection_must_send_its_next_request_in_time(guarded: CounterServer) -> None:
    sock = socket.create_connection(("127.0.0.1", guarded.thread.port))
    body = b'{"path": "/"}'
    sock.sendall(
        head(guarded, f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        + body
    )
    sock.settimeout(5)
    assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    assert held_open([sock], within=3) == 0  # uvicorn alone waits COUNTER_KEEP_ALIVE (5 s)


def test_a_chunked_body_announcing_2_64_bytes_is_refused_at_once(guarded: CounterServer) -> None:
    sock = socket.create_connection(("127.0.0.1", guarded.thread.port))
    sock.sendall(
        head(guarded, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        + b"10000000000000000\r\n"
        + b"a" * 4096
    )
    sock.settimeout(0.9)  # before the request timeout: refused for its size, not its slowness
    answer = sock.recv(4096)
    assert answer.startswith((b"HTTP/1.1 413", b"HTTP/1.1 400")), answer[:40]
