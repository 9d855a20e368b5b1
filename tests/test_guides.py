"""The guides: the officer's needs only a browser; every picture they show exists and every
newsroom picture docs/screenshots.py takes is shown."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
PICTURE = re.compile(r"!\[[^\]]+\]\((anh/[^)]+)\)")


def test_the_officers_guide_asks_for_no_terminal() -> None:
    guide = (DOCS / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    officer, technical = guide.split("## 13. Việc của cán bộ kỹ thuật")
    for command in ("make ", ".venv", "Terminal", "dòng lệnh (", "```", "rsync", "ssh "):
        assert command not in officer, command
    assert "portal user add" in technical  # accounts are the IT officer's job, named there


def test_every_picture_shown_exists_with_a_description() -> None:
    for guide in DOCS.glob("*.md"):
        for path in PICTURE.findall(guide.read_text(encoding="utf-8")):
            assert (DOCS / path).is_file(), f"{guide.name}: {path}"


def test_the_officers_guide_shows_every_newsroom_picture() -> None:
    from docs.screenshots import NEWSROOM_PICTURES

    shown = set(PICTURE.findall((DOCS / "huong-dan-bien-tap.md").read_text(encoding="utf-8")))
    assert {f"anh/{name}.png" for name in NEWSROOM_PICTURES} <= shown
