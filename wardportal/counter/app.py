"""The HTTP API: POST /api/counter/hit and GET /api/counter/stats.

Every refusal has its own status and a JSON reason, and no request gets a 500: whatever goes
wrong inside is a 503 ("try later"), which the widget shows as "—".
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from .bots import is_bot
from .clock import Clock, system_clock
from .committer import GroupCommitter, Overloaded
from .config import Settings, load_settings
from .database import DatabaseThread
from .manifest import Manifest, normalize_path
from .ratelimit import RateLimiter
from .rules import local_day
from .stats import StatsCache
from .storage import Hit, SqlStorage, StorageError, open_storage
from .visitors import SaltBook, client_ip_resolver, visitor_key

log = logging.getLogger("wardportal.counter")

MAX_BODY = 2048
BODY_TYPES = frozenset({"application/json", "text/plain"})  # text/plain: navigator.sendBeacon
VIEW_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")

HIT_PATH = "/api/counter/hit"
_HIT_HEADERS = frozenset(
    {b"content-type", b"content-length", b"origin", b"referer", b"host", b"user-agent"}
    | {b"x-forwarded-for"}
)
_HIT_HEAD = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
_RETRY = {"Retry-After": "5"}

Endpoint = Callable[[Request], Awaitable[Response]]
Figures = dict[str, Any]


class Refusal(Exception):
    """A request the API answers with an error status and a reason."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.headers = headers


# One encoder for every answer: json.dumps with options builds a new one each call, which
# showed as the largest single cost of a hit.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(
    data: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
    cache: str = "no-store",
) -> Response:
    body = _ENCODER.encode(data).encode()
    return Response(body, status, {"Cache-Control": cache, **(headers or {})}, "application/json")


class CounterService:
    """The counter's parts, shared by the endpoints and started and stopped with the app."""

    def __init__(self, settings: Settings, clock: Clock, storage: SqlStorage) -> None:
        self.settings = settings
        self.clock = clock
        self.db = DatabaseThread(storage, settings.commit_timeout)
        self.manifest = Manifest(settings.manifest_path)
        self.salts = SaltBook(self._load_salt)
        self.limiter = RateLimiter(
            settings.rate_limit,
            clock,
            address_per_minute=settings.address_rate_limit,
            new_visitors_per_minute=settings.new_visitors_per_address,
        )
        self._client_ip = client_ip_resolver(settings.trusted_proxies)
        self.stats = StatsCache(self.db, clock, settings.stats_ttl, settings.initial_total)
        self.committer = GroupCommitter(
            self.db,
            clock,
            queue_size=settings.queue_size,
            batch_max=settings.batch_max,
            delay=settings.commit_delay_ms / 1000,
        )

    async def start(self) -> None:
        """Create or upgrade the schema, then start taking hits."""
        version = await self.db.call(self.db.storage.migrate)
        self.committer.start()
        pages = len(self.manifest)
        log.info("counter: schema v%d, %d published pages counted", version, pages)
        if not pages:
            log.warning(
                "counter: no pages listed in %s: nothing is counted until the site is built",
                self.settings.manifest_path,
            )

    async def stop(self) -> None:
        """Commit what is queued, then close the database."""
        await self.committer.stop()
        await self.db.close()

    async def _load_salt(self, day: str) -> bytes:
        return await self.db.call(self.db.storage.salt, day, self.clock())

    # --- endpoints -------------------------------------------------------------------------

    async def hit(self, scope: Scope, receive: Receive, send: Send) -> None:
        """POST /hit as a plain ASGI app: the hottest path, so no Request or Response objects.

        Every check of the Starlette endpoints applies (type, size, Origin/Referer, path, rate);
        the answer, the figures, is sent once the hit is committed.
        """
        headers = _hit_headers(scope["headers"])
        try:
            status, data, extra = 200, await self._count(scope, headers, receive), None
        except ClientDisconnect:  # gone before its body arrived: nobody to answer, nothing to log
            return
        except Exception as exc:
            status, data, extra = _failure(exc, scope["path"])
        body = _ENCODER.encode(data).encode()
        head = [*_HIT_HEAD, (b"content-length", str(len(body)).encode())]
        if extra:
            head += [(name.lower().encode(), value.encode()) for name, value in extra.items()]
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": body})

    async def _count(self, scope: Scope, headers: dict[bytes, str], receive: Receive) -> Figures:
        """Record a page view or heartbeat; the figures once it is committed."""
        self._check_origin(headers)
        path, view_id, ping = _parse_hit(await _read_body(headers, receive))
        self._check_published(path)
        user_agent = headers.get(b"user-agent", "")
        if is_bot(user_agent):
            return await self._figures(path)
        now = self.clock()
        client = scope.get("client")
        ip = self._client_ip(client[0] if client else None, headers.get(b"x-forwarded-for"))
        visitor = visitor_key(await self.salts.salt(local_day(now)), ip, user_agent)
        if not self.limiter.allow(visitor, ip):
            retry = str(math.ceil(60 / self.settings.rate_limit))
            raise Refusal(429, "too many hits from this visitor or address", {"Retry-After": retry})
        views = await self.committer.submit(Hit(path, visitor, now, view_id, ping))
        self.stats.remember(path, views)
        return await self._figures(path, views)

    async def stats_endpoint(self, request: Request) -> Response:
        """The figures, from the cache; with ?path=, that page's views too."""
        path = request.query_params.get("path")
        if path is not None:
            path = normalize_path(path)
            if path is None:
                raise Refusal(400, "path must be a URL path starting with /")
            self._check_published(path)
        figures = await self._figures(path)
        return _json(figures, cache=f"public, max-age={int(self.settings.stats_ttl)}")

    # --- checks and answers ----------------------------------------------------------------

    def _check_origin(self, headers: dict[bytes, str]) -> None:
        """Accept hits only from this site's pages (Origin, else Referer).

        A browser always sends one of them with the widget's fetch or sendBeacon POST; a hit
        with neither comes from a script, not from a page, and is refused.
        """
        source = headers.get(b"origin") or headers.get(b"referer")
        if source is None:
            raise Refusal(403, "hits are accepted only from this site's pages (no Origin)")
        parts = urlsplit(source)
        host = headers.get(b"host", "").lower()
        if parts.netloc and parts.netloc.lower() == host:
            return
        if f"{parts.scheme}://{parts.netloc}".lower() in self.settings.allowed_origins:
            return
        raise Refusal(403, "hits are accepted only from this site's pages")

    def _check_published(self, path: str) -> None:
        if path not in self.manifest:
            raise Refusal(404, "this path is not a published page")

    async def _figures(self, path: str | None, views: int | None = None) -> Figures:
        totals = await self.stats.totals()
        if views is None and path is not None:
            views = await self.stats.page(path)
        return {
            "online": totals.online,
            "today": totals.today,
            "week": totals.week,
            "total": totals.total,
            "page": views,
        }


def _hit_headers(raw: list[tuple[bytes, bytes]]) -> dict[bytes, str]:
    """The request headers a hit needs (the first of each, as Starlette's Headers.get)."""
    found: dict[bytes, str] = {}
    for name, value in raw:
        if name in _HIT_HEADERS and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def _read_body(headers: dict[bytes, str], receive: Receive) -> bytes:
    """The body, refused if of another type (415) or over MAX_BODY bytes (413)."""
    media_type = headers.get(b"content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in BODY_TYPES:
        raise Refusal(415, "send JSON (application/json or text/plain)")
    declared = headers.get(b"content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Refusal(
            413 if declared.isdigit() else 400, f"the body must be under {MAX_BODY} bytes"
        )
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_BODY:
            raise Refusal(413, f"the body must be under {MAX_BODY} bytes")
    return bytes(body)


def _parse_hit(body: bytes) -> tuple[str, str | None, bool]:
    """(path, page-view id, is heartbeat) from the JSON body, or a 400 saying what is wrong."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[[…
        raise Refusal(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refusal(400, 'expected a JSON object like {"path": "/", "id": "..."}')
    raw_path, view_id, ping = data.get("path"), data.get("id"), data.get("ping", False)
    path = normalize_path(raw_path) if isinstance(raw_path, str) else None
    if path is None:
        raise Refusal(400, "path must be a URL path starting with /")
    if not isinstance(ping, bool):
        raise Refusal(400, "ping must be true or false")
    if view_id is not None and not (isinstance(view_id, str) and VIEW_ID.fullmatch(view_id)):
        raise Refusal(400, "id must be 8 to 64 letters, digits, - or _")
    return path, None if ping else view_id, ping


def _failure(exc: Exception, where: str) -> tuple[int, dict[str, Any], dict[str, str] | None]:
    """(status, body, headers) answering a failure: a refusal's status, anything else a 503.

    A bug must not show as a 500 (nor drop the connection): it is logged and answered like an
    outage, which the widget shows as "—".
    """
    if isinstance(exc, Refusal):
        return exc.status, {"error": str(exc)}, exc.headers
    if isinstance(exc, (Overloaded, StorageError)):
        log.warning("counter: answered 503: %s", exc)
    else:
        log.error("counter: unexpected error on %s", where, exc_info=exc)
    return 503, {"error": "the counter is busy or unavailable; try again later"}, _RETRY


def _answering(endpoint: Endpoint) -> Endpoint:
    """Turn every failure of `endpoint` into its answer (_failure)."""

    @functools.wraps(endpoint)
    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception as exc:
            status, data, headers = _failure(exc, request.url.path)
            return _json(data, status, headers)

    return answer


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    storage: SqlStorage | None = None,
    fallback: ASGIApp | None = None,
) -> ASGIApp:
    """The counter API under /api/counter/, and `fallback` (e.g. the static site) for the rest.

    `clock` and `storage` are for tests: a clock they can move past midnight, a storage they
    can slow down or break. A bare Router, not a Starlette app: every failure of an endpoint
    is already an answer (_failure), so Starlette's two error middlewares would only add
    their cost; and POST /hit goes to its endpoint before any routing.
    """
    settings = settings or load_settings()
    service = CounterService(settings, clock, storage or open_storage(settings.database_url))

    @contextlib.asynccontextmanager
    async def lifespan(app: ASGIApp) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    api = [
        Route("/hit", service.hit, methods=["POST"]),  # reached here only by other methods: 405
        Route("/stats", _answering(service.stats_endpoint), methods=["GET"]),
    ]
    # A mount of its own, so /api/counter/* never falls through to the site (405, not 404).
    routes: list[BaseRoute] = [Mount("/api/counter", routes=api)]
    if fallback is not None:
        # The site answers refusals as HTTPException (StaticFiles: 405 for a POST).
        routes.append(Mount("/", app=ExceptionMiddleware(fallback)))
    router = Router(routes=routes, lifespan=lifespan)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        # Hits go straight to their endpoint: the routing below costs each a tenth of its time.
        if scope["type"] == "http" and scope["path"] == HIT_PATH and scope["method"] == "POST":
            await service.hit(scope, receive, send)
        else:
            await router(scope, receive, send)

    return app


def settle_memory() -> None:
    """Keep the objects made at start out of the garbage collector's full passes.

    A full collection walks every object of the framework and stalls every waiting answer at
    once, which shows as the slowest hits (p99). What exists at start lives as long as the
    process: entry points call this once, just before serving.
    """
    gc.collect()
    gc.freeze()


def log_to_stderr() -> None:
    """Show the counter's messages (a missing manifest, a failing database) beside uvicorn's."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")


def app_from_env(settings: Settings | None = None) -> ASGIApp:
    """The counter alone, configured from the environment (wardportal.counter.server)."""
    log_to_stderr()
    app = create_app(settings or load_settings())
    settle_memory()
    return app
