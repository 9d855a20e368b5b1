"""The honour roll's data: periods, entries and the stages of their history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from wardportal.datafiles.places import Place


@dataclass(frozen=True)
class Period:
    """A stage of the movement, such as 2016–2018."""

    start: int
    end: int

    @property
    def newest_first(self) -> tuple[int, int]:
        """Sort key that puts the latest period first."""
        return (-self.end, -self.start)

    @property
    def slug(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Stage:
    """One step a model went through: registered, recognised, proposed upward, commended."""

    date: dt.date
    status: str
    level: str
    decision: str = ""


@dataclass(eq=False)
class Entry:
    """One model (mô hình) or exemplar (điển hình) on the roll, checked and normalised."""

    title: str
    kind: str
    holder: str
    field: str
    status: str
    level: str
    period: Period
    slug: str
    place: Place
    holder_role: str = ""
    decision: str = ""
    date: dt.date | None = None
    summary: str = ""
    photo: str = ""
    campaign: str = ""
    # dataclasses.field: in this class, `field` is the honour's field (lĩnh vực).
    history: list[Stage] = dataclasses.field(default_factory=list)
    article_refs: list[str] = dataclasses.field(default_factory=list)
    articles_place: Place | None = None
    photo_place: Place | None = None
    # Filled in by the build: the URLs of its page, its period's and its field's, the summary
    # as HTML and as a short plain text (meta description), related news articles.
    url: str = ""
    period_url: str = ""
    field_url: str = ""
    summary_html: str = ""
    description: str = ""
    picture: Any = None  # the photo's responsive copies (the portal's image pipeline)
    photo_url: str = ""  # absolute URL of the photo's largest published copy
    share_card: Any = None  # without a photo: the generated share card (share_cards.Card)
    news: list[Any] = dataclasses.field(default_factory=list)

    @property
    def known_date(self) -> dt.date | None:
        """The date of its decision or of its last stage, when the data gives one."""
        if self.date is not None:
            return self.date
        return self.history[-1].date if self.history else None

    @property
    def when(self) -> dt.date:
        """A date for feeds: the known date, or the first day of its period."""
        return self.known_date or dt.date(self.period.start, 1, 1)
