"""The preview answers old addresses as nginx does in production: 301 to where a page went,
410 for a page removed on purpose, both read from the maps the build writes (permalinks)."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.responses import FileResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from wardportal.permalinks import GONE_MAP, GONE_PAGE, REDIRECT_MAP

_LINE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s+"((?:[^"\\]|\\.)*)";$')


def read_map(path: Path) -> dict[str, str]:
    """An nginx map body as written by permalinks.nginx_map: {"key": "value"}."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            key, value = (re.sub(r"\\(.)", r"\1", part) for part in match.groups())
            found[key] = value
    return found


class OldAddresses:
    """Wraps the static site; the maps are read again whenever a build replaced them."""

    def __init__(self, app: ASGIApp, root: Path) -> None:
        self.app = app
        self.root = root
        self._seen: dict[str, tuple[float, dict[str, str]]] = {}

    def _map(self, name: str) -> dict[str, str]:
        path = self.root / name
        try:
            stamp = path.stat().st_mtime
        except OSError:
            return {}
        cached = self._seen.get(name)
        if cached is None or cached[0] != stamp:
            cached = self._seen[name] = (stamp, read_map(path))
        return cached[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            moved = self._map(REDIRECT_MAP).get(path)
            if moved is not None:
                await RedirectResponse(moved, 301)(scope, receive, send)
                return
            if path in self._map(GONE_MAP) and (self.root / GONE_PAGE).is_file():
                await FileResponse(self.root / GONE_PAGE, 410)(scope, receive, send)
                return
        await self.app(scope, receive, send)
