"""Vietnamese dates from Babel and a table, never the OS locale."""

import datetime as dt

import pytest

from wardportal.vndates import (
    VIETNAM,
    DateFormatError,
    clock,
    long_date,
    parse_date,
    weekday_name,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 11, 23), "Thứ Hai"),
        (dt.date(2026, 11, 24), "Thứ Ba"),
        (dt.date(2026, 11, 25), "Thứ Tư"),
        (dt.date(2026, 11, 26), "Thứ Năm"),
        (dt.date(2026, 11, 27), "Thứ Sáu"),
        (dt.date(2026, 11, 28), "Thứ Bảy"),
        (dt.date(2026, 11, 29), "Chủ nhật"),
    ],
)
def test_weekdays_in_state_style(day, name):
    assert weekday_name(day) == name


def test_long_date_and_time():
    moment = dt.datetime(2026, 11, 27, 8, 30, tzinfo=VIETNAM)
    assert long_date(moment) == "Thứ Sáu, 27/11/2026"
    assert clock(moment) == "08:30"


def test_dates_shown_in_vietnam_whatever_the_zone():
    utc_evening = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
    assert long_date(utc_evening) == "Thứ Sáu, 27/11/2026"
    assert clock(utc_evening) == "03:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-05-10", (2018, 5, 10, 0, 0)),
        ("2018-05-10 08:30", (2018, 5, 10, 8, 30)),
        ("10/05/2018", (2018, 5, 10, 0, 0)),
        ("10/5/2018 14:05", (2018, 5, 10, 14, 5)),
        ("10-05-2018", (2018, 5, 10, 0, 0)),
    ],
)
def test_parse_reads_day_first(text, expected):
    moment = parse_date(text)
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == expected
    assert moment.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("text", ["31/02/2018", "2018-13-01", "hôm qua", "2018/05"])
def test_impossible_dates_are_refused_in_vietnamese(text):
    with pytest.raises(DateFormatError) as error:
        parse_date(text)
    assert "ngày" in str(error.value)
