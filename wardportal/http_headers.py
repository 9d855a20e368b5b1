"""An ASGI wrapper that puts a fixed set of headers on every HTTP answer of an app."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class WithHeaders:
    """Adds `headers` to every answer: over the app's own with `replace`, else only missing ones.

    The preview site lets a page keep what it set; the newsroom imposes its stricter policy.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str], *, replace: bool) -> None:
        self.app = app
        self.headers = dict(headers)
        self.replace = replace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if self.replace:
                        headers[name] = value
                    else:
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
