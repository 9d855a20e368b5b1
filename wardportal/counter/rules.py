"""What counts: visits, page views, who is online, and the days and weeks they fall in.

The rules are the design's: a visit is a visitor's page views with no gap over 30 minutes, and
a new day starts a new visit; "online" means seen in the last 5 minutes; today starts at 00:00
and the week on Monday 00:00, both in Asia/Ho_Chi_Minh whatever the server's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
VISIT_GAP = 30 * 60
ONLINE_WINDOW = 5 * 60
#: Salts, visitor rows and page-view ids are kept this long, then deleted.
RETENTION = 48 * 60 * 60


def local_day(ts: float) -> str:
    """The ISO date (YYYY-MM-DD) of `ts` in the ward's time zone: the key of daily figures."""
    start, end, day = _last_day
    if start <= ts < end:  # every hit asks; the answer changes once a day
        return day
    return _remember_day(ts)


def _remember_day(ts: float) -> str:
    global _last_day
    date = datetime.fromtimestamp(ts, TIME_ZONE).date()
    midnight = datetime(date.year, date.month, date.day, tzinfo=TIME_ZONE)
    _last_day = (midnight.timestamp(), (midnight + timedelta(days=1)).timestamp(), date.isoformat())
    return _last_day[2]


_last_day: tuple[float, float, str] = (0.0, 0.0, "")


@dataclass(frozen=True)
class Periods:
    """The bounds the figures are computed over, at one instant."""

    today: str
    week_start: str
    online_since: float

    @classmethod
    def at(cls, ts: float) -> Periods:
        """Today, this week's Monday, and the start of the online window at `ts`."""
        day = datetime.fromtimestamp(ts, TIME_ZONE).date()
        monday = day - timedelta(days=day.weekday())
        return cls(day.isoformat(), monday.isoformat(), ts - ONLINE_WINDOW)


def expired_day(ts: float) -> str:
    """Salts of this day and earlier are past their 48 hours at `ts` and must be deleted.

    A day's salt is made on that day, so at day start + 48 h it is gone at the latest.
    """
    return local_day(ts - RETENTION)
