"""How an article's workflow state is written in its Markdown header.

Pelican publishes an article unless it says `Status: draft`; so every state but "Đã đăng" keeps
that line, and a `Review:` line (which Pelican ignores) tells the newsroom the rest:

| state       | header lines                                         |
| ----------- | ---------------------------------------------------- |
| Bản nháp    | `Status: draft`                                      |
| Chờ duyệt   | `Status: draft`, `Review: chờ duyệt`                 |
| Bị trả lại  | `Status: draft`, `Review: trả lại`, `Review-Note: …` |
| Đã đăng     | no Status line, no Review line                       |
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from wardportal.vntext import nfc

PENDING_REVIEW = "chờ duyệt"
RETURNED_REVIEW = "trả lại"


class State(Enum):
    """The four states, with the Vietnamese names the pages show; values are URL-safe."""

    DRAFT = "ban-nhap"
    PENDING = "cho-duyet"
    RETURNED = "bi-tra-lai"
    PUBLISHED = "da-dang"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    State.DRAFT: "Bản nháp",
    State.PENDING: "Chờ duyệt",
    State.RETURNED: "Bị trả lại",
    State.PUBLISHED: "Đã đăng",
}


def state_of(fields: Mapping[str, str]) -> State:
    """The state a header says."""
    if fields.get("Status", "").strip().lower() != "draft":
        return State.PUBLISHED
    review = nfc(fields.get("Review", "")).strip().lower()
    if review == PENDING_REVIEW:
        return State.PENDING
    if review == RETURNED_REVIEW:
        return State.RETURNED
    return State.DRAFT


def header_for(state: State, note: str = "") -> dict[str, str]:
    """The Status/Review/Review-Note values that write `state` (empty values are left out)."""
    if state is State.PUBLISHED:
        return {"Status": "", "Review": "", "Review-Note": ""}
    review = {State.PENDING: PENDING_REVIEW, State.RETURNED: RETURNED_REVIEW}.get(state, "")
    return {"Status": "draft", "Review": review, "Review-Note": note if review else ""}
