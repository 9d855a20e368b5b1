"""Vietnamese dates: read what an officer types, write what a resident expects.

Dates come from Babel, never from the OS locale (servers and CI have no vi_VN locale), and
are shown in Asia/Ho_Chi_Minh whatever the machine's zone.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Babel writes "Chủ Nhật"; the state style (Decree 30/2020) writes "Chủ nhật".
_WEEKDAY_FIXES = {"Chủ Nhật": "Chủ nhật"}

_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)


class DateFormatError(ValueError):
    """A date the officer typed that is not a real date; the message is in Vietnamese."""


def parse_date(text: str) -> dt.datetime:
    """Read "2018-05-10", "2018-05-10 08:30", "10/05/2018" or "10/5/2018 08:30".

    Slashed dates are day first, as Vietnamese write them (dateutil would read 10/05 as
    October). The result is aware, in Asia/Ho_Chi_Minh.
    """
    value = text.strip()
    match = _ISO.match(value) or _DAY_FIRST.match(value)
    if not match:
        raise DateFormatError(
            f"không hiểu ngày “{value}”. Hãy viết ngày theo dạng 2018-05-10 hoặc 10/05/2018,"
            " có thể kèm giờ: 2018-05-10 08:30"
        )
    parts = {key: int(number) for key, number in match.groupdict(default="0").items()}
    try:
        return dt.datetime(
            parts["year"],
            parts["month"],
            parts["day"],
            parts["hour"],
            parts["minute"],
            parts["second"],
            tzinfo=VIETNAM,
        )
    except ValueError:
        raise DateFormatError(
            f"ngày “{value}” không có thật (ngày {parts['day']} tháng {parts['month']}"
            f" năm {parts['year']}). Hãy kiểm tra lại ngày và tháng"
        ) from None


def to_vietnam(moment: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """Move an aware datetime into Vietnam's zone; naive values are taken as Vietnam time."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            return moment.replace(tzinfo=VIETNAM)
        return moment.astimezone(VIETNAM)
    return moment


@lru_cache(maxsize=7)
def _weekday_of_index(index: int) -> str:
    monday = dt.date(2026, 11, 23)
    name = format_date(monday + dt.timedelta(days=index), "EEEE", locale="vi")
    return _WEEKDAY_FIXES.get(name, name)


def weekday_name(moment: dt.date | dt.datetime) -> str:
    """The weekday as a state document writes it: "Thứ Sáu", "Chủ nhật"."""
    return _weekday_of_index(to_vietnam(moment).weekday())


def long_date(moment: dt.date | dt.datetime) -> str:
    """ "Thứ Sáu, 27/11/2026": the header and article date."""
    local = to_vietnam(moment)
    return f"{weekday_name(local)}, {local:%d/%m/%Y}"


def short_date(moment: dt.date | dt.datetime) -> str:
    """ "27/11/2026"."""
    return f"{to_vietnam(moment):%d/%m/%Y}"


def clock(moment: dt.datetime) -> str:
    """ "08:30": the time of day in Vietnam."""
    return f"{to_vietnam(moment):%H:%M}"


def iso_datetime(moment: dt.date | dt.datetime) -> str:
    """Machine-readable time for datetime attributes, to the second (HTML allows no µs)."""
    local = to_vietnam(moment)
    if isinstance(local, dt.datetime):
        return local.replace(microsecond=0).isoformat()
    return local.isoformat()
