""" "Xem trước": build the form's current text as the site would show it, then serve that page."""

from __future__ import annotations

import re

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from .article_form import read_draft
from .forms import Refused
from .guard import Visit
from .rendering import base, render

BANNER = Markup('<p class="xem-truoc-nhan" role="status">Bản xem trước — chưa đăng</p>')
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
NOT_FOUND = "Không có bản xem trước này (bản cũ đã được xoá). Hãy bấm “Xem trước” lại."
OTHER_PAGE = (
    "Bản xem trước chỉ dựng trang của bài đang viết; các trang khác hãy xem trên trang web."
)


def marked(html: str, stylesheet: str) -> str:
    """The page with the "not published" banner first in its body and the banner's style."""
    link = f'<link rel="stylesheet" href="{stylesheet}">'
    html = html.replace("</head>", f"{link}\n</head>", 1)
    return _BODY.sub(lambda match: f"{match.group(0)}\n{BANNER}", html, count=1)


class PreviewViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    async def make(self, visit: Visit) -> Response:
        """Build a preview of the posted form (nothing is saved) and show it, or its errors."""
        articles = self.newsroom.articles
        draft = read_draft(visit.posted, articles.categories(), self.newsroom.clock)
        key = visit.form.get("bai") if visit.form else None
        key = key if isinstance(key, str) and key else None
        relative, text, page = await run_in_threadpool(articles.preview_of, key, draft)
        account = visit.session.account.name
        preview = await run_in_threadpool(
            self.newsroom.previewer.build, relative, text, account, page
        )
        if preview.errors:
            return render(
                visit.request, "preview_error.html", {"errors": preview.errors}, status=422
            )
        return RedirectResponse(f"{base(visit.request)}/xem-truoc/{preview.token}/{page}", 303)

    async def show(self, visit: Visit) -> Response:
        """A file of the account's own preview: its pages marked "Bản xem trước — chưa đăng"."""
        params = visit.request.path_params
        previewer = self.newsroom.previewer
        preview = previewer.find(params["token"], visit.session.account.name)
        if preview is None:
            raise Refused(404, NOT_FOUND)
        found = previewer.file(preview, params["path"])
        if found is None:
            raise Refused(404, OTHER_PAGE)
        if found.suffix != ".html":
            return FileResponse(found)
        html = found.read_text(encoding="utf-8")
        return HTMLResponse(marked(html, f"{base(visit.request)}/tai-nguyen/xem-truoc.css"))
