"""Reading a posted form: only form content types, a size limit, no file parts unless asked.

A route that takes a photo raises the limit for its own request (`BODY_LIMIT` in the scope,
set before the body is read), so every other form keeps the small limit.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Scope key a route sets to read a larger body than NEWSROOM_MAX_BODY_KB (a photo upload).
BODY_LIMIT = "newsroom_body_limit"

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class Refused(Exception):
    """A request answered with an error page: its status and a Vietnamese sentence."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BodyTooLarge(Exception):
    """Raised from `receive` once a request body passes the limit."""


class BodyLimit:
    """Stops reading a request body past `max_body` bytes, whatever Content-Length said."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > scope.get(BODY_LIMIT, self.max_body):
                raise BodyTooLarge
            return message

        await self.app(scope, limited_receive, send)


def _too_large(limit: int) -> Refused:
    return Refused(413, f"Nội dung gửi lên quá lớn (tối đa {limit // 1024} KB).")


async def read_form(
    request: Request, max_body: int, files: int = 0, max_field: int | None = None
) -> FormData:
    """The form of a POST, refused with 415 (other type), 413 (too big) or 400 (malformed).

    `files` is how many file parts the route accepts (the article's photo); `max_body` is
    checked on the declared length before anything is parsed, and again while reading;
    `max_field` bounds each text field (default: `max_body`).
    """
    request.scope[BODY_LIMIT] = max_body
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    declared = request.headers.get("content-length")
    if not media_type and declared in (None, "0"):
        return FormData()  # an empty POST: refused later for its missing token
    if media_type not in FORM_TYPES:
        raise Refused(415, "Yêu cầu không đúng dạng biểu mẫu.")
    if declared is not None and (not declared.isdigit() or int(declared) > max_body):
        raise _too_large(max_body)
    try:
        return await request.form(
            max_files=files, max_fields=100, max_part_size=max_field or max_body
        )
    except BodyTooLarge:
        raise _too_large(max_body) from None
    except HTTPException:  # Starlette's answer to a malformed multipart body
        raise Refused(400, "Biểu mẫu gửi lên không đọc được.") from None
