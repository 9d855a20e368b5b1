"""Autosave to the server: the form posts its text every 30 s while online (newsroom.js)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse, Response

from .article_form import typed_fields
from .autosaves import NEW
from .guard import Visit
from .rendering import base, local_time


def _key(visit: Visit) -> str:
    value = visit.form.get("bai", "") if visit.form else ""
    return value if isinstance(value, str) else ""


class AutosaveViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    def _article(self, visit: Visit) -> str:
        """The article's key (checked to exist), or NEW for the form of a new article."""
        key = _key(visit)
        return self.newsroom.articles.get(key).key if key else NEW

    async def keep(self, visit: Visit) -> Response:
        """Keep the form's text for this account and article; never touches the file."""
        article = await run_in_threadpool(self._article, visit)
        fields = typed_fields(visit.posted)
        version = visit.posted.get("phien_ban", "") if article else ""
        account = visit.session.account.name
        saved_at = self.newsroom.autosaves.put(account, article, fields, str(version))
        return JSONResponse({"saved_at": local_time(saved_at)})

    async def discard(self, visit: Visit) -> Response:
        """ "Bỏ bản này": forget the autosave, back to the form as saved."""
        article = await run_in_threadpool(self._article, visit)
        self.newsroom.autosaves.drop(visit.session.account.name, article)
        page = f"sua?bai={article}" if article else "moi"
        return RedirectResponse(f"{base(visit.request)}/bai-viet/{page}", 303)
