"""Reading the article form into a `Draft`, with the checks and the tag warnings."""

from __future__ import annotations

import dataclasses
import datetime as dt

from starlette.datastructures import FormData

from wardportal.content_checks import tags_alike
from wardportal.counter.clock import Clock
from wardportal.vndates import VIETNAM, DateFormatError, parse_date
from wardportal.vntext import nfc

from .articles import Draft, split_tags
from .forms import Refused
from .photos import photo_of

#: The longest value each field accepts, in characters.
LIMITS = {
    "tieu_de": 300,
    "tom_tat": 1000,
    "chuyen_muc": 200,
    "tu_khoa": 1000,
    "noi_dung": 400_000,
    "ngay_dang": 40,
    "mo_ta_anh": 300,
    "bo_anh": 10,
}
#: The file part of "Ảnh đại diện".
PHOTO_FIELD = "anh_dai_dien"
NEEDS_ALT = (
    "Hãy nhập “Mô tả ảnh”: một câu ngắn nói ảnh chụp gì, cho người khiếm thị và khi ảnh"
    " chưa tải được."
)


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        raise Refused(400, "Biểu mẫu gửi lên không đọc được.")
    value = nfc(value).replace("\r\n", "\n")
    if len(value) > LIMITS[name]:
        raise Refused(413, f"Trường “{name}” dài quá {LIMITS[name]} ký tự.")
    return value


async def read_article_form(form: FormData, categories: list[str], clock: Clock) -> Draft:
    """`read_draft`, with the banner photo the form sent (its bytes are checked when stored)."""
    draft = read_draft(form, categories, clock)
    photo = await photo_of(form, PHOTO_FIELD)
    if photo is not None and not draft.image_alt:
        raise Refused(400, NEEDS_ALT)
    return dataclasses.replace(draft, photo=photo)


def read_draft(form: FormData, categories: list[str], clock: Clock) -> Draft:
    """The draft the form describes; a wrong value is a 400 with the reason in Vietnamese."""
    title = " ".join(_text(form, "tieu_de").split())
    if not title:
        raise Refused(400, "Hãy nhập tiêu đề.")
    category = _text(form, "chuyen_muc").strip()
    if category not in categories:
        raise Refused(400, "Hãy chọn một chuyên mục có sẵn.")
    typed_date = _text(form, "ngay_dang").strip()
    try:
        date = parse_date(typed_date) if typed_date else dt.datetime.fromtimestamp(clock(), VIETNAM)
    except DateFormatError as exc:
        raise Refused(400, f"Ngày đăng: {exc}") from None
    return Draft(
        title=title,
        summary=" ".join(_text(form, "tom_tat").split()),
        category=category,
        tags=split_tags(_text(form, "tu_khoa")),
        body=_text(form, "noi_dung"),
        date=date,
        image_alt=" ".join(_text(form, "mo_ta_anh").split()),
        drop_image=bool(_text(form, "bo_anh")),
    )


#: The fields an autosave keeps: what the officer types (not the photo).
TYPED = ("tieu_de", "tom_tat", "chuyen_muc", "tu_khoa", "noi_dung", "ngay_dang", "mo_ta_anh")


def typed_fields(form: FormData) -> dict[str, str]:
    """The typed text of the form, as sent (NFC, within the limits), for an autosave."""
    return {name: _text(form, name) for name in TYPED}


def tag_warnings(tags: list[str], others: list[str]) -> list[str]:
    """A sentence for each tag that looks like a typo of a tag other articles use."""
    known = set(others)
    warnings = []
    for tag in tags:
        if tag in known:
            continue
        for other in others:
            if tags_alike(tag, other):
                warnings.append(
                    f"Từ khóa “{tag}” gần giống từ khóa đã có “{other}”. Có gõ nhầm không?"
                )
                break
    return warnings
