"""Serving the counter with uvicorn, closed to clients that hold a connection and send nothing.

uvicorn times out an idle keep-alive connection only after a response, and any byte resets
that timer: a client that connects and sends nothing, sends half its headers, or a body one
byte at a time held a connection (and memory) for ever. Here every request must arrive whole
within `COUNTER_REQUEST_TIMEOUT` seconds of the connection opening or of the previous answer;
otherwise the connection is closed. The number of connections is bounded too
(`COUNTER_MAX_CONNECTIONS`: beyond it uvicorn answers 503 at once).

    python -m wardportal.counter.server --host 127.0.0.1 --port 8081

is how systemd runs the counter alone (deploy/wardportal-counter.service), settings from the
environment; `python -m wardportal.serve` uses the same configuration for the preview.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import uvicorn

from .app import app_from_env
from .config import ConfigError, Settings, load_settings


def _fastest_protocol() -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol where httptools is installed (uvicorn[standard]), else h11."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return HttpToolsProtocol
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol


def guarded_protocol(timeout: float, base: type[asyncio.Protocol] | None = None) -> type:
    """`base` (uvicorn's HTTP protocol) with a deadline for every request to arrive whole."""
    parent: Any = base or _fastest_protocol()

    class RequestDeadline(parent):  # type: ignore[misc]  # uvicorn's class, chosen at run time
        # One timer per connection, not one per request: arming only moves `_due` forward,
        # and the timer, when it fires early, sleeps again until the due time.
        _timer: asyncio.TimerHandle | None = None
        _due = 0.0
        _waiting_since: Any = None

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            super().connection_lost(exc)

        def _arm(self) -> None:
            """The next request (headers and body) must be in within `timeout` seconds."""
            self._due = self.loop.time() + timeout
            self._waiting_since = self.cycle
            if self._timer is None:
                self._timer = self.loop.call_at(self._due, self._expire)

        def _expire(self) -> None:
            self._timer = None
            if self.transport.is_closing():
                return
            if self.loop.time() < self._due:  # armed again since: wait for the new due time
                self._timer = self.loop.call_at(self._due, self._expire)
                return
            # No new request since arming, or one whose body is still coming: too slow.
            if self.cycle is self._waiting_since or self.cycle.more_body:
                self.transport.close()

    RequestDeadline.__name__ = RequestDeadline.__qualname__ = f"Guarded{parent.__name__}"
    return RequestDeadline


def uvicorn_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for the counter or the preview: fast loop, bounded clients."""
    options.setdefault("proxy_headers", False)  # the counter reads X-Forwarded-For itself
    options.setdefault("server_header", False)
    return uvicorn.Config(
        app,
        http=guarded_protocol(settings.request_timeout),
        loop="auto",  # uvloop where installed
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=settings.keep_alive,
        **options,
    )


def main(argv: list[str] | None = None) -> int:
    """Serve the counter API alone, configured from the environment, until stopped."""
    parser = argparse.ArgumentParser(prog="python -m wardportal.counter.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"counter: {exc}", file=sys.stderr)
        return 2
    config = uvicorn_config(
        app_from_env(settings), settings, host=args.host, port=args.port, access_log=False
    )
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
