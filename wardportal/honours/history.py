"""The stages an entry went through, and the current status they give it.

A model is registered, recognised, proposed upward and commended over the years; the latest
stage is its status. YAML writes stages as a list; a spreadsheet cell writes them as text,
"2017-03-01: đăng ký, phường; 2018-05-10: công nhận, phường, 15/QĐ-UBND", which is also how
the CSV export writes them, so an exported file reads back in.
"""

from __future__ import annotations

from wardportal.build_errors import ContentError
from wardportal.datafiles.places import Place
from wardportal.datafiles.records import Record
from wardportal.datafiles.values import ValueReader
from wardportal.honours.config import RollConfig
from wardportal.honours.labels import SCHEMA
from wardportal.honours.model import Stage

_STAGE_KEYS = {"date", "status", "level", "decision"}
_TEXT_HELP = (
    "Hãy ghi mỗi bước dạng “ngày: trạng thái, cấp, số quyết định”, các bước cách nhau bởi"
    " dấu chấm phẩy, ví dụ “2017-03-01: đăng ký, phường; 2018-05-10: công nhận, phường”"
)


def read_history(
    value: object, place: Place, config: RollConfig, errors: list[ContentError]
) -> list[Stage]:
    """Stages from a YAML list of mappings or from a spreadsheet's text, oldest first."""
    if isinstance(value, str):
        records = _records_from_text(value, place, errors)
    elif isinstance(value, list):
        records = value
    else:
        errors.append(place.error("mục history phải là một danh sách các bước", _TEXT_HELP))
        return []
    stages = []
    for record in records:
        if not isinstance(record, Record):
            errors.append(place.error("mỗi bước trong history cần ghi date, status, level"))
            continue
        stage = _stage(record, config, errors)
        if stage is not None:
            stages.append(stage)
    # Stable: two stages on one day keep the order written.
    return sorted(stages, key=lambda stage: stage.date)


def _stage(record: Record, config: RollConfig, errors: list[ContentError]) -> Stage | None:
    for key in record.values.keys() - _STAGE_KEYS:
        errors.append(
            record.where(key).error(
                f"{record.name(key)} không dùng trong một bước của history",
                "Mỗi bước chỉ ghi date, status, level và decision",
            )
        )
    before = len(errors)
    values = ValueReader(record, errors)
    date = values.date("date", required=True)
    status = values.choice("status", config.statuses)
    level = values.choice("level", config.levels)
    decision = values.text("decision")
    if len(errors) > before or date is None:
        return None
    return Stage(date, status, level, decision)


def _records_from_text(text: str, place: Place, errors: list[ContentError]) -> list[Record]:
    records = []
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        date, colon, rest = part.partition(": ")
        words = [word.strip() for word in rest.split(",")] if colon else []
        if len(words) < 2:
            errors.append(
                place.error(f"không hiểu bước “{part.strip()}” trong quá trình", _TEXT_HELP)
            )
            continue
        record = Record(place, SCHEMA, noun="mục")
        record.values = dict(
            zip(("date", "status", "level"), (date.strip(), *words[:2]), strict=True)
        )
        if len(words) > 2:
            record.values["decision"] = ", ".join(words[2:])
        records.append(record)
    return records


def format_history(stages: list[Stage]) -> str:
    """Stages as one line of text, the form read_history reads back."""
    parts = []
    for stage in stages:
        words = [stage.status, stage.level] + ([stage.decision] if stage.decision else [])
        parts.append(f"{stage.date.isoformat()}: {', '.join(words)}")
    return "; ".join(parts)
