"""Photos sent from the newsroom's forms, taken in by `wardportal.uploads.store_photo`.

The file part's bytes are all that is used: its name is only checked for signs of a crafted
request (a browser sends a bare name), never used. The stored photo's name and folder are the
server's; it is committed to the content's history with the article, or alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from starlette.datastructures import FormData, UploadFile

from wardportal.counter.clock import Clock
from wardportal.uploads import MAX_BYTES, StoredPhoto, UploadRefused, store_photo
from wardportal.vndates import VIETNAM

from .forms import Refused
from .history import ContentHistory

BAD_NAME = "Tên tệp ảnh gửi lên không hợp lệ. Hãy chọn lại ảnh từ máy hoặc chụp ảnh mới"
NOT_A_FILE = "Biểu mẫu gửi lên không đọc được."


async def photo_of(form: FormData, field: str) -> bytes | None:
    """The photo's bytes from the form's file part `field`, None when no file was chosen."""
    value = form.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, UploadFile):
        raise Refused(400, NOT_A_FILE)
    name = value.filename or ""
    if any(mark in name for mark in ("/", "\\", "\x00")) or name.startswith("."):
        raise Refused(400, BAD_NAME)
    data = await value.read(MAX_BYTES + 1)
    if not data and not name:
        return None  # the file input left empty: browsers send an empty part
    return data


class Photos:
    """Stores photos under content/images/{year}/ and commits them."""

    def __init__(self, content: Path, history: ContentHistory, clock: Clock) -> None:
        self.content = content.resolve()
        self.history = history
        self._clock = clock

    def take(self, data: bytes, slug: str) -> tuple[StoredPhoto, Path]:
        """Check and store the photo (not committed): a Refused with the reason if refused."""
        now = dt.datetime.fromtimestamp(self._clock(), VIETNAM)
        try:
            stored = store_photo(data, self.content, slug, now)
        except UploadRefused as refused:
            raise Refused(400, str(refused)) from None
        return stored, self.content / stored.path

    def store(self, data: bytes, slug: str, author: str) -> StoredPhoto:
        """Store the photo and commit it on its own, as `author`."""
        stored, path = self.take(data, slug)
        self.history.commit(path, author, f"Tải ảnh lên: {stored.path}", self._clock())
        return stored
