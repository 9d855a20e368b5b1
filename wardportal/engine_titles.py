"""What a quick edit (wardportal.engine_edits) of an article's title changes besides the
pages that show the article: the boxes shown on every page and its share card (the
addresses, the redirect pages and the address record are wardportal.engine_moves').

A title is shown on the article's page and in every list, related-news box and neighbour
link that names it: those pages are rendered again from what they were rendered from. Two
things are not pages of that kind:

- "Tin mới nhất" (and the other boxes shown on every page) names the newest articles: when
  its text changes, every page of the site shows the new text. Each page that shows the
  old text once has it replaced (as wardportal.page_memo patches a reused page); a page
  showing it twice or more is not patched by guesswork: the ordinary build runs instead;
- an article without a photo is shared with a card drawn from its title
  (wardportal.share_cards): the new title's card is drawn, and the old one leaves the site
  unless something else still shows it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wardportal.build_state import BuildState
    from wardportal.page_memo import Replay


class Decline(Exception):
    """The edit needs the ordinary build (the message says why)."""


def changed_boxes(articles) -> dict[str, tuple[str, str]]:
    """The boxes whose text the edit changed: name → (old text, new text)."""
    from wardportal.content_rules import EVERY_PAGE_BOXES, box_text

    changed: dict[str, tuple[str, str]] = {}
    for key, partial in EVERY_PAGE_BOXES:
        shown: str = box_text(articles, partial, key)  # Markup: pages copy it as it is
        if articles.context.get(key) != shown:
            changed[key] = (str(articles.context.get(key)), shown)
    return changed


def show_boxes(
    changed: dict[str, tuple[str, str]], generators: Iterable, replays: Iterable[Replay]
) -> None:
    """The boxes' new text set in every context a page renders from: the generators' and
    each kept page's (the next quick edit renders from them)."""
    contexts = {id(g.context): g.context for g in generators if hasattr(g, "context")}
    contexts |= {id(r.context): r.context for r in replays if r.context is not None}
    for context in contexts.values():
        for key, (_, new) in changed.items():
            if key in context:
                context[key] = new


def patch_boxes(
    live: Path,
    changed: dict[str, tuple[str, str]],
    skipped: set[str],
    write: Callable[[str, bytes], None],
    read: Callable[[str, str], bytes],
    files: Iterable[str] | None = None,
) -> dict[str, bytes]:
    """Every page of the live site (but the files in `skipped`, made anew, and the top
    folders named there) with the changed boxes' new text, given to write(file, bytes);
    the files written, and their bytes. read(file, path): a live page's bytes (the page
    memo's: PageMemo.live_data); files: every file of the live site, in the order to
    patch them, if known (else its folders are walked)."""
    from wardportal.page_memo import with_boxes
    from wardportal.spare_site import files_of

    encoded = {name: (old.encode(), new.encode()) for name, (old, new) in changed.items()}
    patched = {}
    for file in files if files is not None else sorted(files_of(live)):
        if not file.endswith(".html") or file in skipped:
            continue
        if file.split(os.sep, 1)[0] in skipped:
            continue
        path = os.path.join(live, file)
        data = read(file, path)
        new = with_boxes(data, encoded, shown=False)
        if new is None:
            raise Decline(f"{file} shows a box's text more than once")
        if new != data:
            write(file, new)
            patched[file] = new
    return patched


def write_into(site: Path) -> Callable[[str, bytes], None]:
    """patch_boxes' write: each file into the folder `site`, made as needed."""

    def write(file: str, data: bytes) -> None:
        target = site / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return write


def renew_cards(state: BuildState, titled: list, generators: Iterable) -> list[str]:
    """The cards of the retitled items drawn into the staged site; the old cards' files no
    longer shown by anything (to leave the site)."""
    if state.cards is None:
        return []
    old = []
    for item in titled:
        if not getattr(item, "image", None) and getattr(item, "share_card", None):
            old.append(item.share_card)
            item.share_card = state.cards.card(item.title)
    state.cards.make_all()
    shown = {card.name for card in _cards_shown(generators)}
    return sorted({card.save_as for card in old if card.name not in shown})


def _cards_shown(generators: Iterable) -> Iterable[Any]:
    from wardportal.content_rules import published_items

    for generator in generators:
        context = getattr(generator, "context", {})
        if context.get("SITE_SHARE_CARD") is not None:
            yield context["SITE_SHARE_CARD"]
        for item in [*published_items(generator), *getattr(generator, "share_entries", list)()]:
            if getattr(item, "share_card", None) is not None:
                yield item.share_card
