"""One record becomes one checked Entry, or the list of what is wrong with it."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from wardportal.build_errors import ContentError
from wardportal.datafiles.records import Record
from wardportal.datafiles.values import ValueReader
from wardportal.honours.config import RollConfig
from wardportal.honours.history import read_history
from wardportal.honours.model import Entry, Period, Stage
from wardportal.honours.periods import PeriodError, parse_period
from wardportal.safe_html import (
    computer_path,
    may_hide_refused_link,
    refused_links,
    shortened,
)
from wardportal.vntext import slugify

_PHOTO_PREFIX = re.compile(r"^(\{static\}|\{attach\})?/*")
_LIST_SEPARATORS = re.compile(r"[,;\n]")


def build_entry(
    record: Record,
    config: RollConfig,
    period: Period | None,
    campaign: str,
) -> tuple[Entry | None, list[ContentError]]:
    """The entry a record describes, or None and the errors found (all of them).

    `period` and `campaign` are the file's defaults, used where the record has none.
    """
    errors: list[ContentError] = []
    values = ValueReader(record, errors)
    history: list[Stage] = []
    if values.has("history"):
        history = read_history(record.values["history"], record.where("history"), config, errors)
    title = values.text("title", required=True)
    kind = values.choice("kind", config.kinds)
    holder = values.text("holder", required=True)
    field = values.choice("field", config.fields)
    status = values.choice("status", config.statuses, required=not history)
    level = values.choice("level", config.levels, required=not history)
    status, level = _current(values, history, status, level)
    date = values.date("date")
    entry_period = _period(values, period)
    slug = _slug(values, title)
    photo = _photo(values, config)
    summary = _summary(values)
    if errors:
        return None, errors
    latest = history[-1] if history else None
    entry = Entry(
        title=title,
        kind=kind,
        holder=holder,
        field=field,
        status=status,
        level=level,
        period=entry_period,
        slug=slug,
        place=record.place,
        holder_role=values.text("holder_role"),
        decision=values.text("decision") or (latest.decision if latest else ""),
        date=date or (latest.date if latest else None),
        summary=summary,
        photo=photo,
        campaign=values.text("campaign") or campaign or config.campaign,
        history=history,
        article_refs=_article_refs(record.values.get("articles")),
        articles_place=record.where("articles"),
        photo_place=record.where("photo"),
    )
    entry.url = config.entry_url.format(period=entry.period.slug, slug=entry.slug)
    entry.period_url = config.period_url.format(period=entry.period.slug)
    entry.field_url = config.url_of_field(entry.field)
    return entry, []


def _current(values: ValueReader, history: list[Stage], status: str, level: str) -> tuple[str, str]:
    """Status and level: the latest stage's, which a status written beside must not contradict."""
    if not history:
        return status, level
    latest = history[-1]
    for key, written, staged in (("status", status, latest.status), ("level", level, latest.level)):
        if written and written != staged:
            values.fail(
                key,
                f"{values.record.name(key)} là “{written}” nhưng bước mới nhất trong history"
                f" ({latest.date:%d/%m/%Y}) là “{staged}”",
                "Trạng thái hiện tại lấy từ bước mới nhất; hãy sửa cho khớp hoặc bỏ dòng này",
            )
    return latest.status, latest.level


def _period(values: ValueReader, default: Period | None) -> Period:
    typed = values.text("period")
    if typed:
        try:
            return parse_period(typed)
        except PeriodError as error:
            values.fail("period", f"{values.record.name('period')}: {error}")
            return default or Period(0, 0)
    if default is None:
        values.fail(
            "period",
            "chưa ghi giai đoạn",
            "Hãy ghi “period: 2016-2018” ở đầu tệp, thêm cột “Giai đoạn”, hoặc đặt tên tệp"
            " theo giai đoạn (ví dụ 2016-2018.csv)",
        )
        return Period(0, 0)
    return default


def _slug(values: ValueReader, title: str) -> str:
    typed = values.text("slug")
    slug = slugify(typed or title)
    if typed and not slug:
        values.fail("slug", f"{values.record.name('slug')} “{typed}” không dùng được làm đường dẫn")
    return slug


def _summary(values: ValueReader) -> str:
    """The summary, refusing links that would run code on the reader's phone."""
    text = values.text("summary")
    if may_hide_refused_link(text):
        for url in refused_links(markdown.markdown(text)):
            values.fail(
                "summary",
                f"{values.record.name('summary')} có liên kết “{shortened(url)}” không được phép"
                " (liên kết javascript:, vbscript: và data: có thể chạy mã lạ)",
                "Hãy xoá liên kết này hoặc thay bằng địa chỉ bắt đầu bằng https://",
            )
    return text


def _photo(values: ValueReader, config: RollConfig) -> str:
    typed = values.text("photo")
    if not typed:
        return ""
    path = _PHOTO_PREFIX.sub("", typed)
    target = (config.content_root / path).resolve()
    if computer_path(typed) or not (
        target.is_file() and target.is_relative_to(config.content_root.resolve())
    ):
        where = " (đường dẫn trên máy tính của bạn)" if computer_path(typed) else ""
        values.fail(
            "photo",
            f"không tìm thấy ảnh “{typed}”{where}",
            f"Hãy chép ảnh vào thư mục {config.shown(config.content_root / 'images')}/ và ghi"
            " đường dẫn dạng images/ten-anh.jpg",
        )
    return Path(path).as_posix()


def _article_refs(value: object) -> list[str]:
    """Article slugs from a YAML list or a cell such as "bai-mot, bai-hai"."""
    if value is None:
        return []
    items = value if isinstance(value, list) else _LIST_SEPARATORS.split(str(value))
    return [str(item).strip() for item in items if str(item or "").strip()]
