"""The Atom feed of honours: the latest entries, newest first, each linking to its page.

Pelican's writer cuts every feed at FEED_MAX_ITEMS (sized for news); the roll has its own
limit, so the feed is written here with the same library Pelican uses.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from feedgenerator import Atom1Feed, get_tag_uri

from wardportal.honours.model import Entry
from wardportal.honours.summary import capfirst
from wardportal.vndates import VIETNAM


def atom_feed(entries: Sequence[Entry], site_url: str, feed_url: str, title: str) -> str:
    """The feed's XML for entries given newest first."""
    feed = Atom1Feed(title=title, link=f"{site_url}/", feed_url=feed_url, description="")
    for entry in entries:
        link = f"{site_url}/{entry.url}"
        moment = dt.datetime.combine(entry.when, dt.time(), tzinfo=VIETNAM)
        line = html.escape(
            f"{capfirst(entry.kind)} – {entry.holder} – {entry.field} – "
            f"{entry.status} cấp {entry.level} (giai đoạn {entry.period.label})",
            quote=False,
        )
        feed.add_item(
            title=entry.title,
            link=link,
            unique_id=get_tag_uri(link, moment),
            description=line,
            content=entry.summary_html or None,
            pubdate=moment,
            author_name=entry.holder,
            categories=[entry.field, entry.kind],
        )
    text: str = feed.writeString("utf-8")  # feedgenerator is untyped
    return text
