"""An article's Markdown file: the header lines in one fixed order, a blank line, the body.

`portal new` and the newsroom both write through `format_article`, so a file made in the
browser and one made on the command line are the same, and either can edit the other's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

#: Always written, in this order, even when empty (as `portal new` does).
HEADER_KEYS = ("Title", "Slug", "Date", "Category", "Tags", "Author", "Summary")
#: Written after the others, only when they have a value: the workflow state.
STATE_KEYS = ("Status", "Review", "Review-Note")

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$")


def one_line(value: str) -> str:
    """A header value on one line: a newline typed into a title must not start a new header."""
    return " ".join(value.split())


def format_article(
    fields: Mapping[str, str],
    body: str,
    extra: Sequence[tuple[str, str]] = (),
    *,
    empty_keys: bool = True,
) -> str:
    """The file's text. `extra` keeps header lines written by hand (e.g. `Honours:`).

    A static page has no date, category or tags: `empty_keys=False` leaves out the fixed
    lines without a value (an empty `Date:` would stop the build)."""
    lines = []
    for key in HEADER_KEYS:
        value = one_line(fields.get(key, ""))
        if value or empty_keys:
            lines.append(f"{key}: {value}" if value else f"{key}:")
    for key, value in extra:
        lines.append(f"{key}: {one_line(value)}")
    for key in STATE_KEYS:
        value = one_line(fields.get(key, ""))
        if value:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"


def parse_article(text: str) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    """(known fields, other header lines in order, body) of a file's text.

    Keys are matched case-insensitively, as Pelican does; a header value continued on an
    indented line is joined to it.
    """
    known = {key.lower(): key for key in (*HEADER_KEYS, *STATE_KEYS)}
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    lines = text.lstrip("\ufeff").split("\n")
    position = 0
    last: tuple[str, bool] | None = None  # (key, is known)
    for position, line in enumerate(lines):  # noqa: B007
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and last is not None:
            key, is_known = last
            if is_known:
                fields[key] = f"{fields[key]} {line.strip()}".strip()
            else:
                extra[-1] = (key, f"{extra[-1][1]} {line.strip()}".strip())
            continue
        match = _HEADER_LINE.match(line)
        if match is None:  # no header at all: the whole text is the body
            return fields, extra, text if not fields and not extra else "\n".join(lines[position:])
        name, value = match.group(1), match.group(2).strip()
        if name.lower() in known:
            key = known[name.lower()]
            fields[key] = value
            last = (key, True)
        else:
            extra.append((name, value))
            last = (name, False)
    else:
        position = len(lines)
    return fields, extra, "\n".join(lines[position + 1 :])
