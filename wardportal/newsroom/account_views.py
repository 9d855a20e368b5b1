"""The admin's pages: the accounts (with lockouts to lift) and the audit log."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from .accounts import AccountError
from .forms import Refused
from .guard import Visit
from .rendering import base, render


class AccountViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    async def accounts(self, visit: Visit) -> Response:
        """Every account, its role, whether it is disabled or locked out."""
        accounts = self.newsroom.accounts
        return render(
            visit.request,
            "accounts.html",
            {"accounts": accounts.all(), "locked": accounts.locked_names()},
        )

    async def unlock(self, visit: Visit) -> Response:
        """Lift one account's lockout (the name comes from the form, checked against the table)."""
        name = visit.form.get("name") if visit.form else None
        if not isinstance(name, str):
            raise Refused(400, "Thiếu tên tài khoản.")
        try:
            account = self.newsroom.accounts.get(name)
        except AccountError as exc:
            raise Refused(404, str(exc)) from None
        self.newsroom.accounts.unlock(account.name, visit.session.account.name, visit.address)
        return RedirectResponse(f"{base(visit.request)}/tai-khoan/", 303)

    async def audit(self, visit: Visit) -> Response:
        """The latest audit entries, newest first."""
        return render(visit.request, "audit.html", {"entries": self.newsroom.audit.recent()})
