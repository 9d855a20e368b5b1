"""The one place access is checked: every route names the permission it needs.

A route wrapped by `guarded("approve", …)` runs only for a live session whose role grants
"approve"; a POST also needs a form within the size limit, a same-origin Origin/Referer (when
sent) and the session's CSRF token. Hiding a button is never the check.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from wardportal.uploads import MAX_BYTES

from .forms import Refused, read_form
from .rendering import base, error_page
from .roles import allows
from .sessions import Session

log = logging.getLogger("wardportal.newsroom")

SESSION_COOKIE = "quan_tri_phien"
CSRF_FIELD = "csrf_token"

BROKEN = (
    "Có lỗi bên trong hệ thống nên việc vừa rồi không làm xong. Hãy quay lại, thử lần nữa;"
    " nếu vẫn lỗi, hãy báo quản trị viên."
)
FORBIDDEN = "Tài khoản của bạn không có quyền làm việc này."
BAD_TOKEN = (
    "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ). Hãy tải lại trang rồi làm lại."
)


@dataclass(frozen=True)
class Visit:
    """What a guarded handler gets: the session, the posted form (POST only), the address."""

    request: Request
    session: Session
    form: FormData | None
    address: str

    @property
    def posted(self) -> FormData:
        """The posted form: the guard reads it for every POST, so a POST handler has it."""
        if self.form is None:
            raise RuntimeError("a form was expected: this handler answers POST only")
        return self.form


def posted(visit: Visit) -> FormData:
    """The form of a POST (the guard has read and checked it); a request without one is refused."""
    if visit.form is None:
        raise Refused(400, "Yêu cầu không có dữ liệu biểu mẫu.")
    return visit.form


Handler = Callable[[Visit], Awaitable[Response]]


def same_origin(request: Request) -> bool:
    """False when Origin (or else Referer) names another host than the one asked."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return True
    host = request.headers.get("host", "").lower()
    return bool(host) and urlsplit(source).netloc.lower() == host


def tokens_match(expected: str, given: object) -> bool:
    """Constant-time comparison of a CSRF token with what the form sent."""
    return isinstance(given, str) and hmac.compare_digest(expected.encode(), given.encode())


Endpoint = Callable[[Request], Awaitable[Response]]


def guarded(
    newsroom, permission: str, handler: Handler, *, photo: bool = False, upload: int = 0
) -> Endpoint:
    """The endpoint for `handler`: checks session, permission and (POST) form and token.

    `photo` lets the form carry one file part and the body be a photo's size larger
    (`upload`: that many bytes larger, for another kind of file); the limits are still
    checked before the body is parsed.
    """
    upload = MAX_BYTES if photo else upload
    max_body = newsroom.settings.max_body + upload

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        session = newsroom.sessions.find(request.cookies.get(SESSION_COOKIE))
        address = newsroom.client_address(request)
        if session is None:
            if request.method == "GET":
                return RedirectResponse(f"{base(request)}/", 303)
            newsroom.audit.record("", "csrf_refused", request.url.path, "no session", address)
            return error_page(request, 403, BAD_TOKEN)
        request.scope["newsroom_session"] = session
        if not allows(session.account.role, permission):
            newsroom.audit.record(
                session.account.name, "forbidden", request.url.path, permission, address
            )
            return error_page(request, 403, FORBIDDEN)
        form = None
        try:
            if request.method == "POST":
                form = await read_form(
                    request, max_body, 1 if upload else 0, newsroom.settings.max_body
                )
                if not same_origin(request) or not tokens_match(
                    session.csrf_token, form.get(CSRF_FIELD)
                ):
                    newsroom.audit.record(
                        session.account.name, "csrf_refused", request.url.path, "", address
                    )
                    return error_page(request, 403, BAD_TOKEN)
            return await handler(Visit(request, session, form, address))
        except Refused as refusal:
            return error_page(request, refusal.status, refusal.message)
        except Exception:
            log.exception("newsroom: %s %s failed", request.method, request.url.path)
            return error_page(request, 500, BROKEN)

    return endpoint
