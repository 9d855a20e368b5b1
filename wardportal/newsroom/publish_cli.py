"""`portal publish`: the daily build (deploy/wardportal-publish.timer), exactly as an approval
builds, so scheduled articles appear on their day.

It uses the newsroom's settings (NEWSROOM_OUTPUT, NEWSROOM_BUILD_SETTINGS, NEWSROOM_DEPLOY…)
and holds the same build lock, so it never runs beside a build the newsroom started: whichever
comes second waits. It does not open the content's git history (the service is its only
writer); the record of published addresses it updates is committed by the newsroom's next
publish.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wardportal.counter.clock import system_clock

from .config import ConfigError, load_settings
from .publisher import publisher_for


def run_publish(project: Path) -> int:
    """Build (and deploy, if configured) now; Vietnamese lines, status 1 when it failed."""
    try:
        settings = load_settings(NEWSROOM_PROJECT=str(project))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    publisher = publisher_for(settings, system_clock)
    publisher.on_blocked = lambda: print(
        "Đang chờ lần xuất bản khác (từ phòng biên tập) xong…", file=sys.stderr, flush=True
    )
    succeeded, errors = publisher.publish("lịch xuất bản hằng ngày")
    if succeeded:
        print(f"Đã xuất bản {settings.output_path}.")
        return 0
    print("Xuất bản không thành công; trang web vẫn giữ bản cũ. Cần sửa:", file=sys.stderr)
    for line in errors:
        print(line, file=sys.stderr)
    return 1
