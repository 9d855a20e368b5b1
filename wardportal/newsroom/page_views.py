"""The static pages ("Trang tĩnh"): list, edit with the stale-version rule, history, restore."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from wardportal.article_file import one_line
from wardportal.vntext import nfc

from .articles import StaleVersion
from .build_views import build_box
from .forms import Refused
from .guard import Visit
from .rendering import base, render
from .roles import allows
from .static_pages import Page

STALE = (
    "Trang này vừa được người khác sửa sau khi bạn mở nó, nên bản của bạn chưa được lưu."
    " Bản của bạn vẫn nằm trong ô dưới đây; bản đang lưu hiện ở bên dưới. Hãy gộp hai bản"
    " rồi bấm lưu lại."
)


def _field(visit: Visit, name: str) -> str:
    value = visit.form.get(name, "") if visit.form else visit.request.query_params.get(name, "")
    return nfc(value) if isinstance(value, str) else ""


def _values_of(page: Page) -> dict[str, str]:
    return {
        "tieu_de": page.title,
        "tom_tat": page.fields.get("Summary", ""),
        "noi_dung": page.body,
        "phien_ban": page.version,
    }


class PageViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    @property
    def pages(self):
        return self.newsroom.pages

    def _form(self, visit: Visit, page: Page, values: dict, status: int = 200, **extra):
        context = {
            "page": page,
            "values": values,
            "address": self.pages.address(page),
            "can_save": allows(visit.session.account.role, "publish"),
            **build_box(self.newsroom),
            "saved": visit.request.query_params.get("da-luu") == "1",
            **extra,
        }
        return render(visit.request, "page_form.html", context, status)

    async def list(self, visit: Visit) -> Response:
        pages = await run_in_threadpool(self.pages.all)
        items = [(page, self.pages.address(page)) for page in pages]
        return render(visit.request, "pages.html", {"items": items})

    async def edit(self, visit: Visit) -> Response:
        page = self.pages.get(visit.request.query_params.get("trang"))
        return self._form(visit, page, _values_of(page))

    async def save(self, visit: Visit) -> Response:
        """Save the page unless someone saved it since this form was loaded (409, both texts
        shown); the change goes live with a build."""
        page = self.pages.get(_field(visit, "trang"))
        title = one_line(_field(visit, "tieu_de"))
        if not title:
            raise Refused(400, "Trang cần có tiêu đề.")
        summary = one_line(_field(visit, "tom_tat"))
        body = _field(visit, "noi_dung").replace("\r\n", "\n")
        account = visit.session.account.name
        try:
            saved = await run_in_threadpool(
                self.pages.save, page.key, title, summary, body, _field(visit, "phien_ban"), account
            )
        except StaleVersion as stale:
            values = {"tieu_de": title, "tom_tat": summary, "noi_dung": body}
            values["phien_ban"] = stale.current.version
            self._record(visit, "page_refused_stale", page)
            return self._form(visit, stale.current, values, 409, error=STALE, current=stale.current)
        self._record(visit, "page_save", saved)
        self._publish(visit, saved)
        return self._to_page(visit, saved)

    async def history(self, visit: Visit) -> Response:
        page = self.pages.get(visit.request.query_params.get("trang"))
        versions = await run_in_threadpool(self.pages.history.versions, page.path)
        wanted = visit.request.query_params.get("ban")
        changes = ""
        if wanted:
            if wanted not in {version.commit for version in versions}:
                raise Refused(404, "Không có phiên bản này.")
            changes = await run_in_threadpool(self.pages.history.changes, wanted, page.path)
        context = {"page": page, "versions": versions, "changes": changes, "wanted": wanted}
        return render(visit.request, "page_history.html", context)

    async def restore(self, visit: Visit) -> Response:
        page = self.pages.get(_field(visit, "trang"))
        account = visit.session.account.name
        saved = await run_in_threadpool(self.pages.restore, page.key, _field(visit, "ban"), account)
        self._record(visit, "page_restore", saved, _field(visit, "ban"))
        self._publish(visit, saved)
        return self._to_page(visit, saved)

    def _to_page(self, visit: Visit, page: Page) -> Response:
        query = urlencode({"trang": page.key, "da-luu": "1"})
        return RedirectResponse(f"{base(visit.request)}/trang/sua?{query}", 303)

    def _publish(self, visit: Visit, page: Page) -> None:
        self.newsroom.publisher.request(visit.session.account.name)
        self._record(visit, "publish", page)

    def _record(self, visit: Visit, action: str, page: Page, detail: str = "") -> None:
        name = f"pages/{page.key}"
        self.newsroom.audit.record(visit.session.account.name, action, name, detail, visit.address)
