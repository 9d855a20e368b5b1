"""Logging in and out. The login form has its own CSRF token (a cookie and a hidden field),
since there is no session yet to tie it to; a successful login always starts a new session.
"""

from __future__ import annotations

import secrets
from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .accounts import LoginRefused
from .forms import Refused, read_form
from .guard import BAD_TOKEN, CSRF_FIELD, SESSION_COOKIE, Visit, same_origin, tokens_match
from .rendering import PREFIX, base, error_page, render
from .states import State

LOGIN_COOKIE = "quan_tri_dang_nhap"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _locked_message(minutes: int) -> str:
    return (
        f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút,"
        " hoặc nhờ quản trị viên mở khoá."
    )


def _home(request: Request) -> str:
    return f"{base(request)}/"


class LoginViews:
    """The login page (also the newsroom's front door), login and logout."""

    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom
        settings = newsroom.settings
        self._cookie = {
            "path": f"{PREFIX}/",
            "httponly": True,
            "samesite": "strict",
            "secure": settings.secure_cookies,
        }

    def login_form(self, request: Request, error: str = "", status: int = 200) -> Response:
        """The form, with a fresh login token in a cookie and in a hidden field."""
        token = secrets.token_urlsafe(32)
        page = render(request, "login.html", {"login_token": token, "error": error}, status)
        page.set_cookie(LOGIN_COOKIE, token, **self._cookie)
        return page

    async def front(self, request: Request) -> Response:
        """/quan-tri/: the desk when logged in, else the login form."""
        session = self.newsroom.sessions.find(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return self.login_form(request)
        request.scope["newsroom_session"] = session
        articles = await run_in_threadpool(self.newsroom.articles.all)
        counts = Counter(article.state for article in articles)
        return render(request, "desk.html", {"counts": counts, "states": list(State)})

    async def login(self, request: Request) -> Response:
        """Check the login token and the password; on success a new session and cookie."""
        try:
            if not same_origin(request):
                raise Refused(403, BAD_TOKEN)
            form = await read_form(request, self.newsroom.settings.max_body)
        except Refused as refusal:
            return error_page(request, refusal.status, refusal.message)
        expected = request.cookies.get(LOGIN_COOKIE)
        if not expected or not tokens_match(expected, form.get(CSRF_FIELD)):
            return error_page(request, 403, BAD_TOKEN)
        name, password = form.get("name"), form.get("password")
        if not isinstance(name, str) or not isinstance(password, str) or not name or not password:
            return self.login_form(request, WRONG, 401)
        address = self.newsroom.client_address(request)
        try:
            account = await run_in_threadpool(
                self.newsroom.accounts.authenticate, name, password, address
            )
        except LoginRefused as refusal:
            if refusal.locked:
                minutes = self.newsroom.settings.lockout_minutes
                return self.login_form(request, _locked_message(minutes), 429)
            return self.login_form(request, WRONG, 401)
        # Whatever session the browser had is ended: the new one has a new, unguessable id.
        self.newsroom.sessions.end(request.cookies.get(SESSION_COOKIE))
        token = self.newsroom.sessions.create(account)
        answer = RedirectResponse(_home(request), 303)
        # No Max-Age: the cookie goes when the browser closes (an office PC is shared); the
        # server ends the session anyway after NEWSROOM_IDLE_MINUTES or NEWSROOM_SESSION_HOURS.
        answer.set_cookie(SESSION_COOKIE, token, **self._cookie)
        answer.delete_cookie(LOGIN_COOKIE, **self._cookie)
        return answer

    async def logout(self, visit: Visit) -> Response:
        """End the session in the database (the cookie is then worthless) and forget it."""
        self.newsroom.sessions.end(visit.request.cookies.get(SESSION_COOKIE))
        self.newsroom.audit.record(
            visit.session.account.name, "logout", visit.session.account.name, "", visit.address
        )
        answer = RedirectResponse(_home(visit.request), 303)
        answer.delete_cookie(SESSION_COOKIE, **self._cookie)
        return answer
