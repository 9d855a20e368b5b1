"""The article pages: list, write, edit, submit, approve or return, history and restore."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from wardportal.vndates import VIETNAM
from wardportal.vntext import nfc

from .article_form import TYPED, read_article_form, tag_warnings
from .articles import IMAGE, IMAGE_ALT, Article, Draft, StaleVersion, extra_value
from .autosaves import NEW, Autosave
from .build_views import build_box
from .forms import Refused
from .guard import FORBIDDEN, Visit
from .rendering import base, render
from .roles import allows
from .states import State

STALE = (
    "Bài này vừa được người khác sửa sau khi bạn mở nó, nên bản của bạn chưa được lưu."
    " Bản của bạn vẫn nằm trong ô dưới đây; bản đang lưu hiện ở bên dưới. Hãy gộp hai bản"
    " rồi bấm lưu lại."
)
PUBLISHED_NEEDS_APPROVER = "Bài đã đăng chỉ người duyệt mới sửa được."


def _field(visit: Visit, name: str) -> str:
    value = visit.form.get(name, "") if visit.form else visit.request.query_params.get(name, "")
    return value if isinstance(value, str) else ""


def _wanted_state(visit: Visit, article: Article | None) -> State:
    """The state a save asks for: "Gửi duyệt" submits; "Lưu nháp" keeps a published article
    published (only approvers may save one) and makes any other a draft."""
    if _field(visit, "hanh_dong") == "gui-duyet":
        if not allows(visit.session.account.role, "submit"):
            raise Refused(403, FORBIDDEN)
        return State.PENDING
    if article is not None and article.state is State.PUBLISHED:
        return State.PUBLISHED
    return State.DRAFT


class ArticleViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    @property
    def articles(self):
        return self.newsroom.articles

    def _to_article(self, visit: Visit, article: Article, **extra: str) -> Response:
        query = urlencode({"bai": article.key, **extra})
        return RedirectResponse(f"{base(visit.request)}/bai-viet/sua?{query}", 303)

    def _form_page(
        self,
        visit: Visit,
        article: Article | None,
        values: dict[str, str],
        autosave: Autosave | None = None,
        *,
        error: str = "",
        current: Article | None = None,
        status: int = 200,
        autosave_stale: bool = False,
    ) -> Response:
        tags = self.articles.tags()
        own = article.tags if article else []
        return render(
            visit.request,
            "article_form.html",
            {
                "article": article,
                "values": values,
                "categories": self.articles.categories(),
                "all_tags": tags,
                "warnings": tag_warnings(own, [t for t in tags if t not in own]) if article else [],
                "error": error,
                "current": current,
                "saved": visit.request.query_params.get("da-luu") == "1",
                "can_approve": allows(visit.session.account.role, "approve"),
                **build_box(self.newsroom),
                "address": self.articles.address(article) if article else None,
                "autosave": autosave,
                "autosave_stale": autosave_stale,
            },
            status,
        )

    # --- pages -----------------------------------------------------------------------------

    async def list(self, visit: Visit) -> Response:
        """All articles; ?q= searches titles, ?trang-thai= filters by state."""
        query = nfc(visit.request.query_params.get("q", "")).strip()
        wanted = visit.request.query_params.get("trang-thai", "")
        articles = [
            article
            for article in await run_in_threadpool(self.articles.all)
            if (not query or query.casefold() in nfc(article.title).casefold())
            and (not wanted or article.state.value == wanted)
        ]
        return render(
            visit.request,
            "articles.html",
            {"articles": articles, "q": query, "wanted": wanted, "states": list(State)},
        )

    async def new(self, visit: Visit) -> Response:
        """The empty form (or the account's autosave of a new article, when asked)."""
        now = dt.datetime.fromtimestamp(self.newsroom.clock(), VIETNAM)
        values = {"chuyen_muc": self.articles.categories()[0], "ngay_dang": f"{now:%Y-%m-%d %H:%M}"}
        return self._form_page(visit, None, *self._with_autosave(visit, NEW, values))

    async def edit(self, visit: Visit) -> Response:
        """The form filled from the file, with the version it was loaded from (or the
        account's autosave, with the version that was loaded then, when asked)."""
        article = self.articles.get(visit.request.query_params.get("bai"))
        values, offer = self._with_autosave(visit, article.key, _values_of(article))
        stale = offer is not None and offer.version != article.version
        return self._form_page(visit, article, values, autosave=offer, autosave_stale=stale)

    def _with_autosave(
        self, visit: Visit, key: str, values: dict[str, str]
    ) -> tuple[dict[str, str], Autosave | None]:
        """The form's values, and the autosave to offer ("Khôi phục bản lưu tự động lúc …")
        when it differs from them; with ?tu-luu=1 the values are the autosave's."""
        autosave = self.newsroom.autosaves.get(visit.session.account.name, key)
        if autosave is None:
            return values, None
        if visit.request.query_params.get("tu-luu") == "1":
            restored = {**values, **autosave.fields, "khoi_phuc_luc": str(autosave.saved_at)}
            return ({**restored, "phien_ban": autosave.version} if key else restored), None
        if all(autosave.fields.get(name, "") == values.get(name, "") for name in TYPED):
            return values, None
        return values, autosave

    async def create(self, visit: Visit) -> Response:
        """Save a new article (as a draft, or submitted)."""
        draft = await read_article_form(
            visit.posted, self.articles.categories(), self.newsroom.clock
        )
        state = _wanted_state(visit, None)
        account = visit.session.account.name
        article = await run_in_threadpool(self.articles.create, draft, account, state)
        self.newsroom.autosaves.drop(account, NEW)
        self._record(visit, "create" if state is State.DRAFT else "submit", article)
        return self._to_article(visit, article, **{"da-luu": "1"})

    async def save(self, visit: Visit) -> Response:
        """Save an edit, unless someone saved another one since this form was loaded."""
        article = self.articles.get(_field(visit, "bai"))
        if article.state is State.PUBLISHED and not allows(visit.session.account.role, "publish"):
            raise Refused(403, PUBLISHED_NEEDS_APPROVER)
        draft = await read_article_form(
            visit.posted, self.articles.categories(), self.newsroom.clock
        )
        state = _wanted_state(visit, article)
        try:
            saved = await run_in_threadpool(
                self.articles.save,
                article.key,
                draft,
                _field(visit, "phien_ban"),
                visit.session.account.name,
                state,
            )
        except StaleVersion as stale:
            values = {
                **_values_of_draft(draft),
                "phien_ban": stale.current.version,
                "anh": extra_value(stale.current.extra, IMAGE),
            }
            self._record(visit, "save_refused_stale", article)
            return self._form_page(
                visit, stale.current, values, error=STALE, current=stale.current, status=409
            )
        self.newsroom.autosaves.drop(visit.session.account.name, article.key)
        self._record(visit, "submit" if state is State.PENDING else "save", saved)
        if state is State.PUBLISHED:  # an approver's edit of a live article goes live
            self._publish(visit, saved)
        return self._to_article(visit, saved, **{"da-luu": "1"})

    async def approve(self, visit: Visit) -> Response:
        """Approve ("Duyệt và đăng"): the article becomes published; the site is rebuilt."""
        article = self._pending(visit)
        account = visit.session.account.name
        saved = await run_in_threadpool(
            self.articles.change_state, article.key, account, State.PUBLISHED
        )
        self._record(visit, "approve", saved)
        self._publish(visit, saved)
        return self._to_article(visit, saved)

    async def send_back(self, visit: Visit) -> Response:
        """Return ("Trả lại"): back to the author with a comment, which the edit page shows."""
        article = self._pending(visit)
        note = " ".join(_field(visit, "nhan_xet").split())
        if not note:
            raise Refused(400, "Hãy ghi nhận xét để người viết biết cần sửa gì.")
        if len(note) > 2000:
            raise Refused(413, "Nhận xét dài quá 2000 ký tự.")
        account = visit.session.account.name
        saved = await run_in_threadpool(
            self.articles.change_state, article.key, account, State.RETURNED, note
        )
        self._record(visit, "return", saved, note)
        return self._to_article(visit, saved)

    async def unpublish(self, visit: Visit) -> Response:
        """Take a published article off the site (back to "Bản nháp") at the next build."""
        article = self.articles.get(_field(visit, "bai"))
        if article.state is not State.PUBLISHED:
            raise Refused(409, "Bài này chưa đăng.")
        account = visit.session.account.name
        saved = await run_in_threadpool(
            self.articles.change_state, article.key, account, State.DRAFT
        )
        self._record(visit, "unpublish", saved)
        self._publish(visit, saved)
        return self._to_article(visit, saved)

    async def history(self, visit: Visit) -> Response:
        """The versions: who, when, what message; each with its changes and a restore button."""
        article = self.articles.get(visit.request.query_params.get("bai"))
        versions = await run_in_threadpool(self.articles.history.versions, article.path)
        wanted = visit.request.query_params.get("ban")
        changes = ""
        if wanted:
            if wanted not in {version.commit for version in versions}:
                raise Refused(404, "Không có phiên bản này.")
            changes = await run_in_threadpool(self.articles.history.changes, wanted, article.path)
        return render(
            visit.request,
            "history.html",
            {"article": article, "versions": versions, "changes": changes, "wanted": wanted},
        )

    async def restore(self, visit: Visit) -> Response:
        """Write an earlier version back (a new commit); the state stays as it is now."""
        article = self.articles.get(_field(visit, "bai"))
        if article.state is State.PUBLISHED and not allows(visit.session.account.role, "publish"):
            raise Refused(403, PUBLISHED_NEEDS_APPROVER)
        saved = await run_in_threadpool(
            self.articles.restore, article.key, _field(visit, "ban"), visit.session.account.name
        )
        self._record(visit, "restore", saved, _field(visit, "ban"))
        return self._to_article(visit, saved, **{"da-luu": "1"})

    # --- helpers ---------------------------------------------------------------------------

    def _pending(self, visit: Visit) -> Article:
        article = self.articles.get(_field(visit, "bai"))
        if article.state is not State.PENDING:
            raise Refused(409, "Bài này không ở trạng thái chờ duyệt.")
        return article

    def _publish(self, visit: Visit, article: Article) -> None:
        """Queue a build of the site, and say so in the audit log."""
        self.newsroom.publisher.request(visit.session.account.name)
        self._record(visit, "publish", article)

    def _record(self, visit: Visit, action: str, article: Article, detail: str = "") -> None:
        self.newsroom.audit.record(
            visit.session.account.name, action, article.key, detail, visit.address
        )


def _values_of(article: Article) -> dict[str, str]:
    date = article.fields.get("Date", "")
    return {
        "tieu_de": article.title,
        "tom_tat": article.fields.get("Summary", ""),
        "chuyen_muc": article.fields.get("Category", ""),
        "tu_khoa": ", ".join(article.tags),
        "noi_dung": article.body,
        "ngay_dang": date,
        "phien_ban": article.version,
        "anh": extra_value(article.extra, IMAGE),
        "mo_ta_anh": extra_value(article.extra, IMAGE_ALT),
    }


def _values_of_draft(draft: Draft) -> dict[str, str]:
    return {
        "tieu_de": draft.title,
        "tom_tat": draft.summary,
        "chuyen_muc": draft.category,
        "tu_khoa": ", ".join(draft.tags),
        "noi_dung": draft.body,
        "ngay_dang": f"{draft.date:%Y-%m-%d %H:%M}",
        "mo_ta_anh": draft.image_alt,
    }
