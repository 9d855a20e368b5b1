"""The toolbar's "Chèn ảnh": a photo uploaded on its own, answered with the Markdown to insert."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from wardportal.vntext import nfc, slugify

from .article_form import NEEDS_ALT
from .forms import Refused
from .guard import Visit
from .photos import photo_of

NO_PHOTO = "Hãy chọn một ảnh để chèn."


def _text(visit: Visit, name: str, limit: int) -> str:
    value = visit.form.get(name, "") if visit.form else ""
    if not isinstance(value, str):
        raise Refused(400, "Biểu mẫu gửi lên không đọc được.")
    return " ".join(nfc(value).split())[:limit]


def markdown_image(alt: str, path: str) -> str:
    """`![alt](path)`, with the brackets that would end the alt text taken out."""
    cleaned = alt.replace("[", "(").replace("]", ")").replace("\\", "/")
    return f"![{cleaned}]({path})"


class PhotoViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    async def upload(self, visit: Visit) -> Response:
        """Store the photo (its own commit, by the account) and answer its Markdown as JSON."""
        data = await photo_of(visit.posted, "anh")
        if not data:
            raise Refused(400, NO_PHOTO)
        alt = _text(visit, "mo_ta", 300)
        if not alt:
            raise Refused(400, NEEDS_ALT)
        slug = slugify(_text(visit, "tieu_de", 300)) or "anh"
        account = visit.session.account.name
        photos = self.newsroom.articles.photos
        try:
            stored = await run_in_threadpool(photos.store, data, slug, account)
        except Refused as refused:
            self.newsroom.audit.record(account, "photo_refused", "", refused.message, visit.address)
            raise
        self.newsroom.audit.record(account, "photo_upload", stored.path, "", visit.address)
        return JSONResponse({"path": stored.path, "markdown": markdown_image(alt, stored.path)})
