"""Periods as officers write them: "2016-2018", "2016 - 2018", "2016–2018", "giai đoạn 2016-2018".

A period is shown as "2016–2018" and addressed as /bang-vang/2016-2018/.
"""

from __future__ import annotations

import re

from wardportal.honours.model import Period

_PERIOD = re.compile(
    r"^(?:giai\s+đoạn\s+)?(?P<start>\d{4})(?:\s*(?:-|–|—|đến)\s*(?P<end>\d{4}))?$",
    re.IGNORECASE,
)


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese."""


def parse_period(text: object) -> Period:
    """Read a period; a single year ("2024") is a period of one year."""
    value = " ".join(str(text).split())
    if isinstance(text, float) and text.is_integer():
        value = str(int(text))
    match = _PERIOD.match(value)
    if not match:
        raise PeriodError(
            f"không hiểu giai đoạn “{value}”. Hãy viết năm đầu và năm cuối, ví dụ 2016-2018"
        )
    start = int(match["start"])
    end = int(match["end"] or start)
    if end < start:
        raise PeriodError(f"giai đoạn “{value}” có năm cuối trước năm đầu")
    if not 1945 <= start <= 2200 or end - start > 20:
        raise PeriodError(f"giai đoạn “{value}” không hợp lý. Hãy kiểm tra lại các năm")
    return Period(start, end)
